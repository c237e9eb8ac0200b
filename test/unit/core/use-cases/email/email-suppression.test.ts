import { describe, expect, it } from 'vitest';
import type { Suppression } from '../../../../../functions/core/domain/email-suppression';
import {
  recordEmailFeedback,
  suppressionsOf,
  type EmailFeedback,
} from '../../../../../functions/core/use-cases/email/record-email-feedback';
import { getAccount } from '../../../../../functions/core/use-cases/get-account';
import { listSuppressedAddresses } from '../../../../../functions/core/use-cases/operator/suppressed-addresses';
import { resendCode } from '../../../../../functions/core/use-cases/resend-code';
import { signUp } from '../../../../../functions/core/use-cases/sign-up';
import { ValidationError } from '../../../../../functions/core/errors';
import { aCustomerEmployee } from '../../../fixtures';
import { fakeWorld } from '../../../fakes';

const hardBounce = (...addresses: string[]): EmailFeedback => ({
  eventType: 'Bounce',
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: addresses.map((emailAddress) => ({ emailAddress })),
    timestamp: '2026-12-05T09:00:00.000Z',
    feedbackId: 'feedback-1',
  },
});

const complaint = (address: string): EmailFeedback => ({
  eventType: 'Complaint',
  complaint: {
    complainedRecipients: [{ emailAddress: address }],
    complaintFeedbackType: 'abuse',
    timestamp: '2026-12-05T10:00:00.000Z',
    feedbackId: 'feedback-2',
  },
});

const SUPPRESSED_ADA: Suppression = {
  email: 'ada@acme.example',
  reason: 'BOUNCE',
  detail: 'General',
  at: '2026-12-05T09:00:00.000Z',
  feedbackId: 'feedback-1',
};

describe('suppressionsOf (SES bounce and complaint events)', () => {
  it('suppresses every hard-bounced recipient, normalized, with the bounce subtype', () => {
    expect(suppressionsOf(hardBounce('Ada@ACME.example', 'Grace <grace@acme.example>'))).toEqual([
      SUPPRESSED_ADA,
      { ...SUPPRESSED_ADA, email: 'grace@acme.example' },
    ]);
  });

  it.each(['Transient', 'Undetermined'])('suppresses nobody for a %s bounce', (bounceType) => {
    const soft = hardBounce('ada@acme.example');
    if (soft.eventType !== 'Bounce') throw new Error('expected a bounce');
    expect(suppressionsOf({ ...soft, bounce: { ...soft.bounce, bounceType } })).toEqual([]);
  });

  it('suppresses a complaining recipient with the feedback type', () => {
    expect(suppressionsOf(complaint('ada@acme.example'))).toEqual([
      {
        email: 'ada@acme.example',
        reason: 'COMPLAINT',
        detail: 'abuse',
        at: '2026-12-05T10:00:00.000Z',
        feedbackId: 'feedback-2',
      },
    ]);
  });
});

describe('recordEmailFeedback', () => {
  it('adds each address once and keeps the first report (the same event delivered twice adds nothing)', async () => {
    const world = fakeWorld();

    expect(await recordEmailFeedback(world.deps, hardBounce('ada@acme.example'))).toEqual({
      added: 1,
      known: 0,
    });
    expect(await recordEmailFeedback(world.deps, complaint('ada@acme.example'))).toEqual({
      added: 0,
      known: 1,
    });

    expect(await world.suppressions.find('ada@acme.example')).toEqual(SUPPRESSED_ADA);
  });
});

describe('the mailer behind the suppression list', () => {
  const ADA = {
    email: 'ada@acme.example',
    password: 'Correct-Horse-42',
    firstName: 'Ada',
    lastName: 'Lovelace',
    country: 'GB',
  };

  it('sends nothing to a suppressed address while sign-up and resend answer as usual', async () => {
    const world = fakeWorld();
    await world.suppressions.add(SUPPRESSED_ADA);

    await expect(signUp(world.deps, ADA)).resolves.toBeUndefined();
    world.clock.advanceSeconds(120);
    await expect(resendCode(world.deps, { email: ADA.email })).resolves.toBeUndefined();

    expect(world.mailer.sent).toEqual([]);
  });

  it('still sends to every other address', async () => {
    const world = fakeWorld();
    await world.suppressions.add({ ...SUPPRESSED_ADA, email: 'someone@else.example' });

    await signUp(world.deps, ADA);

    expect(world.mailer.sentTo(ADA.email)).toHaveLength(1);
  });
});

describe('GET /v1/me with a suppressed address', () => {
  it('shows the EMAIL_UNDELIVERABLE restriction with its date, so the person can act', async () => {
    const world = fakeWorld();
    const account = aCustomerEmployee();
    world.accounts.seedAccount(account);
    await world.suppressions.add({ ...SUPPRESSED_ADA, email: account.email });

    const view = await getAccount(world.deps, { userId: account.userId, emailVerified: true });

    expect(view.restrictions).toEqual([
      {
        code: 'EMAIL_UNDELIVERABLE',
        detail: expect.stringContaining('2026-12-05') as string,
        since: SUPPRESSED_ADA.at,
      },
    ]);
  });

  it('shows no restriction for a deliverable work address', async () => {
    const world = fakeWorld();
    const account = aCustomerEmployee();
    world.accounts.seedAccount(account);

    const view = await getAccount(world.deps, { userId: account.userId, emailVerified: true });

    expect(view.restrictions).toEqual([]);
  });
});

describe('listSuppressedAddresses (operators)', () => {
  it('lists the newest first, a page at a time', async () => {
    const world = fakeWorld();
    await world.suppressions.add(SUPPRESSED_ADA);
    await world.suppressions.add({
      ...SUPPRESSED_ADA,
      email: 'grace@acme.example',
      reason: 'COMPLAINT',
      detail: undefined,
      at: '2026-12-05T11:00:00.000Z',
    });

    const first = await listSuppressedAddresses(world.deps, { limit: 1 });
    expect(first.items).toEqual([
      {
        email: 'grace@acme.example',
        reason: 'COMPLAINT',
        detail: null,
        at: '2026-12-05T11:00:00.000Z',
        feedbackId: 'feedback-1',
      },
    ]);
    if (!first.nextCursor) throw new Error('expected a next page');
    const second = await listSuppressedAddresses(world.deps, { limit: 1, cursor: first.nextCursor });
    expect(second.items.map((item) => item.email)).toEqual(['ada@acme.example']);
  });

  it('answers 400 for a cursor it did not issue', async () => {
    const world = fakeWorld();

    await expect(listSuppressedAddresses(world.deps, { limit: 5, cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
