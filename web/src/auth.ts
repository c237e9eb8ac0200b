import type { ClientConfig } from './config';
import { t } from './i18n';

/**
 * Signing in with Cognito's JSON API over plain fetch (InitiateAuth, USER_PASSWORD_AUTH; REFRESH_TOKEN_AUTH
 * to renew), without the AWS SDK. The session lives in memory and in sessionStorage: it survives a reload of
 * this tab, is not shared with other tabs, and is gone when the tab closes (see web/README.md).
 */

export interface Session {
  readonly email: string;
  /** The Cognito ID token: the API's Bearer token. */
  readonly idToken: string;
  readonly refreshToken?: string;
  /** Epoch milliseconds after which the ID token is no longer accepted. */
  readonly expiresAt: number;
}

/** A refusal from Cognito, e.g. `NotAuthorizedException` for a wrong email or password. */
export class CognitoError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CognitoError';
  }
}

const STORAGE_KEY = 'portico.session';

interface AuthenticationResult {
  IdToken?: string;
  RefreshToken?: string;
  ExpiresIn?: number;
}

async function initiateAuth(
  config: ClientConfig,
  flow: 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH',
  parameters: Record<string, string>,
): Promise<AuthenticationResult> {
  let response: Response;
  try {
    response = await fetch(config.cognitoEndpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({ AuthFlow: flow, ClientId: config.userPoolClientId, AuthParameters: parameters }),
    });
  } catch {
    throw new CognitoError('NetworkError', t('auth.unreachable'));
  }
  const answer = (await response.json().catch(() => ({}))) as {
    AuthenticationResult?: AuthenticationResult;
    ChallengeName?: string;
    __type?: string;
    message?: string;
  };
  if (!response.ok) {
    const code = (answer.__type ?? 'UnknownError').split('#').pop() ?? 'UnknownError';
    throw new CognitoError(code, messageFor(code, answer.message));
  }
  if (answer.ChallengeName || !answer.AuthenticationResult?.IdToken) {
    throw new CognitoError(answer.ChallengeName ?? 'NoToken', t('auth.challenge'));
  }
  return answer.AuthenticationResult;
}

function messageFor(code: string, message: string | undefined): string {
  switch (code) {
    // InvalidPasswordException is cognito-local's answer to a wrong password.
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
    case 'InvalidPasswordException':
      return t('auth.incorrect');
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return t('auth.tooMany');
    case 'PasswordResetRequiredException':
      return t('auth.resetRequired');
    default:
      return message ?? t('auth.failed');
  }
}

function sessionOf(email: string, result: AuthenticationResult, refreshToken?: string): Session {
  const token = refreshToken ?? result.RefreshToken;
  return {
    email,
    idToken: result.IdToken ?? '',
    ...(token ? { refreshToken: token } : {}),
    expiresAt: Date.now() + (result.ExpiresIn ?? 3600) * 1000,
  };
}

export async function signIn(config: ClientConfig, email: string, password: string): Promise<Session> {
  const result = await initiateAuth(config, 'USER_PASSWORD_AUTH', { USERNAME: email, PASSWORD: password });
  return sessionOf(email, result);
}

/** A fresh ID token from the refresh token (which Cognito does not rotate here, so it is kept). */
export async function refresh(config: ClientConfig, session: Session): Promise<Session> {
  if (!session.refreshToken) throw new CognitoError('NoRefreshToken', t('auth.signInAgain'));
  const result = await initiateAuth(config, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: session.refreshToken });
  return sessionOf(session.email, result, session.refreshToken);
}

export function loadSession(): Session | undefined {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    return stored ? (JSON.parse(stored) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
}

/**
 * The Cognito groups the session's ID token names (`cognito:groups`), read without verifying it: only to show
 * or hide pages (the operator console); the API checks the token and stays the authority.
 */
export function groupsOf(session: Session | undefined): string[] {
  const groups = claimsOf(session)['cognito:groups'];
  return Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [];
}

/**
 * The organization the session's ID token names (`portico:organization`, added when Cognito issues it), read
 * without verifying it: only to tell when the tokens are older than the account's organization.
 */
export function organizationOf(session: Session | undefined): string | undefined {
  const organization = claimsOf(session)['portico:organization'];
  return typeof organization === 'string' ? organization : undefined;
}

function claimsOf(session: Session | undefined): Record<string, unknown> {
  const payload = session?.idToken.split('.')[1];
  if (!payload) return {};
  try {
    const claims: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const OPERATORS_GROUP = 'operators';
