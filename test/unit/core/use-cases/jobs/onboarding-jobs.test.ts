import { beforeEach, describe, expect, it } from 'vitest';
import type { JobBudget } from '../../../../../functions/core/use-cases/jobs/due-work';
import { remindStalledOnboarding } from '../../../../../functions/core/use-cases/jobs/onboarding-jobs';
import { runScheduledJob } from '../../../../../functions/core/use-cases/jobs/run-scheduled-job';
import { fakeWorld, TEST_PORTAL_URL, TEST_REMINDER_AFTER_SECONDS, type FakeWorld } from '../../../fakes';
import { anAccount } from '../../../fixtures';
import { FakePortalInventory } from '../../../portal-inventory.fake';
import { FakeSupportDigestStore } from '../../../support-digest.fake';
import { InMemoryJobCursorStore } from '../../../identity-fakes';

let world: FakeWorld;

const ALL_THE_TIME: JobBudget = { pageSize: 50, hasTimeLeft: () => true };

beforeEach(() => {
  world = fakeWorld();
});

/** An account last changed now, then the clock moved past the reminder delay. */
function stalled(overrides: Parameters<typeof anAccount>[0] = {}) {
  const account = anAccount({ updatedAt: world.clock.now().toISOString(), ...overrides });
  world.accounts.seedAccount(account);
  return account;
}

function pastReminderDelay(): void {
  world.clock.advanceSeconds(TEST_REMINDER_AFTER_SECONDS);
}

describe('remindStalledOnboarding', () => {
  it('emails the next step to someone who stopped, and records the step they were reminded in', async () => {
    const account = stalled({ state: 'REGISTER_BUSINESS', accessType: 'CUSTOMER_EMPLOYEE' });
    pastReminderDelay();

    const report = await remindStalledOnboarding(world.deps, ALL_THE_TIME);

    expect(report).toEqual({ done: 1, failed: 0, unfinished: false });
    expect(world.mailer.sentTo(account.email)).toEqual([
      expect.objectContaining({
        subject: 'Finish setting up your Portico account',
        text: expect.stringContaining('Next step: Submit your business registration details.'),
      }),
    ]);
    expect(world.mailer.lastSentTo(account.email).text).toContain(TEST_PORTAL_URL);
    expect(world.accounts.storedAccount(account.userId)).toMatchObject({
      remindedIn: 'REGISTER_BUSINESS',
      revision: account.revision + 1,
    });
  });

  it('reminds once per state', async () => {
    const account = stalled({ state: 'CHOOSE_ACCESS_TYPE' });
    pastReminderDelay();
    await remindStalledOnboarding(world.deps, ALL_THE_TIME);

    world.clock.advanceSeconds(10 * TEST_REMINDER_AFTER_SECONDS);
    const again = await remindStalledOnboarding(world.deps, ALL_THE_TIME);

    expect(again.done).toBe(0);
    expect(world.mailer.sentTo(account.email)).toHaveLength(1);
  });

  it('reminds again after the person moved on to another step and stopped there', async () => {
    const account = stalled({ state: 'CHOOSE_ACCESS_TYPE' });
    pastReminderDelay();
    await remindStalledOnboarding(world.deps, ALL_THE_TIME);
    const reminded = world.accounts.storedAccount(account.userId);
    if (!reminded) throw new Error('no account');
    world.accounts.seedAccount({
      ...reminded,
      state: 'REGISTER_BUSINESS',
      accessType: 'CUSTOMER_EMPLOYEE',
      updatedAt: world.clock.now().toISOString(),
      revision: reminded.revision + 1,
    });
    pastReminderDelay();

    await remindStalledOnboarding(world.deps, ALL_THE_TIME);

    expect(world.mailer.sentTo(account.email)).toHaveLength(2);
    expect(world.accounts.storedAccount(account.userId)?.remindedIn).toBe('REGISTER_BUSINESS');
  });

  it('does not remind before the delay', async () => {
    stalled({ state: 'VERIFY_EMAIL' });
    world.clock.advanceSeconds(TEST_REMINDER_AFTER_SECONDS - 1);

    const report = await remindStalledOnboarding(world.deps, ALL_THE_TIME);

    expect(report.done).toBe(0);
    expect(world.mailer.sent).toEqual([]);
  });

  it('does not remind a personal address past the access type, which cannot go further', async () => {
    const personal = {
      email: 'ada@gmail.com',
      emailDomain: 'gmail.com',
      emailDomainKind: 'PERSONAL',
    } as const;
    stalled({ ...personal, userId: 'user-registering', state: 'REGISTER_BUSINESS' });
    const choosing = stalled({ ...personal, userId: 'user-choosing', state: 'CHOOSE_ACCESS_TYPE' });
    pastReminderDelay();

    await remindStalledOnboarding(world.deps, ALL_THE_TIME);

    expect(world.mailer.sent).toHaveLength(1);
    expect(world.accounts.storedAccount(choosing.userId)?.remindedIn).toBe('CHOOSE_ACCESS_TYPE');
    expect(world.accounts.storedAccount('user-registering')?.remindedIn).toBeUndefined();
  });

  it.each(['ACTIVE', 'PENDING_ORGANIZATION', 'PARTNER_REFERRED'] as const)(
    'does not remind someone at %s',
    async (state) => {
      stalled({ state });
      pastReminderDelay();

      await remindStalledOnboarding(world.deps, ALL_THE_TIME);

      expect(world.mailer.sent).toEqual([]);
    },
  );

  it('pages through more stalled accounts than one page holds, reminding each once', async () => {
    const accounts = Array.from({ length: 7 }, (_, index) =>
      stalled({ userId: `user-${index}`, email: `person${index}@acme.example`, state: 'VERIFY_EMAIL' }),
    );
    pastReminderDelay();

    const report = await remindStalledOnboarding(world.deps, { pageSize: 3, hasTimeLeft: () => true });

    expect(report).toEqual({ done: 7, failed: 0, unfinished: false });
    for (const account of accounts) expect(world.mailer.sentTo(account.email)).toHaveLength(1);
    expect(world.dueWork.pages.length).toBeGreaterThanOrEqual(3);
    expect(world.dueWork.pages.every((page) => page.limit === 3)).toBe(true);
  });

  it('stops at its time budget with work left, for the next run to go on', async () => {
    stalled({ state: 'VERIFY_EMAIL' });
    stalled({ userId: 'user-2', email: 'b@acme.example', state: 'VERIFY_EMAIL' });
    pastReminderDelay();
    let pagesLeft = 1;

    const report = await remindStalledOnboarding(world.deps, {
      pageSize: 1,
      hasTimeLeft: () => pagesLeft-- > 0,
    });
    const next = await remindStalledOnboarding(world.deps, ALL_THE_TIME);

    expect(report).toEqual({ done: 1, failed: 0, unfinished: true });
    expect(next).toEqual({ done: 1, failed: 0, unfinished: false });
    expect(world.mailer.sent).toHaveLength(2);
  });

  it('keeps someone due when the reminder could not be sent', async () => {
    const account = stalled({ state: 'VERIFY_EMAIL' });
    pastReminderDelay();
    world.mailer.failNextSends(1);

    const report = await remindStalledOnboarding(world.deps, ALL_THE_TIME);
    const retry = await remindStalledOnboarding(world.deps, ALL_THE_TIME);

    expect(report).toMatchObject({ done: 0, failed: 1 });
    expect(retry).toMatchObject({ done: 1, failed: 0 });
    expect(world.mailer.sentTo(account.email)).toHaveLength(1);
  });
});

describe('remindStalledOnboarding with a schedule set once', () => {
  it('does not move the entry as the person goes on, then reminds at the real due time', async () => {
    const signedUp = stalled({ state: 'VERIFY_EMAIL' });
    world.accounts.seedAccount({
      ...signedUp,
      reminderDueAt: new Date(world.clock.now().getTime() + TEST_REMINDER_AFTER_SECONDS * 1000).toISOString(),
    });
    const scheduled = world.accounts.storedAccount(signedUp.userId)?.reminderDueAt;
    world.clock.advanceSeconds(3600);
    const before = world.accounts.storedAccount(signedUp.userId);
    if (!before) throw new Error('no account');
    const movedOn = {
      ...before,
      state: 'CHOOSE_ACCESS_TYPE' as const,
      updatedAt: world.clock.now().toISOString(),
      revision: before.revision + 1,
    };
    await world.accounts.saveAccount(movedOn, before.revision);
    expect(world.accounts.storedAccount(signedUp.userId)?.reminderDueAt).toBe(scheduled);

    // The entry comes due an hour early: the job moves it to the real due time, and sends nothing.
    world.clock.advanceSeconds(TEST_REMINDER_AFTER_SECONDS - 3600);
    const early = await remindStalledOnboarding(world.deps, ALL_THE_TIME);

    expect(early.done).toBe(1);
    expect(world.mailer.sent).toEqual([]);
    expect(world.accounts.storedAccount(signedUp.userId)?.reminderDueAt).toBe(
      new Date(Date.parse(movedOn.updatedAt) + TEST_REMINDER_AFTER_SECONDS * 1000).toISOString(),
    );

    world.clock.advanceSeconds(3600);
    await remindStalledOnboarding(world.deps, ALL_THE_TIME);

    expect(world.mailer.sentTo(signedUp.email)).toHaveLength(1);
    expect(world.mailer.lastSentTo(signedUp.email).text).toContain(
      'Tell us whether you work for a customer organization or for a partner.',
    );
    expect(world.accounts.storedAccount(signedUp.userId)).toMatchObject({ remindedIn: 'CHOOSE_ACCESS_TYPE' });
    expect(world.accounts.storedAccount(signedUp.userId)).not.toHaveProperty('reminderDueAt');
  });

  it.each(['ACTIVE', 'PENDING_ORGANIZATION', 'PARTNER_REFERRED'] as const)(
    'drops the entry of an account that is now %s, without an email',
    async (state) => {
      const reminderDueAt = world.clock.now().toISOString();
      const account = stalled({ state, reminderDueAt });
      pastReminderDelay();

      const report = await remindStalledOnboarding(world.deps, ALL_THE_TIME);
      const again = await remindStalledOnboarding(world.deps, ALL_THE_TIME);

      expect(report.done).toBe(1);
      expect(again.done).toBe(0);
      expect(world.mailer.sent).toEqual([]);
      const stored = world.accounts.storedAccount(account.userId);
      expect(stored).toMatchObject({ state, revision: account.revision + 1 });
      expect(stored).not.toHaveProperty('reminderDueAt');
      expect(stored?.remindedIn).toBeUndefined();
    },
  );

  it('keeps the entry of someone reminded who then moves on, scheduling the next step', async () => {
    const account = stalled({ state: 'CHOOSE_ACCESS_TYPE' });
    pastReminderDelay();
    await remindStalledOnboarding(world.deps, ALL_THE_TIME);
    const reminded = world.accounts.storedAccount(account.userId);
    if (!reminded) throw new Error('no account');

    await world.accounts.saveAccount(
      {
        ...reminded,
        state: 'REGISTER_BUSINESS',
        accessType: 'CUSTOMER_EMPLOYEE',
        updatedAt: world.clock.now().toISOString(),
        revision: reminded.revision + 1,
      },
      reminded.revision,
    );

    expect(world.accounts.storedAccount(account.userId)?.reminderDueAt).toBe(
      new Date(world.clock.now().getTime() + TEST_REMINDER_AFTER_SECONDS * 1000).toISOString(),
    );
  });
});

describe('runScheduledJob', () => {
  it('runs each named job', async () => {
    stalled({ state: 'VERIFY_EMAIL' });
    pastReminderDelay();

    const deps = {
      ...world.deps,
      accounts: world.accounts,
      inventory: new FakePortalInventory(),
      digests: new FakeSupportDigestStore(),
      overview: { read: () => Promise.reject(new Error('no digest is due')) },
      cursors: new InMemoryJobCursorStore(),
    };

    expect(await runScheduledJob(deps, 'remind-stalled-onboarding', ALL_THE_TIME)).toMatchObject({
      done: 1,
    });
    expect(await runScheduledJob(deps, 'finalize-reviews', ALL_THE_TIME)).toMatchObject({ done: 0 });
    expect(await runScheduledJob(deps, 'expire-reviews', ALL_THE_TIME)).toMatchObject({ done: 0 });
    expect(world.dueWork.pages.map((page) => page.kind)).toEqual([
      'ONBOARDING_REMINDER',
      'REVIEW_DECISION',
      'REVIEW_START',
      'REVIEW_DEADLINE',
    ]);
  });
});
