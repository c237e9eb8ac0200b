import { AdminGetUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  awsClients,
  mailbox,
  PASSWORD,
  person,
  REGISTRATION,
  removeData,
  signIn,
  verifiedPerson,
  type RunningStack,
} from './local-stack';
import { sharedStack } from '../support/shared-stack';

/** The whole onboarding path through the real HTTP API of the local stack (resend interval shortened to 1 s). */

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
let mail: ReturnType<typeof mailbox>;
let sequence = 0;
const uniqueEmail = (domain: string) => `person${Date.now()}${(sequence += 1)}@${domain}`;

beforeAll(async () => {
  stack = await sharedStack({ env: { CODE_RESEND_INTERVAL_SECONDS: '1' } });
  api = apiClient(stack);
  mail = mailbox(stack);
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

async function customerReadyToRegister(domain: string): Promise<{ email: string; token: string }> {
  const email = uniqueEmail(domain);
  const token = await verifiedPerson(stack, email);
  const chosen = await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } });
  expect(chosen.status).toBe(200);
  return { email, token };
}

describe('a work email whose domain one organization owns', () => {
  it('goes from sign-up to an active business account, and only then opens the portal', async () => {
    const email = uniqueEmail('acme.example');

    const signUp = await api('POST', '/v1/signup', { body: person(email.toUpperCase()) });
    expect(signUp.status).toBe(202);
    expect(signUp.body.status).toBe('CODE_SENT');

    const code = await mail.latestCode(email);
    const codeItem = await awsClients(stack).documents.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `EMAIL#${email}`, sk: 'CODE' } }),
    );
    expect(codeItem.Item?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(codeItem.Item)).not.toContain(code);

    const early = await signIn(stack, email, PASSWORD);
    const unverified = await api('GET', '/v1/me', { token: early });
    expect(unverified.body).toMatchObject({
      state: 'VERIFY_EMAIL',
      accessLevel: 'LIMITED',
      emailVerified: false,
    });
    expect(
      (await api('PUT', '/v1/me/access-type', { token: early, body: { accessType: 'PARTNER' } })).body.type,
    ).toBe('/problems/email-not-verified');

    const verified = await api('POST', '/v1/signup/verify', { body: { email, code } });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ state: 'CHOOSE_ACCESS_TYPE', emailVerified: true });
    const user = await awsClients(stack).cognito.send(
      new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: email }),
    );
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value).toBe('true');

    const token = await signIn(stack, email, PASSWORD);
    expect((await api('GET', '/v1/me', { token })).body).toMatchObject({
      state: 'CHOOSE_ACCESS_TYPE',
      accessLevel: 'LIMITED',
      nextStep: { step: 'CHOOSE_ACCESS_TYPE', method: 'PUT', path: '/v1/me/access-type' },
    });
    expect((await api('GET', '/v1/portal/summary', { token })).status).toBe(403);

    const chosen = await api('PUT', '/v1/me/access-type', {
      token,
      body: { accessType: 'CUSTOMER_EMPLOYEE' },
    });
    expect(chosen.body).toMatchObject({ state: 'REGISTER_BUSINESS', accessType: 'CUSTOMER_EMPLOYEE' });
    const blocked = await api('GET', '/v1/portal/summary', { token });
    expect(blocked.status).toBe(403);
    expect(blocked.body.type).toBe('/problems/business-account-required');

    const registered = await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({
      outcome: 'ACTIVE',
      account: {
        state: 'ACTIVE',
        accessLevel: 'FULL',
        // The first person to join the seeded Acme in this fresh stack becomes its administrator.
        organization: { organizationId: 'org-acme', name: 'Acme Manufacturing GmbH', role: 'ADMINISTRATOR' },
      },
    });
    const confirmations = (await mail.emailsTo(email)).filter((m) => m.subject.includes('is active'));
    expect(confirmations).toHaveLength(1);

    const summary = await api('GET', '/v1/portal/summary', { token });
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      organization: { organizationId: 'org-acme' },
      member: { role: 'ADMINISTRATOR' },
    });
    expect((await api('GET', '/v1/me', { token })).body).toMatchObject({
      state: 'ACTIVE',
      accessLevel: 'FULL',
    });

    const me = (await api('GET', '/v1/me', { token })).body as { userId: string };
    const membership = await awsClients(stack).documents.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: 'ORG#org-acme', sk: `MEMBER#${me.userId}` } }),
    );
    expect(membership.Item).toMatchObject({ email, role: 'ADMINISTRATOR' });

    const again = await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/already-active');
  });
});

describe('other registration outcomes', () => {
  it('offers the divisions when several organizations share the domain, and the chosen one opens the portal', async () => {
    const { token } = await customerReadyToRegister('northland.gov.example');
    const registered = await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
    expect(registered.status).toBe(200);
    expect(registered.body.outcome).toBe('CHOOSE_ORGANIZATION');
    expect(registered.body.candidates).toEqual([
      {
        organizationId: 'org-northland-health',
        name: 'Northland Department of Health',
        city: 'Northport',
        country: 'CA',
      },
      {
        organizationId: 'org-northland-transport',
        name: 'Northland Department of Transport',
        city: 'Ridgeville',
        country: 'CA',
      },
      {
        organizationId: 'org-northland-revenue',
        name: 'Northland Revenue Agency',
        city: 'Northport',
        country: 'CA',
      },
    ]);
    expect((await api('GET', '/v1/me', { token })).body).toMatchObject({
      state: 'CHOOSE_ORGANIZATION',
      accessLevel: 'LIMITED',
      nextStep: { step: 'CHOOSE_ORGANIZATION' },
    });
    expect((await api('GET', '/v1/portal/summary', { token })).status).toBe(403);

    const elsewhere = await api('PUT', '/v1/me/organization', {
      token,
      body: { organizationId: 'org-acme' },
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.type).toBe('/problems/organization-not-available');

    const chosen = await api('PUT', '/v1/me/organization', {
      token,
      body: { organizationId: 'org-northland-transport' },
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({
      outcome: 'ACTIVE',
      account: {
        state: 'ACTIVE',
        accessLevel: 'FULL',
        organization: { organizationId: 'org-northland-transport' },
      },
    });
    const summary = await api('GET', '/v1/portal/summary', { token });
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ organization: { name: 'Northland Department of Transport' } });
  });

  it('asks for the organization when no active organization owns the domain', async () => {
    for (const domain of ['globex.example', 'pending.example']) {
      const { token } = await customerReadyToRegister(domain);
      const registered = await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
      expect(registered.status).toBe(200);
      expect(registered.body.outcome).toBe('ORGANIZATION_REQUIRED');
      expect((await api('GET', '/v1/me', { token })).body).toMatchObject({
        state: 'ORGANIZATION_REQUIRED',
        accessLevel: 'LIMITED',
      });
    }
  });

  it('refuses company access to personal and disposable email with a clear 422, leaving a limited account', async () => {
    for (const [domain, kind] of [
      ['gmail.com', 'PERSONAL'],
      ['outlook.com', 'PERSONAL'],
      ['mailinator.com', 'DISPOSABLE'],
    ] as const) {
      const { token } = await customerReadyToRegister(domain);
      const me = await api('GET', '/v1/me', { token });
      expect(me.body).toMatchObject({ accessLevel: 'LIMITED', emailDomain: { domain, kind } });
      expect(me.body.restrictions).toEqual([expect.objectContaining({ code: 'WORK_EMAIL_REQUIRED' })]);

      const registered = await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
      expect(registered.status).toBe(422);
      expect(registered.contentType).toContain('application/problem+json');
      expect(registered.body.type).toBe('/problems/work-email-required');
      expect(registered.body.detail).toMatch(/work email/);
      expect((await api('GET', '/v1/portal/summary', { token })).status).toBe(403);
    }
  });

  it('gives partners the programme references and keeps them limited', async () => {
    const email = uniqueEmail('bridgewater-partners.example');
    const token = await verifiedPerson(stack, email);
    const partner = await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'PARTNER' } });
    expect(partner.status).toBe(200);
    expect(partner.body).toMatchObject({
      state: 'PARTNER_REFERRED',
      accessLevel: 'LIMITED',
      accessType: 'PARTNER',
    });
    expect(partner.body.partnerProgramme).toMatchObject({
      links: expect.arrayContaining([expect.objectContaining({ rel: 'apply' })]),
    });
    const registered = await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
    expect(registered.status).toBe(409);
    expect(registered.body.type).toBe('/problems/partner-access');
  });

  it('lets a person who stopped half way resume at the same step after signing in again', async () => {
    const { email } = await customerReadyToRegister('acme.example');
    const later = await signIn(stack, email, PASSWORD);
    expect((await api('GET', '/v1/me', { token: later })).body).toMatchObject({
      state: 'REGISTER_BUSINESS',
      nextStep: { step: 'REGISTER_BUSINESS', method: 'PUT', path: '/v1/me/registration' },
    });
  });
});

describe('one-time codes and duplicate sign-ups', () => {
  it('kills a code after 5 wrong tries, and a resent code works', async () => {
    const email = uniqueEmail('acme.example');
    await api('POST', '/v1/signup', { body: person(email) });
    const code = await mail.latestCode(email);
    const wrong = code === '000000' ? '111111' : '000000';
    const remaining: unknown[] = [];
    for (let i = 0; i < 5; i += 1) {
      const answer = await api('POST', '/v1/signup/verify', { body: { email, code: wrong } });
      expect(answer.status).toBe(400);
      remaining.push(answer.body.attemptsRemaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const dead = await api('POST', '/v1/signup/verify', { body: { email, code } });
    expect(dead.status).toBe(400);
    expect(dead.body.type).toBe('/problems/code-attempts-exhausted');

    await sleep(1100);
    expect((await api('POST', '/v1/signup/resend', { body: { email } })).status).toBe(202);
    const fresh = await mail.latestCode(email);
    expect((await api('POST', '/v1/signup/verify', { body: { email, code: fresh } })).status).toBe(200);
  });

  it('answers sign-up and resend identically for registered and unknown addresses', async () => {
    const registered = uniqueEmail('acme.example');
    await verifiedPerson(stack, registered);
    const unknown = uniqueEmail('acme.example');
    await sleep(1100);

    const forRegistered = await api('POST', '/v1/signup', {
      body: { ...person(registered), password: 'Another-Passw0rd!' },
    });
    const forUnknown = await api('POST', '/v1/signup/resend', { body: { email: unknown } });
    const resendRegistered = await api('POST', '/v1/signup/resend', { body: { email: registered } });
    expect(forRegistered.status).toBe(202);
    expect(forUnknown.status).toBe(202);
    expect(forRegistered.text).toBe(forUnknown.text);
    expect(resendRegistered.status).toBe(429);

    const notices = (await mail.emailsTo(registered)).filter(
      (m) => m.subject === 'You already have a Portico account',
    );
    expect(notices).toHaveLength(1);
    expect(await mail.emailsTo(unknown)).toHaveLength(0);
    // The existing account keeps its password.
    await expect(signIn(stack, registered, PASSWORD)).resolves.toBeTypeOf('string');
    await expect(signIn(stack, registered, 'Another-Passw0rd!')).rejects.toThrow();
  });

  it('replaces password and code when an unverified address signs up again', async () => {
    const email = uniqueEmail('acme.example');
    await api('POST', '/v1/signup', { body: person(email) });
    const first = await mail.latestCode(email);
    await sleep(1100);
    await api('POST', '/v1/signup', { body: { ...person(email), password: 'Second-Passw0rd!' } });
    const second = await mail.latestCode(email);

    if (first !== second) {
      const old = await api('POST', '/v1/signup/verify', { body: { email, code: first } });
      expect(old.status).toBe(400);
    }
    expect((await api('POST', '/v1/signup/verify', { body: { email, code: second } })).status).toBe(200);
    await expect(signIn(stack, email, 'Second-Passw0rd!')).resolves.toBeTypeOf('string');

    const users = await awsClients(stack).cognito.send(
      new ListUsersCommand({ UserPoolId: stack.userPoolId, Filter: `email = "${email}"` }),
    );
    expect(users.Users).toHaveLength(1);
  });
});
