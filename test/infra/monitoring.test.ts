import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../functions/core/metrics';
import { TABLE_INDEXES } from '../../functions/core/adapters/dynamodb/table-design';
import { routeList } from '../../functions/routes';
import { SES_BOUNCE_RATE_THRESHOLD, SES_COMPLAINT_RATE_THRESHOLD } from '../../lib/monitoring';
import { logicalIdOf, ref, resourcesOfType, synthPortico } from './support/portico-app';

const { stack, template, merged } = synthPortico();
const topicRef = { Ref: logicalIdOf(stack.monitoring.alarmTopic) };
const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).map(
  (alarm) => alarm.Properties ?? {},
);
const dashboardBody = JSON.stringify(
  (Object.values(resourcesOfType(template, 'AWS::CloudWatch::Dashboard'))[0]?.Properties ?? {}).DashboardBody,
);

function alarmOn(metricName: string): Record<string, unknown> {
  const found = alarms.find(
    (alarm) =>
      alarm.MetricName === metricName || JSON.stringify(alarm.Metrics ?? '').includes(`"${metricName}"`),
  );
  if (!found) throw new Error(`no alarm on ${metricName}`);
  return found;
}

describe('alarms', () => {
  it('email the portico:alarmEmail address (operations@<mailDomain> by default) through an encrypted topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'operations@portico.example',
      TopicArn: topicRef,
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const { template: other } = synthPortico({ context: { 'portico:alarmEmail': 'oncall@example.com' } });
    other.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'oncall@example.com' });
  });

  it('let CloudWatch (of this account) encrypt with the topic key', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('each notify the topic when they fire and when they clear', () => {
    expect(alarms.length).toBe(8);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([topicRef]);
      expect(alarm.OKActions).toEqual([topicRef]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
  });

  it('watch the API 5xx rate over two 5-minute periods', () => {
    expect(alarmOn('5XXError')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      Statistic: 'Average',
      Threshold: 0.01,
      EvaluationPeriods: 2,
    });
  });

  it('fire on any message in either dead-letter queue', () => {
    const dlqAlarms = alarms.filter((alarm) => alarm.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(dlqAlarms.map((alarm) => JSON.stringify(alarm.Dimensions)).sort()).toEqual(
      [stack.schedules.deadLetterQueue, stack.emailFeedback.deadLetterQueue]
        .map((queue) =>
          JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(queue), 'QueueName'] } }]),
        )
        .sort(),
    );
    for (const alarm of dlqAlarms) expect(alarm).toMatchObject({ Threshold: 1, EvaluationPeriods: 1 });
  });

  it('fire when a review is parked in NEEDS_ATTENTION (the ReviewsParked metric)', () => {
    const alarm = alarmOn('ReviewsParked');
    expect(alarm.Threshold).toBe(1);
    const text = JSON.stringify(alarm);
    for (const part of [
      '"Namespace":"Portico"',
      '"MetricName":"ReviewsParked"',
      '{"Name":"service","Value":"portico"}',
    ]) {
      expect(text).toContain(part);
    }
    expect(JSON.stringify(alarm)).toContain('"Stat":"Sum"');
  });

  it('fire at the SES bounce (5 %) and complaint (0.1 %) rates SES reviews accounts at', () => {
    expect(alarmOn('Reputation.BounceRate')).toMatchObject({
      Namespace: 'AWS/SES',
      Threshold: SES_BOUNCE_RATE_THRESHOLD,
    });
    expect(alarmOn('Reputation.ComplaintRate')).toMatchObject({ Threshold: SES_COMPLAINT_RATE_THRESHOLD });
    expect(SES_BOUNCE_RATE_THRESHOLD).toBe(0.05);
    expect(SES_COMPLAINT_RATE_THRESHOLD).toBe(0.001);
  });

  it('watch DynamoDB read and write throttling of the table and of every index', () => {
    for (const kind of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
      const alarm = alarmOn(kind);
      const metrics = JSON.stringify(alarm.Metrics);
      expect(metrics).toContain(kind);
      for (const index of TABLE_INDEXES)
        expect(metrics, `${kind} ${index.indexName}`).toContain(index.indexName);
      // CloudWatch refuses an alarm whose math holds more than 10 metrics.
      expect(
        (alarm.Metrics as unknown[]).filter((metric) => JSON.stringify(metric).includes('MetricStat')),
      ).toHaveLength(TABLE_INDEXES.length + 1);
    }
  });
});

describe('the dashboard', () => {
  it('shows every Portico business metric', () => {
    for (const name of Object.keys(METRICS)) expect(dashboardBody, name).toContain(`\\"${name}\\"`);
  });

  it('shows 4XX, 5XX and p99 latency for every route (detailed metrics are on for the stage)', () => {
    for (const route of routeList) expect(dashboardBody).toContain(route.path);
    for (const metric of ['4XXError', '5XXError', 'Latency', 'p99']) expect(dashboardBody).toContain(metric);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ MetricsEnabled: true })]),
    });
  });

  it('graphs the errors and throttles of every function, the route functions of the nested stacks included', () => {
    const functions = [
      ...routeList.map((route) => stack.api.functions.get(route.id)),
      stack.reviewWorkflow.reviewFunction,
      stack.schedules.jobsFunction,
      stack.emailFeedback.feedbackFunction,
      stack.organizationClaim.triggerFunction,
    ];
    // The dashboard (parent stack) names a route function through its nested stack's output; the merged view
    // resolves that output to the function's own reference.
    const mergedBody = JSON.stringify(
      Object.values(resourcesOfType(merged, 'AWS::CloudWatch::Dashboard'))[0]?.Properties?.DashboardBody,
    );
    for (const fn of functions) {
      if (!fn) throw new Error('a route has no function');
      // Once in the errors graph, once in the throttles graph.
      const mentions = mergedBody.split(JSON.stringify(ref(fn.function))).length - 1;
      expect(mentions, fn.node.path).toBe(2);
    }
  });

  it('shows Lambda errors and throttles, DynamoDB throttles, dead-letter depth and WAF blocks', () => {
    for (const text of [
      'Lambda errors',
      'Lambda throttles',
      'DynamoDB throttled requests',
      'Dead-letter queue depth',
      'AWS/WAFV2',
      'Review queue',
      'Onboarding funnel',
    ]) {
      expect(dashboardBody).toContain(text);
    }
  });
});
