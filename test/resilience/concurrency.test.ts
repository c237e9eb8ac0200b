import { ListUsersCommand, type UserType } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/core/adapters/dynamodb/table-design';
import {
  apiClient,
  awsClients,
  mailbox,
  PASSWORD,
  person,
  REGISTRATION,
  removeData,
  signIn,
  startStack,
  type RunningStack,
} from '../integration/local-stack';
import { report } from './report';

/**
 * Many requests at the same moment against one local stack (its own, so every count is exact): a burst of
 * sign-ups, repeats of the same addresses among them, must leave exactly one Cognito user, one account and
 * one code per address; a crowd registering into one organization at once must leave exactly one membership
 * per person, a member count equal to them and exactly one administrator; a crowd accepting 50 invitations at
 * once (one of them twice) must leave one membership each and exact member and administrator counts.
 *
 * The resend interval is 0 and the hourly cap at its maximum, so that a repeated sign-up is never refused by
 * the throttle on purpose: whatever is refused is refused by a race.
 */

const SIGNUP_DOMAIN = 'signup-burst.example';
const DISTINCT_ADDRESSES = 150;
const REPEATS = 50;
const REGISTRANTS = 50;
const INVITEES = 50;

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
let clients: ReturnType<typeof awsClients>;

beforeAll(async () => {
  stack = await startStack({
    args: ['--demo-products', '0'],
    env: { CODE_RESEND_INTERVAL_SECONDS: '0', CODE_MAX_SENDS_PER_HOUR: '100' },
  });
  api = apiClient(stack);
  clients = awsClients(stack);
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of the results. */
async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function countBy<T>(items: readonly T[], key: (item: T) => string | number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Every user of the pool (cognito-local answers ListUsers; a test may list, the service never does). */
async function everyPoolUser(): Promise<UserType[]> {
  const users: UserType[] = [];
  let token: string | undefined;
  do {
    const page = await clients.cognito.send(
      new ListUsersCommand({ UserPoolId: stack.userPoolId, PaginationToken: token }),
    );
    users.push(...(page.Users ?? []));
    token = page.PaginationToken;
  } while (token);
  return users;
}

const attribute = (user: UserType, name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;

async function getItem(key: { pk: string; sk: string }) {
  const { Item } = await clients.documents.send(
    new GetCommand({ TableName: stack.tableName, Key: key, ConsistentRead: true }),
  );
  return Item;
}

describe('a burst of sign-ups', () => {
  it('leaves exactly one Cognito user, one account and one live code per address, repeats included', async () => {
    const addresses = Array.from(
      { length: DISTINCT_ADDRESSES },
      (_, index) => `burst${String(index).padStart(3, '0')}@${SIGNUP_DOMAIN}`,
    );
    // Every third address is sent twice, the repeat right behind the first, so that the two race.
    const repeated = addresses.filter((_, index) => index % 3 === 0).slice(0, REPEATS);
    const requests = [...addresses];
    repeated.forEach((address, index) => requests.splice(index * 4 + 1, 0, address));
    expect(requests).toHaveLength(DISTINCT_ADDRESSES + REPEATS);

    const started = Date.now();
    const answers = await Promise.all(
      requests.map((email) => api('POST', '/v1/signup', { body: person(email) })),
    );
    const burstMs = Date.now() - started;

    const statuses = countBy(answers, (answer) => answer.status);
    const refused = answers
      .map((answer, index) => `${answer.status} ${requests[index]}: ${String(answer.body.detail ?? '')}`)
      .filter((line) => !line.startsWith('202 '));
    // Every sign-up is answered 202, first-timers and repeats alike, with the very same answer. Soft: what was
    // stored is checked even when some answers were wrong, so one run shows both.
    expect.soft(refused).toEqual([]);
    const accepted = answers.filter((answer) => answer.status === 202).map((answer) => answer.text);
    expect.soft(new Set(accepted).size).toBe(1);

    // Cognito: one user per address, none for anything else of the burst's domain.
    const poolUsers = (await everyPoolUser()).filter((user) =>
      attribute(user, 'email')?.endsWith(`@${SIGNUP_DOMAIN}`),
    );
    const usersPerAddress = countBy(poolUsers, (user) => attribute(user, 'email') ?? '');
    expect(Object.keys(usersPerAddress).sort()).toEqual([...addresses].sort());
    expect(Object.values(usersPerAddress).every((count) => count === 1)).toBe(true);

    // The table: the code item of each address points at that user, whose account is waiting for the code.
    const subOf = new Map(poolUsers.map((user) => [attribute(user, 'email') ?? '', attribute(user, 'sub')]));
    const stored = await inBatches(addresses, 20, async (email) => {
      const sub = subOf.get(email);
      if (!sub) throw new Error(`no Cognito user for ${email}`);
      const [code, account] = await Promise.all([getItem(keys.code(email)), getItem(keys.user(sub))]);
      return { email, sub, code, account };
    });
    const problems = stored.flatMap(({ email, sub, code, account }) => {
      const found: string[] = [];
      if (!code?.codeHash) found.push(`${email}: no live code`);
      else if (code.userId !== sub) found.push(`${email}: code for ${String(code.userId)}, user is ${sub}`);
      if (!account) found.push(`${email}: no account`);
      else if (account.email !== email || account.state !== 'VERIFY_EMAIL')
        found.push(`${email}: account ${String(account.email)} in ${String(account.state)}`);
      return found;
    });
    expect(problems).toEqual([]);

    // No code was lost: for every address, a code it was emailed opens the account.
    const mail = mailbox(stack);
    const verified = await inBatches(addresses, 10, async (email) => {
      const codes = (await mail.emailsTo(email))
        .map((message) => /verification code: (\d{6})/.exec(message.subject)?.[1])
        .filter((code): code is string => Boolean(code))
        .reverse();
      for (const code of codes) {
        const answer = await api('POST', '/v1/signup/verify', { body: { email, code } });
        if (answer.status === 200) return { email, emailed: codes.length, verified: true };
      }
      return { email, emailed: codes.length, verified: false };
    });
    expect(verified.filter((entry) => !entry.verified).map((entry) => entry.email)).toEqual([]);
    const emailed = verified.reduce((sum, entry) => sum + entry.emailed, 0);

    report('concurrent sign-ups', {
      requests: requests.length,
      distinctAddresses: DISTINCT_ADDRESSES,
      repeats: repeated.length,
      answered202: statuses[202] ?? 0,
      cognitoUsers: poolUsers.length,
      accounts: stored.filter((entry) => entry.account).length,
      codes: stored.filter((entry) => entry.code).length,
      codeEmails: emailed,
      burstWallMs: burstMs,
    });
  });
});

describe('a crowd registering into one organization at once', () => {
  it('activates everyone, with one membership each, an exact member count and one administrator', async () => {
    const emails = Array.from(
      { length: REGISTRANTS },
      (_, index) => `crowd${String(index).padStart(2, '0')}@acme.example`,
    );
    const mail = mailbox(stack);
    const prepareStarted = Date.now();
    const tokens = await inBatches(emails, 10, async (email) => {
      const signUp = await api('POST', '/v1/signup', { body: person(email) });
      if (signUp.status !== 202) throw new Error(`sign-up of ${email}: ${signUp.status} ${signUp.text}`);
      const code = await mail.latestCode(email);
      const verified = await api('POST', '/v1/signup/verify', { body: { email, code } });
      if (verified.status !== 200) throw new Error(`verify ${email}: ${verified.status} ${verified.text}`);
      const token = await signIn(stack, email, PASSWORD);
      const chosen = await api('PUT', '/v1/me/access-type', {
        token,
        body: { accessType: 'CUSTOMER_EMPLOYEE' },
      });
      if (chosen.status !== 200) throw new Error(`access type ${email}: ${chosen.status} ${chosen.text}`);
      return token;
    });
    const prepareMs = Date.now() - prepareStarted;

    const before = await getItem(keys.organization('org-acme'));
    expect(before?.memberCount ?? 0).toBe(0);

    const started = Date.now();
    const answers = await Promise.all(
      tokens.map((token) => api('PUT', '/v1/me/registration', { token, body: REGISTRATION })),
    );
    const burstMs = Date.now() - started;

    const failed = answers
      .map((answer, index) => ({ email: emails[index], status: answer.status, body: answer.text }))
      .filter((answer) => answer.status !== 200 || answer.body.includes('"outcome":"ACTIVE"') === false);
    expect(failed).toEqual([]);

    const memberships: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await clients.documents.send(
        new QueryCommand({
          TableName: stack.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
          ExpressionAttributeValues: { ':pk': 'ORG#org-acme', ':member': 'MEMBER#' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      memberships.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const organization = await getItem(keys.organization('org-acme'));
    const roles = countBy(memberships, (item) => String(item.role));

    expect(memberships).toHaveLength(REGISTRANTS);
    expect(new Set(memberships.map((item) => item.email))).toEqual(new Set(emails));
    expect(organization?.memberCount).toBe(memberships.length);
    expect(roles).toEqual({ ADMINISTRATOR: 1, MEMBER: REGISTRANTS - 1 });
    expect(organization?.administratorCount).toBe(1);

    // Each account agrees with its membership.
    const accounts = await inBatches(memberships, 20, (item) => getItem(keys.user(String(item.userId))));
    const disagreeing = accounts.filter(
      (account, index) =>
        account?.state !== 'ACTIVE' ||
        account.organizationId !== 'org-acme' ||
        account.role !== memberships[index]?.role,
    );
    expect(disagreeing).toEqual([]);

    report('concurrent registrations', {
      registrations: REGISTRANTS,
      answered200Active: REGISTRANTS - failed.length,
      memberships: memberships.length,
      memberCount: Number(organization?.memberCount),
      administrators: roles.ADMINISTRATOR ?? 0,
      administratorCount: Number(organization?.administratorCount),
      prepareWallMs: prepareMs,
      burstWallMs: burstMs,
    });
  });
});

describe('a crowd accepting invitations at once', () => {
  it('makes each invitee a member once (one invitation accepted twice → one membership) with exact counts', async () => {
    const ORG = 'org-northland-health';
    const DOMAIN = 'health.northland.gov.example';
    const mail = mailbox(stack);
    const prepare = async (email: string) => {
      const signUp = await api('POST', '/v1/signup', { body: person(email) });
      if (signUp.status !== 202) throw new Error(`sign-up of ${email}: ${signUp.status} ${signUp.text}`);
      const code = await mail.latestCode(email);
      const verified = await api('POST', '/v1/signup/verify', { body: { email, code } });
      if (verified.status !== 200) throw new Error(`verify ${email}: ${verified.status} ${verified.text}`);
      return signIn(stack, email, PASSWORD);
    };
    // The organization's first person becomes its administrator, then invites 50 addresses in one request.
    const adminToken = await prepare(`head@${DOMAIN}`);
    expect(
      (
        await api('PUT', '/v1/me/access-type', {
          token: adminToken,
          body: { accessType: 'CUSTOMER_EMPLOYEE' },
        })
      ).status,
    ).toBe(200);
    expect((await api('PUT', '/v1/me/registration', { token: adminToken, body: REGISTRATION })).status).toBe(
      200,
    );
    const emails = Array.from(
      { length: INVITEES },
      (_, index) => `invitee${String(index).padStart(2, '0')}@${DOMAIN}`,
    );
    const roleOf = (index: number) => (index % 5 === 0 ? 'ADMINISTRATOR' : 'MEMBER');
    const invited = await api('POST', '/v1/portal/invitations', {
      token: adminToken,
      body: { invitations: emails.map((email, index) => ({ email, role: roleOf(index) })) },
    });
    expect(invited.status).toBe(201);
    const prepareStarted = Date.now();
    const invitees = await inBatches(emails, 10, async (email) => {
      const text = (await mail.emailsTo(email)).find((message) => /invites you/.test(message.subject))?.body
        .text;
      const token = /invitation\?token=([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1];
      if (!token) throw new Error(`no invitation emailed to ${email}`);
      return { email, token, session: await prepare(email) };
    });
    const prepareMs = Date.now() - prepareStarted;

    // Everyone accepts at the same moment; the first invitee accepts twice at once.
    const twice = invitees[0];
    if (!twice) throw new Error('no invitee');
    const accepts = [twice, ...invitees];
    const started = Date.now();
    const answers = await Promise.all(
      accepts.map(({ session, token }) =>
        api('POST', '/v1/invitations/accept', { token: session, body: { token } }),
      ),
    );
    const burstMs = Date.now() - started;

    const [first, second, ...others] = answers;
    expect([first?.status, second?.status].sort()).toEqual([200, expect.any(Number)]);
    expect([404, 409]).toContain([first?.status, second?.status].find((status) => status !== 200));
    expect(others.filter((answer) => answer.status !== 200).map((answer) => answer.text)).toEqual([]);

    const { Items: memberships = [] } = await clients.documents.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
        ExpressionAttributeValues: { ':pk': `ORG#${ORG}`, ':member': 'MEMBER#' },
        ConsistentRead: true,
      }),
    );
    const organization = await getItem(keys.organization(ORG));
    const roles = countBy(memberships, (item) => String(item.role));
    const invitedAdministrators = emails.filter((_, index) => roleOf(index) === 'ADMINISTRATOR').length;
    expect(memberships).toHaveLength(INVITEES + 1);
    expect(new Set(memberships.map((item) => item.email))).toEqual(new Set([`head@${DOMAIN}`, ...emails]));
    expect(roles).toEqual({
      ADMINISTRATOR: invitedAdministrators + 1,
      MEMBER: INVITEES - invitedAdministrators,
    });
    expect(organization?.memberCount).toBe(INVITEES + 1);
    expect(organization?.administratorCount).toBe(invitedAdministrators + 1);
    // No invitation is left pending: each was consumed by its join.
    expect((await api('GET', '/v1/portal/invitations', { token: adminToken })).body).toEqual({ items: [] });

    report('concurrent invitation acceptances', {
      invitations: INVITEES,
      acceptRequests: accepts.length,
      answered200: answers.filter((answer) => answer.status === 200).length,
      memberships: memberships.length,
      memberCount: Number(organization?.memberCount),
      administratorCount: Number(organization?.administratorCount),
      prepareWallMs: prepareMs,
      burstWallMs: burstMs,
    });
  });
});
