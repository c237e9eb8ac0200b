import * as z from 'zod/mini';

/** A whole number (seconds or a count) from its text, within [min, max]; `fallback` when unset. */
function wholeNumber(min: number, max: number, fallback: number) {
  return z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);
}

/**
 * Everything a function reads from its environment, validated once at cold start. The CDK function construct
 * and the local runtime both set these; `FUNCTION_ENVIRONMENT` names them so neither side hand-types a key.
 */
const environmentFields = z.object({
  /** The single Portico table (see table-design.ts). */
  TABLE_NAME: z.string().check(z.minLength(3)),
  /** Cognito user pool that holds the accounts (email is the username). */
  USER_POOL_ID: z.string().check(z.minLength(1)),
  /**
   * The pool's app client that allows ADMIN_USER_PASSWORD_AUTH: the account routes check a password with it
   * before changing it or deleting the account. Only those functions need it.
   */
  USER_POOL_CLIENT_ID: z.optional(z.string().check(z.minLength(1))),
  /** Verified SES identity the emails come from. */
  MAIL_FROM_ADDRESS: z.email(),
  /** Where links in emails point (the web client). */
  PORTAL_URL: z.url(),
  /** On AWS: Secrets Manager secret holding the one-time-code HMAC key. */
  CODE_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  /** On one machine: the HMAC key itself (there is no Secrets Manager emulator in the local stack). */
  CODE_SECRET: z.optional(z.string().check(z.minLength(32))),
  CODE_TTL_SECONDS: wholeNumber(1, 3600, 600),
  CODE_MAX_ATTEMPTS: wholeNumber(1, 10, 5),
  CODE_RESEND_INTERVAL_SECONDS: wholeNumber(0, 3600, 60),
  CODE_MAX_SENDS_PER_HOUR: wholeNumber(1, 100, 5),
  /** Where reviewers (support operators) are told about organization requests and escalations. */
  REVIEWER_EMAIL: z.email(),
  /** The organization review state machine; only the functions that start reviews need it. */
  REVIEW_STATE_MACHINE_ARN: z.optional(z.string().check(z.minLength(1))),
  /** Business days operators have to decide on an organization request before it is escalated. */
  REVIEW_BUSINESS_DAYS: wholeNumber(1, 10, 2),
  /** Further business days after the escalation before the request expires. */
  REVIEW_ESCALATION_BUSINESS_DAYS: wholeNumber(1, 3, 1),
  /**
   * Length of a review day in seconds. 86400 on AWS, where weekends are skipped; the local stack shortens it
   * so a person can watch a review go through in minutes (every day then counts as a business day).
   */
  REVIEW_DAY_SECONDS: wholeNumber(1, 86400, 86400),
  /** Longest wait between two checks for an operator's decision. */
  REVIEW_CHECK_INTERVAL_SECONDS: wholeNumber(1, 86400, 900),
  /** Idle time after which someone who stopped half way through onboarding is reminded (once per step). */
  REMINDER_AFTER_SECONDS: wholeNumber(60, 30 * 86400, 172800),
  /** The bucket background exports are written to; only the export functions need it. */
  EXPORT_BUCKET_NAME: z.optional(z.string().check(z.minLength(3))),
  /** The export state machine; only the function that starts exports needs it. */
  EXPORT_STATE_MACHINE_ARN: z.optional(z.string().check(z.minLength(1))),
  /** How long an export's download link works (a presigned URL, at most 12 hours). */
  EXPORT_LINK_SECONDS: wholeNumber(60, 43200, 900),
  /**
   * `true` for an S3-compatible endpoint that serves buckets only by path (`<endpoint>/<bucket>/<key>`), such as
   * the local stack's; AWS serves both styles, so it is left out there.
   */
  S3_FORCE_PATH_STYLE: z.optional(z.enum(['true', 'false'])),
});

const environmentSchema = environmentFields.check(
  z.refine((env) => Boolean(env.CODE_SECRET_ARN) !== Boolean(env.CODE_SECRET), {
    message: 'set exactly one of CODE_SECRET_ARN (AWS) or CODE_SECRET (local)',
    path: ['CODE_SECRET_ARN'],
  }),
);

export type FunctionEnvironment = z.input<typeof environmentSchema>;
export const FUNCTION_ENVIRONMENT = Object.keys(environmentFields.shape) as ReadonlyArray<
  keyof FunctionEnvironment
>;

export interface CodeRules {
  readonly ttlSeconds: number;
  readonly maxAttempts: number;
  readonly resendIntervalSeconds: number;
  readonly maxSendsPerHour: number;
}

/** How organization requests are reviewed (see domain/organization-request.ts). */
export interface ReviewRules {
  readonly businessDays: number;
  readonly escalationBusinessDays: number;
  readonly daySeconds: number;
  readonly checkIntervalSeconds: number;
}

export interface PorticoConfig {
  readonly tableName: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string | undefined;
  readonly mailFromAddress: string;
  readonly portalUrl: string;
  readonly codeSecret: { readonly arn: string } | { readonly value: string };
  readonly codeRules: CodeRules;
  readonly reviewerEmail: string;
  readonly reviewStateMachineArn: string | undefined;
  readonly reviewRules: ReviewRules;
  readonly reminderAfterSeconds: number;
  readonly exports: {
    readonly bucketName: string | undefined;
    readonly stateMachineArn: string | undefined;
    readonly linkSeconds: number;
    readonly forcePathStyle: boolean;
  };
}

/**
 * What a function that only reads the table is given: the Cognito pre-token-generation trigger
 * (functions/auth/pre-token-generation.handler.ts). It cannot be told the user pool's id, since the pool names
 * the trigger (a dependency cycle in CloudFormation), and it needs nothing else (lib/identity.ts).
 */
const tableReaderSchema = /* @__PURE__ */ z.pick(environmentFields, {
  TABLE_NAME: true,
  REMINDER_AFTER_SECONDS: true,
});

export type TableReaderEnvironment = z.input<typeof tableReaderSchema>;

export interface TableReaderConfig {
  readonly tableName: string;
  readonly reminderAfterSeconds: number;
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

function invalidEnvironment(issues: readonly { path: PropertyKey[]; message: string }[]): ConfigurationError {
  const detail = issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  return new ConfigurationError(`Invalid function environment: ${detail}`);
}

/** The settings of a function that only reads the table (TableReaderEnvironment); other variables are ignored. */
export function parseTableReaderConfig(env: Record<string, string | undefined>): TableReaderConfig {
  const parsed = tableReaderSchema.safeParse(env);
  if (!parsed.success) throw invalidEnvironment(parsed.error.issues);
  return { tableName: parsed.data.TABLE_NAME, reminderAfterSeconds: parsed.data.REMINDER_AFTER_SECONDS };
}

export function parseConfig(env: Record<string, string | undefined>): PorticoConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) throw invalidEnvironment(parsed.error.issues);
  const e = parsed.data;
  return {
    tableName: e.TABLE_NAME,
    userPoolId: e.USER_POOL_ID,
    userPoolClientId: e.USER_POOL_CLIENT_ID,
    mailFromAddress: e.MAIL_FROM_ADDRESS,
    portalUrl: e.PORTAL_URL,
    codeSecret: e.CODE_SECRET_ARN ? { arn: e.CODE_SECRET_ARN } : { value: e.CODE_SECRET as string },
    codeRules: {
      ttlSeconds: e.CODE_TTL_SECONDS,
      maxAttempts: e.CODE_MAX_ATTEMPTS,
      resendIntervalSeconds: e.CODE_RESEND_INTERVAL_SECONDS,
      maxSendsPerHour: e.CODE_MAX_SENDS_PER_HOUR,
    },
    reviewerEmail: e.REVIEWER_EMAIL,
    reviewStateMachineArn: e.REVIEW_STATE_MACHINE_ARN,
    reviewRules: {
      businessDays: e.REVIEW_BUSINESS_DAYS,
      escalationBusinessDays: e.REVIEW_ESCALATION_BUSINESS_DAYS,
      daySeconds: e.REVIEW_DAY_SECONDS,
      checkIntervalSeconds: e.REVIEW_CHECK_INTERVAL_SECONDS,
    },
    reminderAfterSeconds: e.REMINDER_AFTER_SECONDS,
    exports: {
      bucketName: e.EXPORT_BUCKET_NAME,
      stateMachineArn: e.EXPORT_STATE_MACHINE_ARN,
      linkSeconds: e.EXPORT_LINK_SECONDS,
      forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
    },
  };
}
