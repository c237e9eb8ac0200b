import type { Rule } from 'aws-cdk-lib/aws-events';
import { describe, expect, it } from 'vitest';
import { RECONCILE_IDENTITIES_SCHEDULE } from '../../functions/jobs/identity-reconciliation';
import { SCHEDULED_JOB_NAMES, SCHEDULED_JOBS } from '../../functions/jobs/scheduled-jobs';
import { IDENTITY_CHANGING_CALLS, SCHEDULE_RETRY_ATTEMPTS } from '../../lib/schedules';
import {
  arnOf,
  type CfnResourceJson,
  logicalIdOf,
  resourcesOfType,
  synthPortico,
} from './support/portico-app';

const { stack, template } = synthPortico();
const resources = template.toJSON().Resources as Record<string, CfnResourceJson>;
const { jobsFunction, reconciliationFunction, deadLetterQueue, rules } = stack.schedules;

const MINUTES_PER_UNIT: Record<string, number> = { minute: 1, hour: 60, day: 24 * 60 };

/** Minutes between two runs of an EventBridge `rate(<n> <unit>)` expression. */
function minutesOf(expression: unknown): number {
  const match = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(String(expression));
  if (!match) throw new Error(`not a rate expression: ${String(expression)}`);
  const [, value, unit] = match;
  return Number(value) * (MINUTES_PER_UNIT[unit ?? ''] ?? Number.NaN);
}

describe('the schedule rules', () => {
  it('are exactly one per SCHEDULED_JOBS entry, and reconcile-identities', () => {
    const scheduled = Object.values(resourcesOfType(template, 'AWS::Events::Rule')).filter(
      (rule) => rule.Properties?.ScheduleExpression !== undefined,
    );
    expect(scheduled).toHaveLength(SCHEDULED_JOB_NAMES.length + 1);
    expect([...rules.keys()].sort()).toEqual([...SCHEDULED_JOB_NAMES].sort());
  });

  it('include roll-support-status, hourly, which moves products to EXPIRING and EXPIRED on their day', () => {
    const byName: ReadonlyMap<string, unknown> = rules;
    const rule = byName.get('roll-support-status');
    expect(rule).toBeDefined();
    const properties = resources[logicalIdOf(rule as Rule)]?.Properties ?? {};
    expect(properties.ScheduleExpression).toBe('rate(1 hour)');
    expect(JSON.parse(String((properties.Targets as { Input: string }[])[0]?.Input))).toEqual({
      job: 'roll-support-status',
    });
  });

  it('include send-support-digests, hourly (each organization comes due on Mondays at 06:00 UTC)', () => {
    const byName: ReadonlyMap<string, unknown> = rules;
    const rule = byName.get('send-support-digests');
    expect(rule).toBeDefined();
    const properties = resources[logicalIdOf(rule as Rule)]?.Properties ?? {};
    expect(properties.ScheduleExpression).toBe('rate(1 hour)');
    expect(properties.State).toBe('ENABLED');
    expect(JSON.parse(String((properties.Targets as { Input: string }[])[0]?.Input))).toEqual({
      job: 'send-support-digests',
    });
  });

  describe.each(SCHEDULED_JOB_NAMES)('%s', (name) => {
    const rule = rules.get(name);
    if (!rule) throw new Error(`no rule for ${name}`);
    const properties = resources[logicalIdOf(rule)]?.Properties ?? {};
    const targets = properties.Targets as Record<string, unknown>[];

    it(`runs every ${SCHEDULED_JOBS[name].everyMinutes} minutes, enabled`, () => {
      expect(minutesOf(properties.ScheduleExpression)).toBe(SCHEDULED_JOBS[name].everyMinutes);
      expect(properties.State).toBe('ENABLED');
      expect(properties.Description).toContain(name);
    });

    it('invokes the jobs function with { job: <name> }', () => {
      expect(targets).toHaveLength(1);
      expect(targets[0]?.Arn).toEqual(arnOf(jobsFunction.function));
      expect(JSON.parse(String(targets[0]?.Input))).toEqual({ job: name });
    });

    it(`retries delivery ${SCHEDULE_RETRY_ATTEMPTS} times, then dead-letters the event`, () => {
      expect(SCHEDULE_RETRY_ATTEMPTS).toBe(2);
      expect(targets[0]?.RetryPolicy).toEqual({ MaximumRetryAttempts: 2 });
      expect(targets[0]?.DeadLetterConfig).toEqual({ Arn: arnOf(deadLetterQueue) });
    });

    it('may invoke the function, and only this rule is allowed by its permission', () => {
      const permissions = Object.values(resourcesOfType(template, 'AWS::Lambda::Permission')).filter(
        (permission) => JSON.stringify(permission.Properties?.SourceArn) === JSON.stringify(arnOf(rule)),
      );
      expect(permissions.map((permission) => permission.Properties)).toEqual([
        {
          Action: 'lambda:InvokeFunction',
          FunctionName: arnOf(jobsFunction.function),
          Principal: 'events.amazonaws.com',
          SourceArn: arnOf(rule),
        },
      ]);
    });
  });
});

describe('the jobs function', () => {
  const properties = resources[logicalIdOf(jobsFunction.function)]?.Properties ?? {};

  it('runs the scheduled-job handler for up to 5 minutes', () => {
    expect(properties.Description).toContain('Scheduled jobs');
    for (const name of SCHEDULED_JOB_NAMES) expect(properties.Description).toContain(name);
    expect(properties.Timeout).toBe(300);
  });

  it("hands a job that still fails after Lambda's own retries to the dead-letter queue", () => {
    // The stack's other asynchronous function (the email feedback function) has its own queue.
    const configs = Object.values(resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig')).filter(
      (config) =>
        JSON.stringify(config.Properties?.FunctionName) !==
        JSON.stringify({ Ref: logicalIdOf(stack.emailFeedback.feedbackFunction.function) }),
    );
    expect(configs.map((config) => config.Properties)).toEqual(
      [jobsFunction, reconciliationFunction].map((fn) =>
        expect.objectContaining({
          FunctionName: { Ref: logicalIdOf(fn.function) },
          DestinationConfig: { OnFailure: { Destination: arnOf(deadLetterQueue) } },
        }),
      ),
    );
  });
});

describe('the identity reconciliation function and its schedule', () => {
  const properties = resources[logicalIdOf(reconciliationFunction.function)]?.Properties ?? {};
  const rule = resources[logicalIdOf(stack.schedules.reconciliationRule)]?.Properties ?? {};
  const targets = rule.Targets as Record<string, unknown>[];

  it('runs reconcile-identities for up to 5 minutes, hourly, with { job: "reconcile-identities" }', () => {
    expect(properties.Description).toContain('reconcile-identities');
    expect(properties.Timeout).toBe(300);
    expect(minutesOf(rule.ScheduleExpression)).toBe(RECONCILE_IDENTITIES_SCHEDULE.everyMinutes);
    expect(rule.State).toBe('ENABLED');
    expect(targets).toHaveLength(1);
    expect(targets[0]?.Arn).toEqual(arnOf(reconciliationFunction.function));
    expect(JSON.parse(String(targets[0]?.Input))).toEqual({ job: 'reconcile-identities' });
    expect(targets[0]?.RetryPolicy).toEqual({ MaximumRetryAttempts: SCHEDULE_RETRY_ATTEMPTS });
    expect(targets[0]?.DeadLetterConfig).toEqual({ Arn: arnOf(deadLetterQueue) });
  });
});

describe('the dead-letter queue', () => {
  const properties = resources[logicalIdOf(deadLetterQueue)]?.Properties ?? {};
  const policies = Object.values(resourcesOfType(template, 'AWS::SQS::QueuePolicy')).filter((policy) =>
    JSON.stringify(policy.Properties?.Queues).includes(JSON.stringify({ Ref: logicalIdOf(deadLetterQueue) })),
  );
  const statements = policies.flatMap(
    (policy) => (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
  );

  it('is encrypted at rest and keeps messages for 14 days', () => {
    expect(properties.SqsManagedSseEnabled).toBe(true);
    expect(properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('refuses every request that is not over TLS', () => {
    expect(policies).toHaveLength(1);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sqs:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('accepts messages from EventBridge only on behalf of the schedule rules', () => {
    const fromEvents = statements.filter((statement) => statement.Effect === 'Allow');
    // The schedule rules, reconcile-identities' schedule, and its rule on console changes.
    expect(fromEvents).toHaveLength(SCHEDULED_JOB_NAMES.length + 2);
    for (const statement of fromEvents) {
      expect(statement).toEqual(
        expect.objectContaining({
          Action: 'sqs:SendMessage',
          Principal: { Service: 'events.amazonaws.com' },
        }),
      );
    }
    expect(fromEvents.map((statement) => JSON.stringify(statement.Condition)).sort()).toEqual(
      [...rules.values(), stack.schedules.reconciliationRule, stack.schedules.identityChangeRule]
        .map((rule) => JSON.stringify({ ArnEquals: { 'aws:SourceArn': arnOf(rule) } }))
        .sort(),
    );
  });
});

describe('the identity change rule (CloudTrail → reconcile-identities sooner)', () => {
  const rule = stack.schedules.identityChangeRule;
  const properties = resources[logicalIdOf(rule)]?.Properties ?? {};
  const pattern = properties.EventPattern as Record<string, unknown>;
  const detail = pattern.detail as Record<string, unknown>;

  it('matches the console calls that change a user of this pool, recorded by CloudTrail', () => {
    expect(pattern.source).toEqual(['aws.cognito-idp']);
    expect(pattern['detail-type']).toEqual(['AWS API Call via CloudTrail']);
    expect(detail.eventSource).toEqual(['cognito-idp.amazonaws.com']);
    expect(detail.eventName).toEqual([...IDENTITY_CHANGING_CALLS]);
    expect(detail.eventName).toEqual(
      expect.arrayContaining(['AdminDeleteUser', 'AdminDisableUser', 'AdminEnableUser']),
    );
    // Every sign-up calls AdminCreateUser through the API: not a reason to reconcile.
    expect(detail.eventName).not.toContain('AdminCreateUser');
    expect(detail.requestParameters).toEqual({ userPoolId: [{ Ref: logicalIdOf(stack.identity.userPool) }] });
  });

  it("ignores reconciliation's own calls (its removals would start pass after pass)", () => {
    expect(detail.$or).toEqual([
      { userIdentity: { type: ['Root', 'IAMUser'] } },
      {
        userIdentity: {
          sessionContext: {
            sessionIssuer: { arn: [{ 'anything-but': [arnOf(reconciliationFunction.role)] }] },
          },
        },
      },
    ]);
  });

  it('invokes the reconciliation function with { job: "reconcile-identities" }, retried then dead-lettered', () => {
    const targets = properties.Targets as Record<string, unknown>[];
    expect(targets).toHaveLength(1);
    expect(targets[0]?.Arn).toEqual(arnOf(reconciliationFunction.function));
    expect(JSON.parse(String(targets[0]?.Input))).toEqual({ job: 'reconcile-identities' });
    expect(targets[0]?.RetryPolicy).toEqual({ MaximumRetryAttempts: SCHEDULE_RETRY_ATTEMPTS });
    expect(targets[0]?.DeadLetterConfig).toEqual({ Arn: arnOf(deadLetterQueue) });
  });
});
