import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import {
  apiClient,
  awsClients,
  mailbox,
  REGISTRATION,
  removeData,
  signIn,
  startStack,
  type ApiAnswer,
  verifiedPerson,
  type RunningStack,
} from './local-stack';

/**
 * A new organization through the real HTTP API of the local stack: the review workflow synthesized by CDK runs
 * in the local Step Functions emulator, an operator decides over HTTP, and the requesters follow it in
 * GET /v1/me and in their mailbox. Review days last 3 seconds and the workflow checks every second.
 */

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
let mail: ReturnType<typeof mailbox>;
let operatorToken: string;
let sequence = 0;
const uniqueDomain = () => `org${Date.now()}${(sequence += 1)}.example`;

beforeAll(async () => {
  stack = await startStack({
    env: { CODE_RESEND_INTERVAL_SECONDS: '1' },
    args: ['--review-day-seconds', '3', '--review-check-seconds', '1'],
  });
  api = apiClient(stack);
  mail = mailbox(stack);
  operatorToken = await signIn(stack, stack.operator.email, stack.operator.password);
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

const ORGANIZATION = {
  legalName: 'Globex Corporation',
  address: { line1: '1 Globex Way', city: 'Cypress Creek', postalCode: '90210' },
  country: 'US',
  website: 'https://globex.example',
  phone: '+1 555 0100',
  dunsNumber: '123456789',
};

/** Signs up, verifies, chooses customer access and submits the business registration. */
async function registeredPerson(domain: string, firstName: string) {
  const email = `${firstName.toLowerCase()}@${domain}`;
  const token = await verifiedPerson(stack, email, { firstName });
  await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } });
  const registration = await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
  return { email, token, registration };
}

/** A person whose domain no organization owns: the account ends at ORGANIZATION_REQUIRED. */
async function seekerOf(domain: string, firstName: string): Promise<{ email: string; token: string }> {
  const { email, token, registration } = await registeredPerson(domain, firstName);
  expect(registration.body).toMatchObject({ outcome: 'ORGANIZATION_REQUIRED' });
  return { email, token };
}

async function eventually(
  read: () => Promise<ApiAnswer>,
  done: (answer: ApiAnswer) => boolean,
  timeoutMs = 30_000,
): Promise<ApiAnswer> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const answer = await read();
    if (done(answer)) return answer;
    if (Date.now() > until) throw new Error(`gave up waiting; last answer: ${answer.text}`);
    await sleep(250);
  }
}

const stageOf = (answer: ApiAnswer) =>
  (answer.body.organizationRequest as { stage?: string } | null | undefined)?.stage;

async function subjectsTo(address: string): Promise<string[]> {
  return (await mail.emailsTo(address)).map((email) => email.subject);
}

/** The open requests for `domain` as operators list them: id and requesters' addresses. */
async function openRequestsFor(domain: string) {
  const open = await api('GET', '/v1/operator/organization-requests?status=open&limit=100', {
    token: operatorToken,
  });
  expect(open.status).toBe(200);
  return (open.body.items as { requestId: string; domain: string; requesters: { email: string }[] }[])
    .filter((item) => item.domain === domain)
    .map((item) => ({
      requestId: item.requestId,
      requesters: item.requesters.map((requester) => ({ email: requester.email })),
    }));
}

describe('a new organization', () => {
  it('submitted by two colleagues at the same moment is one open request with both of them', async () => {
    const domain = uniqueDomain();
    const ada = await seekerOf(domain, 'Ada');
    const bob = await seekerOf(domain, 'Bob');

    const answers = await Promise.all(
      [ada, bob].map((person) =>
        api('POST', '/v1/organization-requests', { token: person.token, body: ORGANIZATION }),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
    const ids = answers.map((answer) => (answer.body.organizationRequest as { requestId: string }).requestId);
    expect(ids[1]).toBe(ids[0]);
    const open = await openRequestsFor(domain);
    expect(open).toHaveLength(1);
    expect(open[0]?.requestId).toBe(ids[0]);
    expect(open[0]?.requesters.map((requester) => requester.email).sort()).toEqual(
      [ada.email, bob.email].sort(),
    );
  });

  it('is reviewed: two colleagues wait for one request, an operator approves, both get the portal', async () => {
    const domain = uniqueDomain();
    const ada = await seekerOf(domain, 'Ada');
    const bob = await seekerOf(domain, 'Bob');

    const submitted = await api('POST', '/v1/organization-requests', {
      token: ada.token,
      body: ORGANIZATION,
    });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({
      state: 'PENDING_ORGANIZATION',
      accessLevel: 'LIMITED',
      organizationRequest: { stage: 'SUBMITTED', domain, organization: { legalName: 'Globex Corporation' } },
    });
    const requestId = (submitted.body.organizationRequest as { requestId: string }).requestId;
    const again = await api('POST', '/v1/organization-requests', { token: ada.token, body: ORGANIZATION });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ organizationRequest: { requestId } });

    await eventually(
      () => api('GET', '/v1/me', { token: ada.token }),
      (me) => stageOf(me) === 'IN_REVIEW',
    );
    // Bob's request for the same domain joins Ada's at submission: the answer is her request, at once, and
    // operators never see a second open request for the domain.
    const joined = await api('POST', '/v1/organization-requests', { token: bob.token, body: ORGANIZATION });
    expect(joined.status).toBe(202);
    expect(joined.body).toMatchObject({ state: 'PENDING_ORGANIZATION', organizationRequest: { requestId } });
    expect(await openRequestsFor(domain)).toEqual([
      { requestId, requesters: [{ email: ada.email }, { email: bob.email }] },
    ]);
    expect((await api('GET', '/v1/me', { token: bob.token })).body).toMatchObject({
      organizationRequest: { requestId, stage: 'IN_REVIEW' },
    });
    expect((await api('GET', '/v1/portal/summary', { token: ada.token })).status).toBe(403);

    // Operators only: a requester cannot list or decide.
    expect((await api('GET', '/v1/operator/organization-requests', { token: ada.token })).status).toBe(403);
    const open = await api('GET', '/v1/operator/organization-requests?status=open&limit=100', {
      token: operatorToken,
    });
    expect(open.status).toBe(200);
    const listed = (open.body.items as { requestId: string; requesters: { email: string }[] }[]).find(
      (item) => item.requestId === requestId,
    );
    expect(listed?.requesters.map((requester) => requester.email)).toEqual([ada.email, bob.email]);

    const decision = `/v1/operator/organization-requests/${requestId}/decision`;
    const approved = await api('POST', decision, { token: operatorToken, body: { outcome: 'APPROVE' } });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({
      decision: { outcome: 'APPROVED', decidedBy: { email: stack.operator.email } },
    });
    expect((await api('POST', decision, { token: operatorToken, body: { outcome: 'APPROVE' } })).status).toBe(
      200,
    );
    const contrary = await api('POST', decision, {
      token: operatorToken,
      body: { outcome: 'REJECT', reason: 'Changed my mind' },
    });
    expect(contrary.status).toBe(409);
    expect(contrary.body.type).toBe('/problems/decision-already-recorded');

    const adaActive = await eventually(
      () => api('GET', '/v1/me', { token: ada.token }),
      (me) => stageOf(me) === 'ACTIVATED',
    );
    expect(adaActive.body).toMatchObject({
      accessLevel: 'FULL',
      organization: { name: 'Globex Corporation', role: 'ADMINISTRATOR' },
      organizationRequest: { stage: 'ACTIVATED', outcome: { decision: 'APPROVED' } },
    });
    const bobActive = await eventually(
      () => api('GET', '/v1/me', { token: bob.token }),
      (me) => me.body.state === 'ACTIVE',
    );
    expect(bobActive.body).toMatchObject({ organization: { role: 'MEMBER' } });
    expect((await api('GET', '/v1/portal/summary', { token: bob.token })).status).toBe(200);

    expect(await subjectsTo(ada.email)).toEqual(
      expect.arrayContaining([
        'We received your request for Globex Corporation',
        'Globex Corporation is approved: your business account is active',
      ]),
    );
    expect(await subjectsTo(bob.email)).toEqual(
      expect.arrayContaining([
        'Your request joined the review of Globex Corporation',
        'Globex Corporation is approved: your business account is active',
      ]),
    );
    expect(await subjectsTo('reviewers@portico.example')).toContain(
      `Organization request to review: Globex Corporation (${domain})`,
    );

    // The organization now owns the domain: a third colleague joins it at registration, at once.
    const carol = (await registeredPerson(domain, 'Carol')).registration;
    expect(carol.body).toMatchObject({
      outcome: 'ACTIVE',
      account: { organization: { name: 'Globex Corporation' } },
    });

    const detail = await api('GET', `/v1/operator/organization-requests/${requestId}`, {
      token: operatorToken,
    });
    expect((detail.body.history as { event: string }[]).map((event) => event.event)).toEqual(
      expect.arrayContaining([
        'SUBMITTED',
        'IN_REVIEW',
        'REVIEWERS_NOTIFIED',
        'REQUESTERS_JOINED',
        'APPROVED',
        'ACTIVATED',
      ]),
    );
  });

  it('is rejected with a reason, which the requester reads, and can register again', async () => {
    const domain = uniqueDomain();
    const dan = await seekerOf(domain, 'Dan');
    const submitted = await api('POST', '/v1/organization-requests', {
      token: dan.token,
      body: ORGANIZATION,
    });
    const requestId = (submitted.body.organizationRequest as { requestId: string }).requestId;
    await eventually(
      () => api('GET', '/v1/me', { token: dan.token }),
      (me) => stageOf(me) === 'IN_REVIEW',
    );

    const rejected = await api('POST', `/v1/operator/organization-requests/${requestId}/decision`, {
      token: operatorToken,
      body: { outcome: 'REJECT', reason: 'We could not find Globex in the company registry.' },
    });
    expect(rejected.status).toBe(201);

    const me = await eventually(
      () => api('GET', '/v1/me', { token: dan.token }),
      (answer) => stageOf(answer) === 'REJECTED',
    );
    expect(me.body).toMatchObject({
      state: 'REGISTER_BUSINESS',
      accessLevel: 'LIMITED',
      organizationRequest: {
        stage: 'REJECTED',
        outcome: { decision: 'REJECTED', reason: 'We could not find Globex in the company registry.' },
      },
    });
    expect(me.body.organizationRequest).not.toHaveProperty('decidedBy');
    const [rejection] = (await mail.emailsTo(dan.email)).filter((email) =>
      email.subject.startsWith('We could not'),
    );
    expect(rejection?.body.text).toContain('We could not find Globex in the company registry.');
    const again = await api('PUT', '/v1/me/registration', { token: dan.token, body: REGISTRATION });
    expect(again.body).toMatchObject({ outcome: 'ORGANIZATION_REQUIRED' });
    const closed = await api('GET', '/v1/operator/organization-requests?status=closed&limit=100', {
      token: operatorToken,
    });
    expect((closed.body.items as { requestId: string }[]).map((item) => item.requestId)).toContain(requestId);
  });

  it('nobody decides: escalated to the reviewers, then expired, and the requester is told', async () => {
    const domain = uniqueDomain();
    const eve = await seekerOf(domain, 'Eve');
    await api('POST', '/v1/organization-requests', { token: eve.token, body: ORGANIZATION });

    // 2 review days + 1 escalation day of 3 s each.
    const me = await eventually(
      () => api('GET', '/v1/me', { token: eve.token }),
      (answer) => stageOf(answer) === 'EXPIRED',
      40_000,
    );
    expect(me.body.state).toBe('REGISTER_BUSINESS');
    expect(await subjectsTo(eve.email)).toContain('Your request for Globex Corporation expired');
    expect(await subjectsTo('reviewers@portico.example')).toContain(
      `Overdue organization request: Globex Corporation (${domain})`,
    );
  }, 60_000);

  it('is finished by the finalize-reviews job when its workflow execution is lost', async () => {
    const domain = uniqueDomain();
    const gus = await seekerOf(domain, 'Gus');
    const submitted = await api('POST', '/v1/organization-requests', {
      token: gus.token,
      body: ORGANIZATION,
    });
    const requestId = (submitted.body.organizationRequest as { requestId: string }).requestId;
    await eventually(
      () => api('GET', '/v1/me', { token: gus.token }),
      (me) => stageOf(me) === 'IN_REVIEW',
    );
    const { stepFunctions } = awsClients(stack);
    const executionArn = `${stack.reviewStateMachineArn.replace(':stateMachine:', ':execution:')}:${requestId}`;
    await stepFunctions.send(new StopExecutionCommand({ executionArn, cause: 'lost on purpose' }));
    expect((await stepFunctions.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');

    const decided = await api('POST', `/v1/operator/organization-requests/${requestId}/decision`, {
      token: operatorToken,
      body: { outcome: 'APPROVE' },
    });
    expect(decided.status).toBe(201);

    // Nobody checks for the decision any more: the job applies it once the workflow's grace has passed.
    const me = await eventually(
      () => api('GET', '/v1/me', { token: gus.token }),
      (answer) => stageOf(answer) === 'ACTIVATED',
      30_000,
    );
    expect(me.body).toMatchObject({ state: 'ACTIVE', organization: { role: 'ADMINISTRATOR' } });
  });

  it('is refused when the account is not waiting for one, with the step to take', async () => {
    const email = `frank@${uniqueDomain()}`;
    const token = await verifiedPerson(stack, email);
    await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } });

    const early = await api('POST', '/v1/organization-requests', { token, body: ORGANIZATION });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe('/problems/organization-request-not-expected');

    const invalid = await api('POST', '/v1/organization-requests', {
      token,
      body: { ...ORGANIZATION, website: 'ftp://globex.example', dunsNumber: '12' },
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body.errors as { pointer: string }[]).map((error) => error.pointer).sort()).toEqual([
      '/dunsNumber',
      '/website',
    ]);
  });
});

describe('the organization directory (operators)', () => {
  it('creates an organization, gives it a domain people were waiting for, deactivates and reactivates it', async () => {
    const domain = uniqueDomain();
    const created = await api('POST', '/v1/operator/organizations', {
      token: operatorToken,
      body: {
        name: `Directory ${domain}`,
        country: 'DE',
        address: { line1: 'Hafenstraße 3', city: 'Hamburg', postalCode: '20457' },
        kind: 'CUSTOMER',
      },
    });
    expect(created.status).toBe(201);
    const organizationId = String(created.body.organizationId);
    const edit = (revision: number, change: Record<string, unknown>) =>
      api('PATCH', `/v1/operator/organizations/${organizationId}`, {
        token: operatorToken,
        body: { revision, ...change },
      });

    // Before the domain is the organization's, registering finds nobody; adding it emails the waiting person.
    const waiting = await registeredPerson(domain, 'Wanda');
    expect(waiting.registration.body.outcome).toBe('ORGANIZATION_REQUIRED');
    const added = await edit(0, { addDomains: [domain] });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ domains: [domain], revision: 1, notified: 1 });
    const emails = await mail.emailsTo(waiting.email);
    expect(emails.map((email) => email.subject)).toContain(
      `You can now register with Directory ${domain} on Portico`,
    );
    expect((await edit(0, { name: 'A stale edit' })).status).toBe(409);

    const joined = await api('PUT', '/v1/me/registration', { token: waiting.token, body: REGISTRATION });
    expect(joined.body.outcome).toBe('ACTIVE');
    expect((await api('GET', '/v1/portal/summary', { token: waiting.token })).status).toBe(200);

    // Deactivated: the member keeps the account but the portal refuses, reads and writes alike; reactivated: back.
    expect((await edit(1, { status: 'SUSPENDED' })).status).toBe(200);
    const refused = await api('GET', '/v1/portal/summary', { token: waiting.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ type: '/problems/organization-deactivated', organizationId });
    const write = await api('POST', '/v1/portal/groups', {
      token: waiting.token,
      body: { name: 'Blocked', definition: { kind: 'FAMILIES', families: ['PowerEdge'] } },
    });
    expect(write.status).toBe(403);
    expect((await api('GET', '/v1/me', { token: waiting.token })).status).toBe(200);
    expect((await edit(2, { status: 'ACTIVE' })).status).toBe(200);
    expect((await api('GET', '/v1/portal/summary', { token: waiting.token })).status).toBe(200);

    const byDomain = await api('GET', `/v1/operator/organizations?domain=${domain}`, {
      token: operatorToken,
    });
    expect((byDomain.body.items as { organizationId: string }[]).map((item) => item.organizationId)).toEqual([
      organizationId,
    ]);
    const read = await api('GET', `/v1/operator/organizations/${organizationId}`, { token: operatorToken });
    expect((read.body.history as { event: string }[]).map((line) => line.event)).toEqual([
      'REACTIVATED',
      'DEACTIVATED',
      'DOMAIN_ADDED',
      'CREATED',
    ]);
  });
});
