import { createRequire } from 'node:module';
import type { Context } from 'cognito-local/lib/services/context';
import type { Services } from 'cognito-local/lib/services';
import type { Route, Router } from 'cognito-local/lib/server/Router';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService';

/**
 * Where cognito-local behaves differently from Cognito in ways Portico depends on, the local server corrects it
 * here (listed in docs/identity.md, "Local parity"; each has a parity test in test/integration/parity.test.ts):
 * - sign-in in any letter case, for a pool whose UsernameConfiguration says CaseSensitive: false (what CDK's
 *   `signInCaseSensitive: false` sets); cognito-local compares exactly;
 * - a disabled user cannot sign in or refresh (NotAuthorizedException "User is disabled."); cognito-local lets
 *   them;
 * - ListUsers answers pages of at most `Limit` (60 by default, as Cognito) with a PaginationToken;
 *   cognito-local answers every user at once and ignores both;
 * - AdminUpdateUserAttributes giving a user an email another user of an email-username pool has: Cognito
 *   refuses it with AliasExistsException; cognito-local would give two users one address;
 * - the ID token carries the user's `locale` (a standard attribute the web client may read, so Cognito puts it
 *   in the token); cognito-local puts only email, email_verified and custom attributes there;
 * - AdminUserGlobalSignOut, which cognito-local lacks: every refresh token of the user stops working
 *   (cognito-local keeps them on the user, as its RevokeToken shows). It does not track access and ID tokens, so
 *   those stay valid until they expire (ID tokens, which the API takes, do on AWS too).
 */

const require = createRequire(import.meta.url);
const { NotAuthorizedError, InvalidParameterError, UserNotFoundError, CognitoError } =
  require('cognito-local/lib/errors') as {
    NotAuthorizedError: new (message?: string) => Error;
    InvalidParameterError: new (message?: string) => Error;
    UserNotFoundError: new (message?: string) => Error;
    CognitoError: new (code: string, message: string) => Error;
  };
const { userToResponseObject } = require('cognito-local/lib/targets/responses') as {
  userToResponseObject: (user: User) => unknown;
};

const folded = (value: string | undefined) => value?.toLowerCase();

/** The standard attributes the web client reads (lib/identity.ts) that cognito-local leaves out of ID tokens. */
const READABLE_STANDARD_CLAIMS = ['locale'] as const;

interface TokenTriggers {
  enabled(name: string): boolean;
  preTokenGeneration(
    ctx: Context,
    event: { readonly userAttributes: readonly { Name: string; Value?: string }[] } & Record<string, unknown>,
  ): Promise<{ claimsOverrideDetails?: { claimsToAddOrOverride?: Record<string, string> } } | undefined>;
}

/**
 * The triggers as cognito-local's token generator sees them: a PreTokenGeneration step always runs, adding the
 * readable standard attributes the user has (READABLE_STANDARD_CLAIMS) before any configured trigger's own
 * overrides, as Cognito's ID token has them.
 */
export function withStandardClaims<T extends TokenTriggers>(triggers: T): T {
  return new Proxy(triggers, {
    get(target, property, receiver) {
      if (property === 'enabled') {
        return (name: string) => name === 'PreTokenGeneration' || target.enabled(name);
      }
      if (property === 'preTokenGeneration') {
        return async (ctx: Context, event: Parameters<TokenTriggers['preTokenGeneration']>[1]) => {
          const standard: Record<string, string> = {};
          for (const claim of READABLE_STANDARD_CLAIMS) {
            const value = event.userAttributes.find((attribute) => attribute.Name === claim)?.Value;
            if (value !== undefined) standard[claim] = value;
          }
          const configured = target.enabled('PreTokenGeneration')
            ? await target.preTokenGeneration(ctx, event)
            : undefined;
          return {
            ...configured,
            claimsOverrideDetails: {
              ...configured?.claimsOverrideDetails,
              claimsToAddOrOverride: {
                ...standard,
                ...configured?.claimsOverrideDetails?.claimsToAddOrOverride,
              },
            },
          };
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/**
 * Makes `getUserByUsername` (which every target uses to find a user: sign-in, admin calls, sign-up's "exists
 * already") fold letter case when the pool says so.
 */
export function withCaseInsensitiveSignIn(pool: UserPoolService): UserPoolService {
  if (pool.options.UsernameConfiguration?.CaseSensitive !== false) return pool;
  const exact = pool.getUserByUsername.bind(pool);
  pool.getUserByUsername = async (ctx: Context, username: string): Promise<User | null> => {
    const found = await exact(ctx, username);
    if (found) return found;
    const wanted = folded(username);
    const users = await pool.listUsers(ctx);
    return (
      users.find(
        (user) =>
          folded(user.Username) === wanted ||
          user.Attributes.some(
            (attribute) => attribute.Name === 'email' && folded(attribute.Value) === wanted,
          ),
      ) ?? null
    );
  };
  return pool;
}

/** Cognito's ListUsers page size: 60 at most, and by default. */
export const LIST_USERS_MAX_LIMIT = 60;

interface ListUsersRequest {
  readonly UserPoolId: string;
  readonly Filter?: string;
  readonly Limit?: number;
  readonly PaginationToken?: string;
}

/**
 * One page of `users` (in a stable order: by Username) after `token`, as Cognito pages ListUsers. The token is
 * opaque to callers: the last Username of the page, base64url.
 */
export function pageOfUsers<T extends { readonly Username: string }>(
  users: readonly T[],
  request: { readonly Limit?: number | undefined; readonly PaginationToken?: string | undefined },
): { readonly users: T[]; readonly paginationToken?: string } {
  const limit = request.Limit ?? LIST_USERS_MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 0 || limit > LIST_USERS_MAX_LIMIT) {
    throw new InvalidParameterError(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${LIST_USERS_MAX_LIMIT}`,
    );
  }
  const sorted = [...users].sort((a, b) => (a.Username < b.Username ? -1 : a.Username > b.Username ? 1 : 0));
  let start = 0;
  if (request.PaginationToken !== undefined) {
    const after = Buffer.from(request.PaginationToken, 'base64url').toString('utf8');
    if (!after) throw new InvalidParameterError('Invalid pagination token.');
    start = sorted.findIndex((user) => user.Username > after);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + (limit || LIST_USERS_MAX_LIMIT));
  const last = page.at(-1);
  return start + page.length < sorted.length && last
    ? { users: page, paginationToken: Buffer.from(last.Username, 'utf8').toString('base64url') }
    : { users: page };
}

async function userOfAuthRequest(
  services: Services,
  ctx: Context,
  request: {
    ClientId?: string;
    UserPoolId?: string;
    AuthFlow?: string;
    AuthParameters?: Record<string, string>;
  },
): Promise<User | null> {
  const pool = request.UserPoolId
    ? await services.cognito.getUserPool(ctx, request.UserPoolId)
    : request.ClientId
      ? await services.cognito.getUserPoolForClientId(ctx, request.ClientId)
      : undefined;
  if (!pool) return null;
  const parameters = request.AuthParameters ?? {};
  if (parameters.REFRESH_TOKEN) return pool.getUserByRefreshToken(ctx, parameters.REFRESH_TOKEN);
  if (parameters.USERNAME) return pool.getUserByUsername(ctx, parameters.USERNAME);
  return null;
}

interface AttributeChange {
  readonly Name: string;
  readonly Value?: string;
}

/** The router of cognito-local with the corrections above. */
export function parityRouter(router: Router, services: Services): Router {
  const refuseDisabled =
    (route: Route): Route =>
    async (ctx, request) => {
      const user = await userOfAuthRequest(services, ctx, request).catch(() => null);
      if (user && user.Enabled === false) throw new NotAuthorizedError('User is disabled.');
      return route(ctx, request);
    };
  const listUsers: Route = async (ctx, request: ListUsersRequest) => {
    const pool = await services.cognito.getUserPool(ctx, request.UserPoolId);
    const page = pageOfUsers(await pool.listUsers(ctx, request.Filter), request);
    return {
      Users: page.users.map(userToResponseObject),
      ...(page.paginationToken ? { PaginationToken: page.paginationToken } : {}),
    };
  };
  const globalSignOut: Route = async (ctx, request: { UserPoolId: string; Username: string }) => {
    const pool = await services.cognito.getUserPool(ctx, request.UserPoolId);
    const user = await pool.getUserByUsername(ctx, request.Username);
    if (!user) throw new UserNotFoundError('User does not exist.');
    await pool.saveUser(ctx, { ...user, RefreshTokens: [] });
    return {};
  };
  const refuseTakenEmail =
    (route: Route): Route =>
    async (ctx, request: { UserPoolId: string; Username: string; UserAttributes?: AttributeChange[] }) => {
      const email = folded(request.UserAttributes?.find((attribute) => attribute.Name === 'email')?.Value);
      const pool = await services.cognito.getUserPool(ctx, request.UserPoolId);
      if (email && pool.options.UsernameAttributes?.includes('email')) {
        const user = await pool.getUserByUsername(ctx, request.Username);
        const holder = (await pool.listUsers(ctx)).find((candidate) =>
          candidate.Attributes.some(
            (attribute) => attribute.Name === 'email' && folded(attribute.Value) === email,
          ),
        );
        if (user && holder && holder.Username !== user.Username) {
          throw new CognitoError('AliasExistsException', 'An account with the given email already exists.');
        }
      }
      return route(ctx, request);
    };
  return (target) => {
    if (target === 'AdminUpdateUserAttributes') return refuseTakenEmail(router(target));
    if (target === 'InitiateAuth' || target === 'AdminInitiateAuth') return refuseDisabled(router(target));
    if (target === 'ListUsers') return listUsers;
    if (target === 'AdminUserGlobalSignOut') return globalSignOut;
    return router(target);
  };
}
