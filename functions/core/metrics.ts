import { logger as defaultLogger, type StructuredLogger } from './logger';

/**
 * Business metrics in CloudWatch Embedded Metric Format (EMF): each event is one JSON line written through the
 * structured logger, which CloudWatch Logs turns into a metric of the `Portico` namespace without any API call
 * (no PutMetricData, no permission, nothing to wait for). The dashboard and alarms (lib/monitoring.ts) read the
 * same catalogue, so a metric cannot be renamed on one side only.
 *
 * Why not Powertools Metrics: it adds 15.1 KB minified to a bundle (measured with the project's esbuild options,
 * docs/operations.md), for what is here one object literal per event; the project replaced Powertools Logger
 * for the same reason. Every metric carries the `service` dimension (the logger's `service` field); a metric
 * with an `outcome` is published twice, in total and per outcome, so the funnel needs no metric math.
 */

export const METRICS_NAMESPACE = 'Portico';
/** The dimension every Portico metric carries; its value is the logger's `service` field. */
export const SERVICE_DIMENSION = 'service';
export const SERVICE_NAME = 'portico';
/** The dimension of a metric that counts by outcome. */
export const OUTCOME_DIMENSION = 'outcome';

/** How a business account became active: one matching organization, a chosen division, a review, an invitation. */
export const ACTIVATION_OUTCOMES = ['single', 'division', 'review', 'invitation'] as const;
export type ActivationOutcome = (typeof ACTIVATION_OUTCOMES)[number];
export const REVIEW_DECISIONS = ['approved', 'rejected'] as const;
export type ReviewDecisionOutcome = (typeof REVIEW_DECISIONS)[number];

interface MetricDefinition {
  readonly unit: 'Count' | 'Seconds';
  /** The values of the `outcome` dimension, for a metric counted by outcome. */
  readonly outcomes?: readonly string[];
}

/**
 * Every metric Portico publishes, with its unit; what one data point means is each entry's comment (comments, not
 * strings, so that every function's bundle does not carry the catalogue's prose).
 */
export const METRICS = {
  /** Sign-ups accepted (a new or replaced unverified account). */
  SignUps: { unit: 'Count' },
  /** One-time codes emailed (sign-up and resend). */
  CodesSent: { unit: 'Count' },
  /** Email addresses verified with a code. */
  EmailVerifications: { unit: 'Count' },
  /** Old accounts given back to a new sign-in of their address, their Cognito user being gone (verify-email). */
  AccountsRelinked: { unit: 'Count' },
  /** Business accounts activated, by how they found their organization. */
  Activations: { unit: 'Count', outcomes: ACTIVATION_OUTCOMES },
  /** Business registrations refused for a personal or disposable email address. */
  WebmailRegistrationsRefused: { unit: 'Count' },
  /** Join requests filed with an organization whose membership policy is APPROVAL. */
  JoinRequests: { unit: 'Count' },
  /** Organization requests submitted for review. */
  ReviewsOpened: { unit: 'Count' },
  /** Organization requests decided by an operator. */
  ReviewsDecided: { unit: 'Count', outcomes: REVIEW_DECISIONS },
  /** Organization requests expired without a decision. */
  ReviewsExpired: { unit: 'Count' },
  /** Organization requests parked in NEEDS_ATTENTION after a task kept failing. */
  ReviewsParked: { unit: 'Count' },
  /** Emails SES refused or could not take. */
  EmailsFailed: { unit: 'Count' },
  /** Emails not sent because the address bounced or complained (suppression list). */
  EmailsSuppressed: { unit: 'Count' },
  /** Addresses added to the suppression list (hard bounce or complaint). */
  AddressesSuppressed: { unit: 'Count' },
  /** Requests answered 429 by a function (code send limits). */
  ThrottledRequests: { unit: 'Count' },
  /** Organization requests waiting for a decision (sampled). */
  OpenReviews: { unit: 'Count' },
  /** Age of the oldest organization request waiting for a decision (sampled). */
  OldestOpenReviewAge: { unit: 'Seconds' },
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;
type OutcomeOf<Name extends MetricName> = (typeof METRICS)[Name] extends {
  readonly outcomes: readonly (infer Outcome)[];
}
  ? Outcome
  : never;
/** The metrics counted by outcome, and those without one. */
type WithOutcome = { [Name in MetricName]: OutcomeOf<Name> extends never ? never : Name }[MetricName];
type WithoutOutcome = Exclude<MetricName, WithOutcome>;

/** The EMF object of one data point (exported for the tests and the dashboard's documentation). */
export function embeddedMetric(
  name: MetricName,
  value: number,
  timestamp: number,
  outcome?: string,
): Record<string, unknown> {
  const dimensions =
    outcome === undefined
      ? [[SERVICE_DIMENSION]]
      : [[SERVICE_DIMENSION], [SERVICE_DIMENSION, OUTCOME_DIMENSION]];
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: dimensions,
          Metrics: [{ Name: name, Unit: METRICS[name].unit }],
        },
      ],
    },
    [SERVICE_DIMENSION]: SERVICE_NAME,
    ...(outcome === undefined ? {} : { [OUTCOME_DIMENSION]: outcome }),
    [name]: value,
  };
}

export interface MetricsRecorderOptions {
  /** false writes nothing (see `metricsEnabled`). @default true */
  readonly enabled?: boolean;
  readonly now?: () => number;
}

/**
 * Whether this process publishes metrics: `POWERTOOLS_METRICS_DISABLED=true` (Powertools' own switch, kept for
 * familiarity) turns them off. The local runtime sets it, since no CloudWatch reads its console.
 */
export function metricsEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.POWERTOOLS_METRICS_DISABLED?.toLowerCase() !== 'true';
}

export class MetricsRecorder {
  readonly #enabled: boolean;
  readonly #now: () => number;

  constructor(
    private readonly logger: Pick<StructuredLogger, 'record'>,
    options: MetricsRecorderOptions = {},
  ) {
    this.#enabled = options.enabled ?? true;
    this.#now = options.now ?? Date.now;
  }

  /** One more event of `name` (1 by default). */
  count(name: WithoutOutcome, value?: number): void;
  count<Name extends WithOutcome>(name: Name, outcome: OutcomeOf<Name>, value?: number): void;
  count(name: MetricName, outcomeOrValue?: string | number, maybeValue?: number): void {
    const outcome = typeof outcomeOrValue === 'string' ? outcomeOrValue : undefined;
    const value = typeof outcomeOrValue === 'number' ? outcomeOrValue : (maybeValue ?? 1);
    if (!this.#enabled) return;
    this.logger.record(`metric ${name}`, embeddedMetric(name, value, this.#now(), outcome));
  }

  /** A sampled value (a queue length, an age in seconds). */
  gauge(name: Extract<WithoutOutcome, 'OpenReviews' | 'OldestOpenReviewAge'>, value: number): void {
    if (!this.#enabled) return;
    this.logger.record(`metric ${name}`, embeddedMetric(name, value, this.#now()));
  }
}

/** The metrics every function records through the shared logger. */
export const metrics = new MetricsRecorder(defaultLogger, { enabled: metricsEnabled(process.env) });
