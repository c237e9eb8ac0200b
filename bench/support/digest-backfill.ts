import { performance } from 'node:perf_hooks';
import { DeleteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDueWorkIndex } from '../../functions/core/adapters/dynamodb/due-work.index';
import { DynamoJobCursorStore } from '../../functions/core/adapters/dynamodb/job-cursor.store';
import { DynamoSupportDigestStore } from '../../functions/core/adapters/dynamodb/support-digest.store';
import { keys } from '../../functions/core/adapters/dynamodb/table-design';
import {
  BACKFILL_PAGE_SIZE,
  backfillDigestSchedules,
} from '../../functions/core/use-cases/jobs/digest-schedule-backfill';
import type { DynamoDbMeter } from './dynamodb-meter';
import { round } from './stats';

export interface BackfillFigures {
  /** byDue SUPPORT_STATUS entries the pass pages through (products whose status will still change). */
  readonly entries: number;
  readonly organizationsScheduled: number;
  readonly roundTrips: number;
  readonly commands: Readonly<Record<string, number>>;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly seconds: number;
  /** The next run, once the pass is complete. */
  readonly afterwards: { readonly roundTrips: number; readonly readUnits: number };
}

/**
 * The backfill-digest-schedules job over the bench's table, as the jobs function runs it (the real adapters,
 * pages of BACKFILL_PAGE_SIZE, time enough for one run): the organizations' schedule items are deleted first, as if their
 * products had been imported before schedules existed, and must be back afterwards.
 */
export async function measureDigestBackfill(options: {
  readonly documents: DynamoDBDocumentClient;
  readonly plain: DynamoDBDocumentClient;
  readonly meter: DynamoDbMeter;
  readonly tableName: string;
  readonly organizationIds: readonly string[];
  readonly entries: number;
}): Promise<BackfillFigures> {
  const { documents, plain, meter, tableName, organizationIds } = options;
  for (const organizationId of organizationIds) {
    await plain.send(new DeleteCommand({ TableName: tableName, Key: keys.digestSchedule(organizationId) }));
  }
  const deps = {
    dueWork: new DynamoDueWorkIndex(documents, tableName),
    clock: { now: () => new Date() },
    cursors: new DynamoJobCursorStore(documents, tableName),
    digests: new DynamoSupportDigestStore(documents, tableName),
  };
  const budget = { pageSize: BACKFILL_PAGE_SIZE, hasTimeLeft: () => true };
  meter.reset();
  const started = performance.now();
  const report = await backfillDigestSchedules(deps, budget);
  const seconds = (performance.now() - started) / 1000;
  const usage = meter.usage();
  if (!report.complete || report.done !== organizationIds.length) {
    throw new Error(`the backfill answered ${JSON.stringify(report)}`);
  }
  for (const organizationId of organizationIds) {
    const { Item } = await plain.send(
      new GetCommand({ TableName: tableName, Key: keys.digestSchedule(organizationId) }),
    );
    if (typeof Item?.dueSk !== 'string') throw new Error(`${organizationId} has no digest schedule`);
  }
  meter.reset();
  const again = await backfillDigestSchedules(deps, budget);
  const afterwards = meter.usage();
  if (!again.complete || again.done !== 0) throw new Error(`the next run answered ${JSON.stringify(again)}`);
  return {
    entries: options.entries,
    organizationsScheduled: report.done,
    roundTrips: usage.roundTrips,
    commands: usage.commands,
    readUnits: round(usage.readUnits, 1),
    writeUnits: round(usage.writeUnits, 1),
    seconds: round(seconds, 2),
    afterwards: { roundTrips: afterwards.roundTrips, readUnits: round(afterwards.readUnits, 1) },
  };
}
