import {
  AdminGetUserCommand,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/core/adapters/dynamodb/table-design';
import {
  apiClient,
  type ApiAnswer,
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
import { report } from '../resilience/report';

/**
 * The kill test (issue 21): the local stack, started as `npm start` starts it (its own process group, its own
 * data folder, free ports), is killed with SIGKILL of its whole process group while 20 colleagues of one
 * organization sign up, verify and register at once (20 rather than 40, to fit `npm test`).
 * Started again on the same folder:
 * - every request answered 2xx before the kill is still in effect, in Cognito and in DynamoDB;
 * - nobody half-way is stuck: everyone finishes (signing up again sends a new code, verifying, choosing,
 *   registering);
 * - the counts are exact: one Cognito user and one membership per person, one administrator.
 */

const PEOPLE = 20;
/**
 * Acknowledged steps (of 4 per person, 80 in all) after which the stack is killed: mid-burst, once registrations
 * (transactions) are being answered (a run with 55 killed before any was).
 */
const KILL_AFTER_ACKNOWLEDGED = 65;
const ORGANIZATION = 'org-acme';
const STACK_ENV = { CODE_RESEND_INTERVAL_SECONDS: '0', CODE_MAX_SENDS_PER_HOUR: '100' };

type Step = 'signedUp' | 'verified' | 'choseAccessType' | 'registered';

/**
 * A client retries 503 (the function's early timeout: "retry", as the API documents) with a bounded backoff, as
 * a real client does on a loaded machine or while a just-started stack warms up: 250 ms, then doubling, 6 tries
 * in all (about 8 s of waiting at most). Any other answer is the answer.
 */
const RETRIES_AFTER_503 = 5;
async function retrying503(call: () => Promise<ApiAnswer>, count: () => void): Promise<ApiAnswer> {
  let answer = await call();
  for (let retry = 0; retry < RETRIES_AFTER_503 && answer.status === 503; retry++) {
    count();
    await new Promise((resolveWait) => setTimeout(resolveWait, 250 * 2 ** retry));
    answer = await call();
  }
  return answer;
}

let stack: RunningStack | undefined;

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

type Attributes = UserType['Attributes'];
const attribute = (user: { Attributes?: Attributes; UserAttributes?: Attributes }, name: string) =>
  (user.Attributes ?? user.UserAttributes)?.find((a) => a.Name === name)?.Value;

describe('kill -9 of the local stack mid-burst', () => {
  it('keeps every acknowledged write, leaves nobody stuck and the counts exact', async () => {
    const run = Date.now().toString(36);
    const emails = Array.from({ length: PEOPLE }, (_, n) => `kill-${run}-${n}@acme.example`);
    // Where the wall time goes, reported at the end (docs/performance.md).
    const phases: Record<string, number> = {};
    let phaseStarted = Date.now();
    const phase = (name: string) => {
      phases[`${name}Ms`] = Date.now() - phaseStarted;
      phaseStarted = Date.now();
    };
    const first = await startStack({ processGroup: true, args: ['--demo-products', '0'], env: STACK_ENV });
    stack = first;
    phase('firstStart');

    // The burst: everyone's journey at once; each 2xx is recorded the moment it arrives.
    const acknowledged = new Map<string, Set<Step>>(emails.map((email) => [email, new Set()]));
    let acknowledgedCount = 0;
    let killed: Promise<void> | undefined;
    const acknowledge = (email: string, step: Step) => {
      if (killed) return; // answered after the kill started: not counted as acknowledged before it
      acknowledged.get(email)?.add(step);
      acknowledgedCount += 1;
      if (acknowledgedCount >= KILL_AFTER_ACKNOWLEDGED) killed = first.kill();
    };
    // Clients as real ones: a 503 is retried with a bounded backoff (and a registration's documented 409), in
    // the burst as after the restart, so a loaded machine slows the burst down but does not end it early.
    let retriesAfter503 = 0;
    let registrationRetries = 0;
    let doneDespite503 = 0;
    const clientOf = (running: RunningStack) => {
      const api = apiClient(running);
      const call = (...args: Parameters<typeof api>) =>
        retrying503(
          () => api(...args),
          () => (retriesAfter503 += 1),
        );
      // A registration answered 503 may have been done all the same (the function's early timeout answers while
      // the write completes): its retry then answers 409 already-active, which tells the client it is done.
      const register = async (token: string): Promise<ApiAnswer> => {
        let unavailable = false;
        const attempt = () =>
          retrying503(
            () => api('PUT', '/v1/me/registration', { token, body: REGISTRATION }),
            () => {
              retriesAfter503 += 1;
              unavailable = true;
            },
          );
        let registered = await attempt();
        for (let retry = 0; retry < 3 && registered.status === 409; retry++) {
          if (unavailable && registered.body.type === '/problems/already-active') {
            doneDespite503 += 1;
            return { ...registered, status: 200 };
          }
          registrationRetries += 1;
          registered = await attempt();
        }
        return registered;
      };
      return { call, register };
    };
    const client = clientOf(first);
    const mail = mailbox(first);
    const refusedInBurst: string[] = [];
    const expectAnswer = (answer: ApiAnswer, status: number, step: string) => {
      if (answer.status === status) return true;
      if (!killed) refusedInBurst.push(`${step} ${answer.status}`);
      return false;
    };
    const journey = async (email: string) => {
      const signUp = await client.call('POST', '/v1/signup', { body: person(email) });
      if (!expectAnswer(signUp, 202, 'sign-up')) return;
      acknowledge(email, 'signedUp');
      const code = await mail.latestCode(email);
      const verified = await client.call('POST', '/v1/signup/verify', { body: { email, code } });
      if (!expectAnswer(verified, 200, 'verify')) return;
      acknowledge(email, 'verified');
      const token = await signIn(first, email, PASSWORD);
      const chosen = await client.call('PUT', '/v1/me/access-type', {
        token,
        body: { accessType: 'CUSTOMER_EMPLOYEE' },
      });
      if (!expectAnswer(chosen, 200, 'access type')) return;
      acknowledge(email, 'choseAccessType');
      if (expectAnswer(await client.register(token), 200, 'registration')) acknowledge(email, 'registered');
    };
    await Promise.all(emails.map((email) => journey(email).catch(() => undefined)));
    expect(
      killed,
      `the stack was killed mid-burst (refused before: ${refusedInBurst.join(', ')})`,
    ).toBeDefined();
    await killed;
    phase('burst');

    // Started again on the same data folder.
    const second = await startStack({
      dataDirectory: first.dataDirectory,
      args: ['--demo-products', '0'],
      env: STACK_ENV,
    });
    stack = second;
    phase('restart');
    const { cognito, documents } = awsClients(second);
    const getItem = async (key: { pk: string; sk: string }) =>
      (await documents.send(new GetCommand({ TableName: second.tableName, Key: key, ConsistentRead: true })))
        .Item;

    // 1. Every acknowledged step is still in effect (everyone checked at once).
    const lost: string[] = [];
    const check = async (email: string, steps: Set<Step>) => {
      if (!steps.size) return;
      const user = await cognito
        .send(new AdminGetUserCommand({ UserPoolId: second.userPoolId, Username: email }))
        .catch(() => undefined);
      const sub = user && attribute(user, 'sub');
      const account = sub ? await getItem(keys.user(sub)) : undefined;
      if (!user || !account) {
        lost.push(`${email}: signed up, but ${user ? 'no account' : 'no Cognito user'}`);
        return;
      }
      if (steps.has('verified')) {
        if (attribute(user, 'email_verified') !== 'true') lost.push(`${email}: verified, Cognito says not`);
        if (account.state === 'VERIFY_EMAIL') lost.push(`${email}: verified, account still VERIFY_EMAIL`);
      }
      if (steps.has('choseAccessType') && !['REGISTER_BUSINESS', 'ACTIVE'].includes(String(account.state))) {
        lost.push(`${email}: chose the access type, account in ${String(account.state)}`);
      }
      if (steps.has('registered')) {
        const membership = await getItem(keys.membership(ORGANIZATION, String(sub)));
        if (account.state !== 'ACTIVE' || !membership) {
          lost.push(
            `${email}: registered, not a member (account ${String(account.state)}, membership ${membership ? 'kept' : 'missing'})`,
          );
        }
      }
    };
    await Promise.all([...acknowledged].map(([email, steps]) => check(email, steps)));
    expect(lost).toEqual([]);
    phase('check');

    // 2. Nobody is stuck: everyone finishes from wherever the kill left them, as a client would (a 503 is
    // retried with a bounded backoff while the restarted stack warms up; nothing else is retried but the
    // registration's documented 409).
    const { call, register } = clientOf(second);
    const mail2 = mailbox(second);
    const stuck: string[] = [];
    await Promise.all(
      emails.map(async (email) => {
        const signUp = await call('POST', '/v1/signup', { body: person(email) });
        if (signUp.status !== 202) return stuck.push(`${email}: sign-up again answered ${signUp.status}`);
        let token = await signIn(second, email, PASSWORD);
        let me = await call('GET', '/v1/me', { token });
        if (me.body.state === 'VERIFY_EMAIL') {
          const code = await mail2.latestCode(email);
          const verified = await call('POST', '/v1/signup/verify', { body: { email, code } });
          if (verified.status !== 200) return stuck.push(`${email}: verify answered ${verified.status}`);
          token = await signIn(second, email, PASSWORD);
          me = await call('GET', '/v1/me', { token });
        }
        if (me.body.state === 'CHOOSE_ACCESS_TYPE') {
          const chosen = await call('PUT', '/v1/me/access-type', {
            token,
            body: { accessType: 'CUSTOMER_EMPLOYEE' },
          });
          if (chosen.status !== 200) return stuck.push(`${email}: access type answered ${chosen.status}`);
          me = await call('GET', '/v1/me', { token });
        }
        if (me.body.state === 'REGISTER_BUSINESS') {
          // Many people joining one organization at once: a transaction that lost too many races answers 409
          // "retry", as the API documents; a client retries (register).
          const registered = await register(token);
          if (registered.status !== 200) {
            return stuck.push(`${email}: registration answered ${registered.status} ${registered.text}`);
          }
          me = await call('GET', '/v1/me', { token });
        }
        if (me.body.state !== 'ACTIVE') stuck.push(`${email}: ${me.status} ${me.text}`);
        return undefined;
      }),
    );
    expect(stuck).toEqual([]);
    phase('finish');

    // 3. Exact counts: one Cognito user per person, one membership each, one administrator.
    const users: UserType[] = [];
    let paginationToken: string | undefined;
    do {
      const page = await cognito.send(
        new ListUsersCommand({ UserPoolId: second.userPoolId, PaginationToken: paginationToken }),
      );
      users.push(...(page.Users ?? []));
      paginationToken = page.PaginationToken;
    } while (paginationToken);
    const ours = users
      .map((user) => attribute(user, 'email'))
      .filter((email) => email?.startsWith(`kill-${run}-`));
    expect(ours.sort()).toEqual([...emails].sort());

    const memberships: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new QueryCommand({
          TableName: second.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
          ExpressionAttributeValues: { ':pk': `ORG#${ORGANIZATION}`, ':member': 'MEMBER#' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      memberships.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const organization = await getItem(keys.organization(ORGANIZATION));
    expect(memberships.map((item) => item.email).sort()).toEqual([...emails].sort());
    expect(organization?.memberCount).toBe(PEOPLE);
    expect(organization?.administratorCount).toBe(1);
    expect(memberships.filter((item) => item.role === 'ADMINISTRATOR')).toHaveLength(1);

    phase('counts');
    const steps = [...acknowledged.values()];
    report('kill -9 mid-burst', {
      people: PEOPLE,
      acknowledgedBeforeKill: acknowledgedCount,
      signedUp: steps.filter((s) => s.has('signedUp')).length,
      verified: steps.filter((s) => s.has('verified')).length,
      choseAccessType: steps.filter((s) => s.has('choseAccessType')).length,
      registered: steps.filter((s) => s.has('registered')).length,
      lostAfterRestart: lost.length,
      stuck: stuck.length,
      refusedInBurst: refusedInBurst.length,
      retriesAfter503,
      registrationRetries,
      doneDespite503,
      ...phases,
    });
  });
});
