import { beforeEach, describe, expect, it } from 'vitest';
import type { Organization } from '../../../../../functions/core/domain/organization';
import {
  DEFAULT_VISIBILITY,
  type VisibilityRules,
} from '../../../../../functions/core/domain/portal-visibility';
import { readUnsubscribeToken } from '../../../../../functions/core/domain/support-digest';
import type { JobBudget } from '../../../../../functions/core/use-cases/jobs/due-work';
import {
  sendSupportDigests,
  type SupportDigestJobDependencies,
} from '../../../../../functions/core/use-cases/jobs/support-digest-job';
import {
  chooseSupportDigest,
  unsubscribeFromDigest,
} from '../../../../../functions/core/use-cases/portal/support-digest';
import type { PortalOverviewReader } from '../../../../../functions/core/ports';
import { ValidationError } from '../../../../../functions/core/errors';
import {
  FixedClock,
  FixedCodeSecret,
  RecordingMailer,
  TEST_CODE_SECRET,
  TEST_PORTAL_URL,
} from '../../../fakes';
import { anAccount, anOrganization } from '../../../fixtures';
import { DigestDueWork, FakeSupportDigestStore } from '../../../support-digest.fake';

const ALL_THE_TIME: JobBudget = { pageSize: 50, hasTimeLeft: () => true };
const ORG = 'org-acme';

let store: FakeSupportDigestStore;
let mailer: RecordingMailer;
let clock: FixedClock;
let organization: Organization | undefined;
let visibility: VisibilityRules;
let deps: SupportDigestJobDependencies;

function product(serviceTag: string, supportEndDate: string, siteId = 'BER-1', family = 'Servers') {
  return { serviceTag, model: 'PowerEdge R750', family, siteId, supportEndDate };
}

const overview: PortalOverviewReader = {
  read: async () => ({
    ...(organization ? { organization } : {}),
    visibility,
    sites: [
      { siteId: 'BER-1', name: 'Berlin HQ', address: 'a', city: 'Berlin', country: 'DE', families: {} },
      { siteId: 'MUC-2', name: 'Munich Lab', address: 'b', city: 'Munich', country: 'DE', families: {} },
    ],
  }),
};

beforeEach(() => {
  store = new FakeSupportDigestStore();
  mailer = new RecordingMailer();
  clock = new FixedClock('2026-12-07T06:30:00.000Z'); // Monday of 2026-W50 (12-07 … 12-13)
  organization = anOrganization({ organizationId: ORG });
  visibility = { sites: ['MUC-2'], families: 'ALL', revision: 1 };
  deps = {
    dueWork: new DigestDueWork(store),
    clock,
    mailer,
    codeSecret: new FixedCodeSecret(),
    portalUrl: TEST_PORTAL_URL,
    digests: store,
    overview,
  };
  store.schedules.set(ORG, new Date('2026-12-07T06:00:00.000Z'));
  store.products.set(ORG, [
    product('EXP1', '2027-03-08'), // enters EXPIRING on Tuesday 12-08, Berlin
    product('GONE1', '2026-12-10', 'MUC-2'), // enters EXPIRED on Friday 12-11, Munich
    product('LATER', '2027-04-30'), // nothing this week
  ]);
  store.members.set(ORG, [
    { userId: 'u-admin', email: 'admin@acme.example', firstName: 'Ada', role: 'ADMINISTRATOR' },
    { userId: 'u-member', email: 'member@acme.example', firstName: 'Max', role: 'MEMBER' },
    {
      userId: 'u-opted',
      email: 'opted@acme.example',
      firstName: 'Olga',
      role: 'MEMBER',
      supportDigest: true,
    },
    {
      userId: 'u-quiet',
      email: 'quiet@acme.example',
      firstName: 'Quinn',
      role: 'ADMINISTRATOR',
      supportDigest: false,
    },
  ]);
});

describe('send-support-digests', () => {
  it('emails administrators by default and members who chose it, what each may see, by site', async () => {
    const report = await sendSupportDigests(deps, ALL_THE_TIME);

    expect(report).toEqual({ done: 1, failed: 0, unfinished: false });
    expect(mailer.sent.map((message) => message.to).sort()).toEqual([
      'admin@acme.example',
      'opted@acme.example',
    ]);
    const admin = mailer.sentTo('admin@acme.example')[0]!;
    expect(admin.subject).toContain('2 products');
    expect(admin.text).toMatch(/Berlin HQ[^]*EXP1[^]*Munich Lab[^]*GONE1/);
    expect(admin.text).not.toContain('LATER');
    expect(admin.text).toContain(`${TEST_PORTAL_URL}/portal/product?serviceTag=EXP1`);
    // The member sees Munich only.
    const opted = mailer.sentTo('opted@acme.example')[0]!;
    expect(opted.text).toContain('GONE1');
    expect(opted.text).not.toContain('EXP1');
  });

  it('sends one digest per person and week however often it runs', async () => {
    await sendSupportDigests(deps, ALL_THE_TIME);
    // A rerun of the same week, as if the schedule had not moved (a crash after the emails).
    store.schedules.set(ORG, new Date('2026-12-07T06:00:00.000Z'));
    clock.advanceSeconds(3600);
    await sendSupportDigests(deps, ALL_THE_TIME);
    await sendSupportDigests(deps, ALL_THE_TIME);

    expect(mailer.sent).toHaveLength(2);
    expect(store.markers).toEqual(new Set([`${ORG}/2026-W50/u-admin`, `${ORG}/2026-W50/u-opted`]));
  });

  it('schedules the next Monday, and that week gets its own digest', async () => {
    await sendSupportDigests(deps, ALL_THE_TIME);
    expect(store.schedules.get(ORG)?.toISOString()).toBe('2026-12-14T06:00:00.000Z');

    clock.advanceSeconds(7 * 86_400); // 2026-W51
    store.products.set(ORG, [product('NEXT', '2027-03-15')]);
    await sendSupportDigests(deps, ALL_THE_TIME);

    expect(mailer.sentTo('admin@acme.example').map((message) => message.text.includes('NEXT'))).toEqual([
      false,
      true,
    ]);
  });

  it('does nothing before the organization is due', async () => {
    store.schedules.set(ORG, new Date('2026-12-14T06:00:00.000Z'));
    expect(await sendSupportDigests(deps, ALL_THE_TIME)).toMatchObject({ done: 0 });
    expect(mailer.sent).toEqual([]);
  });

  it('retries only the person whose email failed, on the next run', async () => {
    mailer.failSendsTo('opted@acme.example');

    const first = await sendSupportDigests(deps, ALL_THE_TIME);
    expect(first).toMatchObject({ done: 0, failed: 1 });
    expect(mailer.sent.map((message) => message.to)).toEqual(['admin@acme.example']);
    // Still due: the next run sends the one that failed, and nobody twice.
    await sendSupportDigests(deps, ALL_THE_TIME);
    expect(mailer.sent.map((message) => message.to)).toEqual(['admin@acme.example', 'opted@acme.example']);
    expect(store.schedules.get(ORG)?.toISOString()).toBe('2026-12-14T06:00:00.000Z');
  });

  it('pages through the members', async () => {
    store.pageSize = 1;
    await sendSupportDigests(deps, ALL_THE_TIME);
    expect(mailer.sent).toHaveLength(2);
  });

  it('sends nothing for a deactivated organization and keeps its schedule; drops that of one gone', async () => {
    organization = anOrganization({ organizationId: ORG, status: 'SUSPENDED' });
    await sendSupportDigests(deps, ALL_THE_TIME);
    expect(mailer.sent).toEqual([]);
    expect(store.schedules.get(ORG)?.toISOString()).toBe('2026-12-14T06:00:00.000Z');

    organization = undefined;
    clock.advanceSeconds(7 * 86_400);
    await sendSupportDigests(deps, ALL_THE_TIME);
    expect(store.schedules.has(ORG)).toBe(false);
  });

  it('puts a signed unsubscribe link in every digest, which turns the digest off without signing in', async () => {
    visibility = DEFAULT_VISIBILITY;
    await sendSupportDigests(deps, ALL_THE_TIME);
    const message = mailer.sentTo('opted@acme.example')[0]!;
    const link = /\/unsubscribe\?token=([A-Za-z0-9_.%-]+)/.exec(message.text)?.[1];
    const token = decodeURIComponent(link ?? '');
    expect(readUnsubscribeToken(TEST_CODE_SECRET, token)).toEqual({ organizationId: ORG, userId: 'u-opted' });
    expect(message.html).toContain('Unsubscribe from this digest');

    const unsubscribe = { digests: store, codeSecret: new FixedCodeSecret() };
    expect(await unsubscribeFromDigest(unsubscribe, token)).toEqual({ unsubscribed: true });
    expect(await unsubscribeFromDigest(unsubscribe, token)).toEqual({ unsubscribed: true });
    expect(store.members.get(ORG)?.find((member) => member.userId === 'u-opted')?.supportDigest).toBe(false);

    clock.advanceSeconds(7 * 86_400);
    store.products.set(ORG, [product('NEXT', '2027-03-15', 'MUC-2')]);
    await sendSupportDigests(deps, ALL_THE_TIME);
    expect(mailer.sentTo('opted@acme.example')).toHaveLength(1);
  });

  it('refuses a token it did not sign, naming /token', async () => {
    await expect(
      unsubscribeFromDigest({ digests: store, codeSecret: new FixedCodeSecret() }, 'bm90.YS10b2tlbg'),
    ).rejects.toThrow(ValidationError);
  });
});

describe('chooseSupportDigest', () => {
  it('records the member’s own choice', async () => {
    const account = anAccount({ userId: 'u-member', organizationId: ORG, role: 'MEMBER', state: 'ACTIVE' });
    expect(await chooseSupportDigest({ digests: store }, { account, organizationId: ORG }, true)).toEqual({
      enabled: true,
      isDefault: false,
    });
    await sendSupportDigests(deps, ALL_THE_TIME);
    const [digest] = mailer.sentTo('member@acme.example');
    expect(digest?.text).toContain('GONE1');
    expect(digest?.text).not.toContain('EXP1'); // Berlin is hidden from members
  });
});
