import { beforeEach, describe, expect, it } from 'vitest';
import type { DueKind } from '../../../../../functions/core/domain/scheduled-work';
import type { JobBudget } from '../../../../../functions/core/use-cases/jobs/due-work';
import {
  BACKFILL_COMPLETE,
  backfillDigestSchedules,
  DIGEST_SCHEDULE_BACKFILL_JOB,
  type DigestScheduleBackfillDependencies,
} from '../../../../../functions/core/use-cases/jobs/digest-schedule-backfill';
import type { DueWorkIndex } from '../../../../../functions/core/ports';
import { FixedClock } from '../../../fakes';
import { InMemoryJobCursorStore } from '../../../identity-fakes';
import { FakeSupportDigestStore } from '../../../support-digest.fake';

/** The byDue index's SUPPORT_STATUS entries (`<org>/<tag>`), in order, `limit` a page; records what it was asked. */
class StatusEntries implements DueWorkIndex {
  readonly asked: { kind: DueKind; now: Date; after?: string | undefined }[] = [];
  constructor(readonly ids: string[]) {}

  async duePage(kind: DueKind, now: Date, limit: number, after?: string) {
    this.asked.push({ kind, now, after });
    const start = after === undefined ? 0 : Number(after);
    const ids = kind === 'SUPPORT_STATUS' ? this.ids.slice(start, start + limit) : [];
    const next = start + limit;
    return { ids, after: kind === 'SUPPORT_STATUS' && next < this.ids.length ? String(next) : undefined };
  }
}

const PAGE_OF_TWO: JobBudget = { pageSize: 2, hasTimeLeft: () => true };
/** Monday 2026-12-07 10:00 UTC: the next digest is Monday 2026-12-14 06:00 UTC. */
const NOW = '2026-12-07T10:00:00.000Z';
const NEXT_MONDAY = new Date('2026-12-14T06:00:00.000Z');

let store: FakeSupportDigestStore;
let cursors: InMemoryJobCursorStore;
let entries: StatusEntries;
let deps: DigestScheduleBackfillDependencies;

beforeEach(() => {
  store = new FakeSupportDigestStore();
  cursors = new InMemoryJobCursorStore();
  entries = new StatusEntries(['org-a/T1', 'org-a/T2', 'org-b/T1', 'org-a/T3', 'org-c/T9']);
  deps = { dueWork: entries, clock: new FixedClock(NOW), cursors, digests: store };
});

describe('backfillDigestSchedules', () => {
  it('schedules every organization named by a SUPPORT_STATUS entry for next Monday, once, and completes', async () => {
    const report = await backfillDigestSchedules(deps, PAGE_OF_TWO);

    expect(report).toEqual({ done: 3, failed: 0, unfinished: false, complete: true });
    expect([...store.schedules]).toEqual([
      ['org-a', NEXT_MONDAY],
      ['org-b', NEXT_MONDAY],
      ['org-c', NEXT_MONDAY],
    ]);
    // All of the index, whatever its due times: paged "due by" the end of time.
    expect(entries.asked.map((page) => page.kind)).toEqual([
      'SUPPORT_STATUS',
      'SUPPORT_STATUS',
      'SUPPORT_STATUS',
    ]);
    expect(entries.asked.every((page) => page.now.getUTCFullYear() === 9999)).toBe(true);
    expect(cursors.cursors.get(DIGEST_SCHEDULE_BACKFILL_JOB)).toBe(BACKFILL_COMPLETE);
  });

  it('leaves an organization that has a schedule as it is', async () => {
    const thisMonday = new Date('2026-12-07T06:00:00.000Z');
    store.schedules.set('org-b', thisMonday);

    const report = await backfillDigestSchedules(deps, PAGE_OF_TWO);

    expect(report.done).toBe(2);
    expect(store.schedules.get('org-b')).toBe(thisMonday);
  });

  it('stops when out of time with the cursor of the last page it finished, and the next run goes on from there', async () => {
    let pages = 0;
    const onePage: JobBudget = { pageSize: 2, hasTimeLeft: () => pages++ < 1 };

    const first = await backfillDigestSchedules(deps, onePage);

    expect(first).toEqual({ done: 1, failed: 0, unfinished: true, complete: false });
    expect(cursors.cursors.get(DIGEST_SCHEDULE_BACKFILL_JOB)).toBe('2');
    expect([...store.schedules.keys()]).toEqual(['org-a']);

    const second = await backfillDigestSchedules(deps, PAGE_OF_TWO);

    expect(second).toEqual({ done: 2, failed: 0, unfinished: false, complete: true });
    expect(entries.asked.map((page) => page.after)).toEqual([undefined, '2', '4']);
    expect([...store.schedules.keys()]).toEqual(['org-a', 'org-b', 'org-c']);
  });

  it('repeats a page whose write failed on the next run, without skipping it, and is idempotent', async () => {
    const real = store.scheduleIfMissing.bind(store);
    let failOrgB = true;
    store.scheduleIfMissing = async (organizationId, at) => {
      if (organizationId === 'org-b' && failOrgB) throw new Error('throttled');
      return real(organizationId, at);
    };

    const failed = await backfillDigestSchedules(deps, PAGE_OF_TWO);

    expect(failed).toEqual({ done: 1, failed: 1, unfinished: true, complete: false });
    expect(cursors.cursors.get(DIGEST_SCHEDULE_BACKFILL_JOB)).toBe('2');

    failOrgB = false;
    const rerun = await backfillDigestSchedules(deps, PAGE_OF_TWO);

    expect(rerun).toEqual({ done: 2, failed: 0, unfinished: false, complete: true });
    expect([...store.schedules.keys()].sort()).toEqual(['org-a', 'org-b', 'org-c']);
  });

  it('saves its cursor every 10 pages and at the end, not after each page', async () => {
    entries = new StatusEntries(Array.from({ length: 50 }, (_, index) => `org-${index % 3}/T${index}`));
    const saves: (string | undefined)[] = [];
    const save = cursors.save.bind(cursors);
    cursors.save = async (job, cursor) => {
      saves.push(cursor);
      await save(job, cursor);
    };

    const report = await backfillDigestSchedules({ ...deps, dueWork: entries }, PAGE_OF_TWO);

    expect(report).toMatchObject({ done: 3, complete: true });
    expect(entries.asked).toHaveLength(25);
    expect(saves).toEqual(['20', '40', BACKFILL_COMPLETE]);
  });

  it('does nothing but read its cursor once the pass is complete', async () => {
    await backfillDigestSchedules(deps, PAGE_OF_TWO);
    entries.asked.length = 0;
    store.schedules.clear();

    const again = await backfillDigestSchedules(deps, PAGE_OF_TWO);

    expect(again).toEqual({ done: 0, failed: 0, unfinished: false, complete: true });
    expect(entries.asked).toEqual([]);
    expect(store.schedules.size).toBe(0);
  });

  it('runs the whole pass again, writing nothing new, when its cursor is deleted', async () => {
    await backfillDigestSchedules(deps, PAGE_OF_TWO);
    await cursors.save(DIGEST_SCHEDULE_BACKFILL_JOB, undefined);

    const again = await backfillDigestSchedules(deps, PAGE_OF_TWO);

    expect(again).toEqual({ done: 0, failed: 0, unfinished: false, complete: true });
    expect(store.schedules.size).toBe(3);
  });
});
