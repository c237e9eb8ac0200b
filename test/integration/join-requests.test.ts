import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  awsClients,
  expectStatus,
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
 * two decisions of one request at once → one wins, the other 409. Then removal and leaving, and invitations
 * (item 2) on the same stack.
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

describe('invitations', () => {
  const inviteeEmail = () => `invitee${Date.now()}${(sequence += 1)}@acme.example`;
  const tokenIn = (text: string | undefined) => /invitation\?token=([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1];

  async function invitationEmailTo(address: string): Promise<string> {
    const emails = (await mail.emailsTo(address)).filter((email) => /invites you/.test(email.subject));
    const token = tokenIn(emails.at(-1)?.body.text);
    if (!token) throw new Error(`no invitation was emailed to ${address}`);
    return token;
  }

  it('invite → email → accept as the invited address → member with the role, audited; refusals reveal nothing', async () => {
    const { admin } = firstTest;
    const invitedEmail = inviteeEmail();
    const strangerEmail = inviteeEmail();
    const contractorEmail = `contractor${Date.now()}@fieldservice.example`;

    // Webmail refused whatever the flag, a contractor only with allowOutsideDomain: pointers per item.
    const refused = await api('POST', '/v1/portal/invitations', {
      token: admin.token,
      body: {
        invitations: [
          { email: invitedEmail, role: 'ADMINISTRATOR' },
          { email: 'someone@gmail.com', role: 'MEMBER', allowOutsideDomain: true },
          { email: contractorEmail, role: 'MEMBER' },
        ],
      },
    });
    expect(refused.status).toBe(400);
    expect((refused.body.errors as { pointer: string }[]).map((error) => error.pointer)).toEqual([
      '/invitations/1/email',
      '/invitations/2/email',
    ]);

    const made = await api('POST', '/v1/portal/invitations', {
      token: admin.token,
      body: {
        invitations: [
          { email: invitedEmail, role: 'ADMINISTRATOR' },
          { email: contractorEmail, role: 'MEMBER', allowOutsideDomain: true },
        ],
      },
    });
    expect(made.status).toBe(201);
    const [invited, contractor] = made.body.items as { invitationId: string; email: string }[];
    expect(invited?.email).toBe(invitedEmail);
    expect(contractor?.email).toBe(contractorEmail);
    const pending = await api('GET', '/v1/portal/invitations', { token: admin.token });
    expect((pending.body.items as { email: string }[]).map((item) => item.email)).toEqual(
      expect.arrayContaining([invitedEmail, contractorEmail]),
    );

    // Resending at once is throttled, as one-time codes are.
    const resent = await api('POST', `/v1/portal/invitations/${invited?.invitationId}/resend`, {
      token: admin.token,
    });
    expect(resent.status).toBe(429);
    expect(Number(resent.headers.get('retry-after'))).toBeGreaterThan(0);

    // The token from the mailbox: another signed-in address gets the same 404 as an unknown token.
    const token = await invitationEmailTo(invitedEmail);
    const stranger = await verifiedPerson(stack, strangerEmail);
    const asStranger = await api('POST', '/v1/invitations/accept', { token: stranger, body: { token } });
    const unknown = await api('POST', '/v1/invitations/accept', {
      token: stranger,
      body: { token: 'A'.repeat(43) },
    });
    expect(asStranger.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(asStranger.body.detail).toBe(unknown.body.detail);

    // The invitee signs up with the invited address and accepts: ACTIVE at once, with the invited role.
    const invitee = await verifiedPerson(stack, invitedEmail);
    const accepted = await api('POST', '/v1/invitations/accept', { token: invitee, body: { token } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      outcome: 'ACTIVE',
      account: { state: 'ACTIVE', organization: { organizationId: 'org-acme', role: 'ADMINISTRATOR' } },
    });
    expect((await api('GET', '/v1/portal/summary', { token: invitee })).status).toBe(200);
    // Used once: the same link again is the same 404; the invitation left the pending list.
    expect((await api('POST', '/v1/invitations/accept', { token: invitee, body: { token } })).status).toBe(
      404,
    );
    const after = await api('GET', '/v1/portal/invitations', { token: admin.token });
    expect((after.body.items as { email: string }[]).map((item) => item.email)).not.toContain(invitedEmail);

    const log = await api('GET', '/v1/portal/audit-log', { token: admin.token });
    const entries = log.body.items as { kind: string; details: Record<string, unknown> }[];
    expect(entries).toContainEqual(
      expect.objectContaining({
        kind: 'MEMBER_INVITED',
        details: expect.objectContaining({ email: contractorEmail, allowOutsideDomain: true }),
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        kind: 'MEMBER_JOINED',
        details: { via: 'INVITATION', role: 'ADMINISTRATOR' },
      }),
    );

    // Revoked: the contractor's link no longer works (the same 404); revoking again is a 404.
    const contractorToken = await invitationEmailTo(contractorEmail);
    expect(
      (await api('DELETE', `/v1/portal/invitations/${contractor?.invitationId}`, { token: admin.token }))
        .status,
    ).toBe(200);
    expect(
      (await api('DELETE', `/v1/portal/invitations/${contractor?.invitationId}`, { token: admin.token }))
        .status,
    ).toBe(404);
    const contractorAccount = await verifiedPerson(stack, contractorEmail);
    expect(
      (
        await api('POST', '/v1/invitations/accept', {
          token: contractorAccount,
          body: { token: contractorToken },
        })
      ).status,
    ).toBe(404);
    expect(
      (await api('GET', '/v1/portal/audit-log?kind=INVITATION_REVOKED', { token: admin.token })).body.items,
    ).toContainEqual(
      expect.objectContaining({
        details: { invitationId: contractor?.invitationId, email: contractorEmail },
      }),
    );
  });

  it('refuses an expired link, members, and ids of another organization', async () => {
    const { admin } = firstTest;
    const lateEmail = inviteeEmail();
    expectStatus(
      await api('POST', '/v1/portal/invitations', {
        token: admin.token,
        body: { invitations: [{ email: lateEmail, role: 'MEMBER' }] },
      }),
      201,
    );
    const token = await invitationEmailTo(lateEmail);
    // Seven days pass for this token (its lookup item's expiry moved into the past).
    await awsClients(stack).documents.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { pk: `INVITATION#${createHash('sha256').update(token).digest('hex')}`, sk: 'TOKEN' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
      }),
    );
    const late = await verifiedPerson(stack, lateEmail);
    expect((await api('POST', '/v1/invitations/accept', { token: late, body: { token } })).status).toBe(404);

    // A member (not an administrator) of Acme: 403 on every administrators' route.
    const memberEmail = inviteeEmail();
    expectStatus(
      await api('POST', '/v1/portal/invitations', {
        token: admin.token,
        body: { invitations: [{ email: memberEmail, role: 'MEMBER' }] },
      }),
      201,
    );
    const member = await verifiedPerson(stack, memberEmail);
    expectStatus(
      await api('POST', '/v1/invitations/accept', {
        token: member,
        body: { token: await invitationEmailTo(memberEmail) },
      }),
      200,
    );
    expect((await api('GET', '/v1/portal/invitations', { token: member })).status).toBe(403);
    expect(
      (
        await api('POST', '/v1/portal/invitations', {
          token: member,
          body: { invitations: [{ email: inviteeEmail(), role: 'MEMBER' }] },
        })
      ).status,
    ).toBe(403);

    // Another organization's administrator (the first of Northland Health) and its invitation's id.
    const otherAdmin = await registered(`admin${Date.now()}@health.northland.gov.example`);
    expect(otherAdmin.answer).toMatchObject({ account: { organization: { role: 'ADMINISTRATOR' } } });
    const theirs = expectStatus(
      await api('POST', '/v1/portal/invitations', {
        token: otherAdmin.token,
        body: { invitations: [{ email: `nurse${Date.now()}@health.northland.gov.example`, role: 'MEMBER' }] },
      }),
      201,
    );
    const theirId = (theirs.items as { invitationId: string }[])[0]?.invitationId;
    for (const [method, path] of [
      ['POST', `/v1/portal/invitations/${theirId}/resend`],
      ['DELETE', `/v1/portal/invitations/${theirId}`],
    ] as const) {
      expect((await api(method, path, { token: admin.token })).status).toBe(404);
    }
  });
});
