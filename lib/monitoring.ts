import { Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import {
  ACTIVATION_OUTCOMES,
  METRICS,
  METRICS_NAMESPACE,
  type MetricName,
  OUTCOME_DIMENSION,
  REVIEW_DECISIONS,
  SERVICE_DIMENSION,
  SERVICE_NAME,
} from '../functions/core/metrics';
import type { RouteDefinition } from '../functions/routes';
import { TABLE_INDEXES } from '../functions/core/adapters/dynamodb/table-design';
import type { PorticoFunction } from './portico-function';

/** Share of API requests answered 5xx over five minutes that raises the alarm. */
export const API_5XX_RATE_THRESHOLD = 0.01;
/** SES puts an account under review at a 5 % bounce rate and a 0.1 % complaint rate: alarm at those. */
export const SES_BOUNCE_RATE_THRESHOLD = 0.05;
export const SES_COMPLAINT_RATE_THRESHOLD = 0.001;

const FIVE_MINUTES = Duration.minutes(5);

export interface PorticoMonitoringProps {
  /** Who the alarm topic emails (`portico:alarmEmail`). */
  readonly alarmEmail: string;
  readonly restApi: RestApi;
  /** The route table, for the per-route API widgets. */
  readonly routes: readonly RouteDefinition[];
  /** Every Portico function, by a name shown on the dashboard. */
  readonly functions: ReadonlyMap<string, PorticoFunction>;
  readonly table: ITable;
  /** Dead-letter queues, by a name shown on the dashboard and in the alarm. */
  readonly deadLetterQueues: ReadonlyMap<string, IQueue>;
  /** The web ACL on the API stage (lib/waf.ts): the metric names of the ACL and its rules. */
  readonly webAcl: { readonly metricName: string; readonly ruleMetricNames: readonly string[] };
}

/** A Portico business metric (functions/core/metrics.ts), in total or for one outcome. */
export function porticoMetric(
  name: MetricName,
  options: { readonly outcome?: string; readonly statistic?: string; readonly label?: string } = {},
): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: {
      [SERVICE_DIMENSION]: SERVICE_NAME,
      ...(options.outcome === undefined ? {} : { [OUTCOME_DIMENSION]: options.outcome }),
    },
    statistic: options.statistic ?? (METRICS[name].unit === 'Count' ? 'Sum' : 'Maximum'),
    period: FIVE_MINUTES,
    label: options.label ?? name,
  });
}

/**
 * What the vendor's admins see in the CloudWatch console: one dashboard (the onboarding funnel, the review queue,
 * the API per route, the functions, DynamoDB, the dead-letter queues, email and the WAF) and the alarms, which
 * email `alarmEmail` through an SNS topic encrypted with a key of its own (CloudWatch may use it, nobody else).
 */
export class PorticoMonitoring extends Construct {
  public readonly alarmTopic: Topic;
  public readonly dashboard: Dashboard;
  /** Every alarm, by name. */
  public readonly alarms: ReadonlyMap<string, Alarm>;

  constructor(scope: Construct, id: string, props: PorticoMonitoringProps) {
    super(scope, id);

    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Portico: encrypts the alarm topic; CloudWatch alarms publish with it',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Portico alarms',
      masterKey: key,
      enforceSSL: true,
    });
    this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    const alarms = new Map<string, Alarm>();
    const alarm = (name: string, metric: IMetric, threshold: number, description: string, periods = 1) => {
      const created = new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(this.alarmTopic));
      created.addOkAction(new SnsAction(this.alarmTopic));
      alarms.set(name, created);
      return created;
    };

    const api5xxRate = props.restApi.metricServerError({ statistic: 'Average', period: FIVE_MINUTES });
    alarm(
      'Api5xxRate',
      api5xxRate,
      API_5XX_RATE_THRESHOLD,
      `More than ${API_5XX_RATE_THRESHOLD * 100} % of API requests answered 5xx, two 5-minute periods running: ` +
        'see the dashboard per route, then the function logs.',
      2,
    );
    for (const [name, queue] of props.deadLetterQueues) {
      alarm(
        `${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES }),
        1,
        `A message waits in the ${name} dead-letter queue: work that failed after its retries ` +
          '(docs/operations.md says how to redrive it).',
      );
    }
    alarm(
      'ReviewNeedsAttention',
      porticoMetric('ReviewsParked'),
      1,
      'An organization request was parked in NEEDS_ATTENTION after a review task kept failing: open it in the ' +
        'operator list (status open) and decide it; the error is on the request.',
    );
    alarm(
      'SesBounceRate',
      new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        statistic: 'Maximum',
        period: Duration.minutes(15),
      }),
      SES_BOUNCE_RATE_THRESHOLD,
      'The SES bounce rate reached 5 %: SES reviews an account there (and may pause sending at 10 %).',
    );
    alarm(
      'SesComplaintRate',
      new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        statistic: 'Maximum',
        period: Duration.minutes(15),
      }),
      SES_COMPLAINT_RATE_THRESHOLD,
      'The SES complaint rate reached 0.1 %: SES reviews an account there (and may pause sending at 0.5 %).',
    );
    // One alarm per kind: an alarm's math may hold at most 10 metrics, and the table has 5 indexes.
    const dynamoThrottles = (['Read', 'Write'] as const).map((kind) => {
      const throttles = this.dynamoThrottles(props.table, kind);
      alarm(
        `DynamoDb${kind}Throttling`,
        throttles,
        1,
        `DynamoDB throttled ${kind.toLowerCase()}s of the Portico table or an index, two 5-minute periods running.`,
        2,
      );
      return throttles;
    });
    this.alarms = alarms;

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: Stack.of(this).stackName,
      defaultInterval: Duration.days(1),
    });
    this.addWidgets(props, api5xxRate, dynamoThrottles);
  }

  /** Read or write throttle events of the table and of each index, summed. */
  private dynamoThrottles(table: ITable, kind: 'Read' | 'Write'): MathExpression {
    const metricName = `${kind}ThrottleEvents`;
    const usingMetrics: Record<string, IMetric> = {};
    for (const index of [undefined, ...TABLE_INDEXES.map((each) => each.indexName)]) {
      usingMetrics[`${kind.toLowerCase()}${Object.keys(usingMetrics).length}`] = new Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: {
          TableName: table.tableName,
          ...(index === undefined ? {} : { GlobalSecondaryIndexName: index }),
        },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      });
    }
    return new MathExpression({
      expression: Object.keys(usingMetrics).join(' + '),
      usingMetrics,
      label: `Throttled ${kind.toLowerCase()}s (table and indexes)`,
      period: FIVE_MINUTES,
    });
  }

  private addWidgets(
    props: PorticoMonitoringProps,
    api5xxRate: IMetric,
    dynamoThrottles: readonly IMetric[],
  ): void {
    const wide = { width: 12, height: 6 } as const;
    const graph = (
      title: string,
      left: IMetric[],
      extra: Partial<ConstructorParameters<typeof GraphWidget>[0]> = {},
    ) => new GraphWidget({ title, left, ...wide, ...extra });
    const apiName = props.restApi.restApiName;
    const stage = props.restApi.deploymentStage.stageName;
    const perRoute = (metricName: string, statistic: string) =>
      props.routes.map(
        (route) =>
          new Metric({
            namespace: 'AWS/ApiGateway',
            metricName,
            dimensionsMap: { ApiName: apiName, Stage: stage, Resource: route.path, Method: route.method },
            statistic,
            period: FIVE_MINUTES,
            label: `${route.method} ${route.path}`,
          }),
      );
    const functions = [...props.functions.entries()];

    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# Portico\nOnboarding funnel, review queue, API per route, functions, DynamoDB, dead letters, email and ' +
          'WAF. Alarms email the `portico:alarmEmail` address; docs/operations.md explains each.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Onboarding funnel', [
        porticoMetric('SignUps', { label: 'Sign-ups' }),
        porticoMetric('EmailVerifications', { label: 'Emails verified' }),
        porticoMetric('Activations', { label: 'Business accounts activated' }),
        porticoMetric('WebmailRegistrationsRefused', { label: 'Refused: personal or disposable email' }),
        porticoMetric('JoinRequests', { label: 'Join requests (approval policy)' }),
        porticoMetric('AccountsRelinked', { label: 'Accounts given back on a new sign-up' }),
      ]),
      graph(
        'Activations by outcome',
        ACTIVATION_OUTCOMES.map((outcome) => porticoMetric('Activations', { outcome, label: outcome })),
        { stacked: true },
      ),
    );
    this.dashboard.addWidgets(
      graph('Review queue', [porticoMetric('OpenReviews', { label: 'Waiting for a decision' })], {
        right: [
          new MathExpression({
            expression: 'age / 3600',
            usingMetrics: { age: porticoMetric('OldestOpenReviewAge') },
            label: 'Oldest waiting (hours)',
            period: FIVE_MINUTES,
          }),
        ],
      }),
      graph('Reviews', [
        porticoMetric('ReviewsOpened', { label: 'Opened' }),
        ...REVIEW_DECISIONS.map((outcome) => porticoMetric('ReviewsDecided', { outcome, label: outcome })),
        porticoMetric('ReviewsExpired', { label: 'Expired' }),
        porticoMetric('ReviewsParked', { label: 'Parked (needs attention)' }),
      ]),
    );
    this.dashboard.addWidgets(
      graph('API 4XX per route', perRoute('4XXError', 'Sum'), { legendPosition: undefined }),
      graph('API 5XX per route', perRoute('5XXError', 'Sum')),
    );
    this.dashboard.addWidgets(
      graph('API p99 latency per route (ms)', perRoute('Latency', 'p99')),
      graph('API 5XX rate and 429s', [api5xxRate], {
        right: [porticoMetric('ThrottledRequests', { label: 'Code limits (429)' })],
      }),
    );
    this.dashboard.addWidgets(
      graph(
        'Lambda errors',
        functions.map(([name, fn]) => fn.function.metricErrors({ period: FIVE_MINUTES, label: name })),
      ),
      graph(
        'Lambda throttles',
        functions.map(([name, fn]) => fn.function.metricThrottles({ period: FIVE_MINUTES, label: name })),
      ),
    );
    this.dashboard.addWidgets(
      graph('DynamoDB throttled requests', [...dynamoThrottles]),
      graph(
        'Dead-letter queue depth',
        [...props.deadLetterQueues.entries()].map(([name, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            period: FIVE_MINUTES,
            label: name,
          }),
        ),
      ),
    );
    this.dashboard.addWidgets(
      graph('Email', [
        porticoMetric('CodesSent', { label: 'Codes sent' }),
        porticoMetric('EmailsFailed', { label: 'Failed (SES refused or down)' }),
        porticoMetric('EmailsSuppressed', { label: 'Not sent: suppressed address' }),
        porticoMetric('AddressesSuppressed', { label: 'Addresses suppressed' }),
      ]),
      new SingleValueWidget({
        title: 'SES reputation (account)',
        metrics: ['Reputation.BounceRate', 'Reputation.ComplaintRate'].map(
          (metricName) =>
            new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) }),
        ),
        ...wide,
      }),
    );
    this.dashboard.addWidgets(
      graph(
        'WAF blocked requests (API stage)',
        props.webAcl.ruleMetricNames.map(
          (rule) =>
            new Metric({
              namespace: 'AWS/WAFV2',
              metricName: 'BlockedRequests',
              dimensionsMap: { WebACL: props.webAcl.metricName, Rule: rule, Region: Stack.of(this).region },
              statistic: 'Sum',
              period: FIVE_MINUTES,
              label: rule,
            }),
        ),
        { width: 24 },
      ),
    );
  }
}
