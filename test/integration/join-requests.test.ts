import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  mailbox,
  REGISTRATION,
  removeData,
  startStack,
  verifiedPerson,
  type RunningStack,
} from './local-stack';

/**
 * Join requests through the real HTTP API of the local stack (issue 15, item 2): an organization's
 * administrator sets the APPROVAL policy, people ask to join, the administrator lists, approves and declines;
 * two decisions of one request at once → one wins, the other 409.
 */

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
let mail: ReturnType<typeof mailbox>;
let sequence = 0;
const uniqueEmail = () => `asker${Date.now()}${(sequence += 1)}@acme.example`;

beforeAll(async () => {
  stack = await startStack();
  api = apiClient(stack);
  mail = mailbox(stack);
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

/** What the removal test takes over from the first one (an administrator, members). */
let firstTest: {
  admin: { token: string };
  jonas: { token: string; userId: string };
  jonasEmail: string;
  lena: { token: string };
  lenaActive: boolean;
};

async function registered(email: string): Promise<{ token: string; answer: Record<string, unknown> }> {
  const token = await verifiedPerson(stack, email);
  expect(
    (await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } })).status,
  ).toBe(200);
  const answer = await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
  expect(answer.status).toBe(200);
  return { token, answer: answer.body };
}

describe('join requests under the APPROVAL policy', () => {
  it('are listed, approved (ACTIVE member, audited) and declined (INVITATION_REQUIRED, emailed)', async () => {
    // The first person of Acme becomes its administrator, then sets the policy.
    const admin = await registered(uniqueEmail());
    expect(admin.answer).toMatchObject({
      outcome: 'ACTIVE',
      account: { organization: { role: 'ADMINISTRATOR' } },
    });
    expect(
      (await api('PUT', '/v1/portal/membership-policy', { token: admin.token, body: { policy: 'APPROVAL' } }))
        .status,
    ).toBe(200);

    const jonasEmail = uniqueEmail();
    const kaiEmail = uniqueEmail();
    const lenaEmail = uniqueEmail();
    const jonas = await registered(jonasEmail);
    const kai = await registered(kaiEmail);
    const lena = await registered(lenaEmail);
    for (const asker of [jonas, kai, lena]) {
      expect(asker.answer).toMatchObject({
        outcome: 'AWAITING_APPROVAL',
        account: { accessLevel: 'LIMITED' },
      });
    }
    const idOf = (asker: { answer: Record<string, unknown> }) =>
      String((asker.answer.account as { userId: string }).userId);

    const listed = await api('GET', '/v1/portal/join-requests', { token: admin.token });
    expect(listed.status).toBe(200);
    expect((listed.body.items as { email: string }[]).map((item) => item.email)).toEqual([
      jonasEmail,
      kaiEmail,
      lenaEmail,
    ]);
    // A person who waits cannot decide (nor list): they are not a member.
    expect((await api('GET', '/v1/portal/join-requests', { token: kai.token })).status).toBe(403);

    const approved = await api('POST', `/v1/portal/join-requests/${idOf(jonas)}/approve`, {
      token: admin.token,
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ userId: idOf(jonas), outcome: 'APPROVED', role: 'MEMBER' });
    expect((await api('GET', '/v1/me', { token: jonas.token })).body).toMatchObject({
      state: 'ACTIVE',
      accessLevel: 'FULL',
      organization: { organizationId: 'org-acme', role: 'MEMBER' },
    });
    expect((await api('GET', '/v1/portal/summary', { token: jonas.token })).status).toBe(200);
    expect((await mail.emailsTo(jonasEmail)).some((email) => /is active/.test(email.subject))).toBe(true);

    const declined = await api('POST', `/v1/portal/join-requests/${idOf(kai)}/decline`, {
      token: admin.token,
      body: { reason: 'Contractors get access through their own company.' },
    });
    expect(declined.status).toBe(200);
    expect((await api('GET', '/v1/me', { token: kai.token })).body).toMatchObject({
      state: 'INVITATION_REQUIRED',
      accessLevel: 'LIMITED',
      joinRequest: null,
    });
    const declinedEmail = (await mail.emailsTo(kaiEmail)).find((email) => /declined/.test(email.subject));
    expect(declinedEmail?.body.text).toContain('Contractors get access through their own company.');

    // Decided once: deciding again is a 404 (the request is gone).
    expect(
      (await api('POST', `/v1/portal/join-requests/${idOf(kai)}/approve`, { token: admin.token })).status,
    ).toBe(404);

    // Two decisions of one request at once: one wins, the other is a 409.
    const [approve, decline] = await Promise.all([
      api('POST', `/v1/portal/join-requests/${idOf(lena)}/approve`, { token: admin.token }),
      api('POST', `/v1/portal/join-requests/${idOf(lena)}/decline`, { token: admin.token, body: {} }),
    ]);
    const statuses = [approve.status, decline.status].sort();
    expect(statuses[0]).toBe(200);
    expect([404, 409]).toContain(statuses[1]);
    const loser = approve.status === 200 ? decline : approve;
    if (loser.status === 409) expect(loser.body.type).toBe('/problems/join-request-decided');
    const lenaState = (await api('GET', '/v1/me', { token: lena.token })).body.state;
    expect(lenaState).toBe(approve.status === 200 ? 'ACTIVE' : 'INVITATION_REQUIRED');

    expect((await api('GET', '/v1/portal/join-requests', { token: admin.token })).body).toEqual({
      items: [],
    });
    const log = await api('GET', '/v1/portal/audit-log', { token: admin.token });
    const entries = log.body.items as { kind: string; subject?: { userId: string }; details: unknown }[];
    expect(entries).toContainEqual(
      expect.objectContaining({
        kind: 'MEMBER_JOINED',
        subject: expect.objectContaining({ userId: idOf(jonas) }),
        details: { via: 'APPROVAL', role: 'MEMBER' },
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        kind: 'JOIN_REQUEST_DECLINED',
        subject: expect.objectContaining({ userId: idOf(kai) }),
        details: { reason: 'Contractors get access through their own company.' },
      }),
    );
    firstTest = {
      admin,
      jonas: { token: jonas.token, userId: idOf(jonas) },
      jonasEmail,
      lena,
      lenaActive: lenaState === 'ACTIVE',
    };
  });

  it('removes a member (403 at once, audited, emailed) and lets a member leave; the last administrator cannot', async () => {
    const { admin, jonas, jonasEmail, lena, lenaActive } = firstTest;
    const removed = await api('DELETE', `/v1/portal/members/${jonas.userId}`, { token: admin.token });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ userId: jonas.userId, outcome: 'REMOVED', groupsDeleted: 0 });
    // The very next call is refused; the person is LIMITED, back at registration.
    expect((await api('GET', '/v1/portal/summary', { token: jonas.token })).status).toBe(403);
    expect((await api('GET', '/v1/me', { token: jonas.token })).body).toMatchObject({
      state: 'REGISTER_BUSINESS',
      accessLevel: 'LIMITED',
      organization: null,
    });
    expect((await mail.emailsTo(jonasEmail)).some((email) => /no longer belong/.test(email.subject))).toBe(
      true,
    );
    // Removed already: a second removal finds no such member.
    expect((await api('DELETE', `/v1/portal/members/${jonas.userId}`, { token: admin.token })).status).toBe(
      404,
    );

    if (lenaActive) {
      // The administrator is the last one while Lena is a member: 409, nothing changes.
      const refused = await api('POST', '/v1/me/organization/leave', {
        token: admin.token,
        body: { organizationId: 'org-acme' },
      });
      expect(refused.status).toBe(409);
      expect(refused.body.type).toBe('/problems/last-administrator');
      const left = await api('POST', '/v1/me/organization/leave', {
        token: lena.token,
        body: { organizationId: 'org-acme' },
      });
      expect(left.status).toBe(200);
      expect(left.body).toMatchObject({ outcome: 'LEFT', account: { state: 'REGISTER_BUSINESS' } });
      expect((await api('GET', '/v1/portal/summary', { token: lena.token })).status).toBe(403);
    }

    const log = await api('GET', '/v1/portal/audit-log?kind=MEMBER_REMOVED', { token: admin.token });
    expect(log.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'MEMBER_REMOVED',
        subject: expect.objectContaining({ userId: jonas.userId }),
        details: { role: 'MEMBER', groupsDeleted: 0 },
      }),
    );
  });
});
