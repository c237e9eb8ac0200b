import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  FUNCTION_ENVIRONMENT,
  parseConfig,
  parseTableReaderConfig,
} from '../../../functions/core/config';

const VALID = {
  TABLE_NAME: 'portico-table',
  USER_POOL_ID: 'eu-central-1_AbCdEf123',
  MAIL_FROM_ADDRESS: 'no-reply@portico.example',
  PORTAL_URL: 'https://portal.portico.example',
  CODE_SECRET: 'k'.repeat(32),
  REVIEWER_EMAIL: 'reviewers@portico.example',
};

function errorOf(env: Record<string, string | undefined>): ConfigurationError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseConfig', () => {
  it('reads a complete local environment, with the code rule defaults 600 / 5 / 60 / 5', () => {
    const config = parseConfig(VALID);

    expect(config).toEqual({
      tableName: 'portico-table',
      userPoolId: 'eu-central-1_AbCdEf123',
      userPoolClientId: undefined,
      mailFromAddress: 'no-reply@portico.example',
      portalUrl: 'https://portal.portico.example',
      codeSecret: { value: 'k'.repeat(32) },
      codeRules: { ttlSeconds: 600, maxAttempts: 5, resendIntervalSeconds: 60, maxSendsPerHour: 5 },
      reviewerEmail: 'reviewers@portico.example',
      reviewStateMachineArn: undefined,
      reviewRules: {
        businessDays: 2,
        escalationBusinessDays: 1,
        daySeconds: 86400,
        checkIntervalSeconds: 900,
      },
      reminderAfterSeconds: 172800,
      exports: { bucketName: undefined, stateMachineArn: undefined, linkSeconds: 900, forcePathStyle: false },
    });
  });

  it('reads the review rules, the state machine and the reminder delay from the environment', () => {
    const arn = 'arn:aws:states:eu-central-1:123456789012:stateMachine:portico-review';

    const config = parseConfig({
      ...VALID,
      REVIEW_STATE_MACHINE_ARN: arn,
      REVIEW_BUSINESS_DAYS: '3',
      REVIEW_ESCALATION_BUSINESS_DAYS: '2',
      REVIEW_DAY_SECONDS: '60',
      REVIEW_CHECK_INTERVAL_SECONDS: '5',
      REMINDER_AFTER_SECONDS: '120',
    });

    expect(config.reviewStateMachineArn).toBe(arn);
    expect(config.reviewRules).toEqual({
      businessDays: 3,
      escalationBusinessDays: 2,
      daySeconds: 60,
      checkIntervalSeconds: 5,
    });
    expect(config.reminderAfterSeconds).toBe(120);
  });

  it('refuses an environment without REVIEWER_EMAIL', () => {
    const { REVIEWER_EMAIL: _missing, ...env } = VALID;

    expect(errorOf(env).message).toContain('REVIEWER_EMAIL');
  });

  it('reads the secret ARN on AWS', () => {
    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:portico-code-key-AbCdEf';
    const { CODE_SECRET: _local, ...aws } = VALID;

    expect(parseConfig({ ...aws, CODE_SECRET_ARN: arn }).codeSecret).toEqual({ arn });
  });

  it('reads the code rules from the environment as numbers', () => {
    const config = parseConfig({
      ...VALID,
      CODE_TTL_SECONDS: '300',
      CODE_MAX_ATTEMPTS: '3',
      CODE_RESEND_INTERVAL_SECONDS: '30',
      CODE_MAX_SENDS_PER_HOUR: '10',
    });

    expect(config.codeRules).toEqual({
      ttlSeconds: 300,
      maxAttempts: 3,
      resendIntervalSeconds: 30,
      maxSendsPerHour: 10,
    });
  });

  it('fails with a ConfigurationError naming every missing variable', () => {
    const error = errorOf({});

    expect(error.name).toBe('ConfigurationError');
    for (const name of ['TABLE_NAME', 'USER_POOL_ID', 'MAIL_FROM_ADDRESS', 'PORTAL_URL']) {
      expect(error.message).toContain(name);
    }
  });

  it('fails naming the one variable that is missing', () => {
    const { USER_POOL_ID: _missing, ...env } = VALID;

    const error = errorOf(env);

    expect(error.message).toMatch(/^Invalid function environment: USER_POOL_ID: /);
    expect(error.message).not.toContain('TABLE_NAME');
  });

  it('refuses an environment with neither CODE_SECRET nor CODE_SECRET_ARN', () => {
    const { CODE_SECRET: _none, ...env } = VALID;

    expect(errorOf(env).message).toContain('set exactly one of CODE_SECRET_ARN (AWS) or CODE_SECRET (local)');
  });

  it('refuses an environment with both CODE_SECRET and CODE_SECRET_ARN', () => {
    const error = errorOf({ ...VALID, CODE_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:1:secret:x' });

    expect(error.message).toContain('set exactly one of CODE_SECRET_ARN (AWS) or CODE_SECRET (local)');
  });

  it('refuses a CODE_SECRET shorter than 32 characters', () => {
    expect(errorOf({ ...VALID, CODE_SECRET: 'too-short' }).message).toContain('CODE_SECRET');
  });

  it.each([
    ['MAIL_FROM_ADDRESS', 'not-an-address'],
    ['PORTAL_URL', 'portal.portico.example without scheme'],
    ['CODE_TTL_SECONDS', '0'],
    ['CODE_MAX_ATTEMPTS', 'five'],
    ['CODE_MAX_SENDS_PER_HOUR', '1.5'],
    ['REVIEWER_EMAIL', 'reviewers'],
    ['REVIEW_BUSINESS_DAYS', '0'],
    ['REVIEW_DAY_SECONDS', '86401'],
    ['REVIEW_CHECK_INTERVAL_SECONDS', '0'],
    ['REMINDER_AFTER_SECONDS', '59'],
    ['EXPORT_LINK_SECONDS', '59'],
    ['EXPORT_LINK_SECONDS', '43201'],
    ['S3_FORCE_PATH_STYLE', 'yes'],
  ])('refuses an invalid %s (%j) and names it', (name, value) => {
    expect(errorOf({ ...VALID, [name]: value }).message).toContain(name);
  });

  it('lists every variable it reads, so deployment and local runtime set the same keys', () => {
    expect([...FUNCTION_ENVIRONMENT].sort()).toEqual(
      [
        'CODE_MAX_ATTEMPTS',
        'CODE_MAX_SENDS_PER_HOUR',
        'CODE_RESEND_INTERVAL_SECONDS',
        'CODE_SECRET',
        'CODE_SECRET_ARN',
        'CODE_TTL_SECONDS',
        'EXPORT_BUCKET_NAME',
        'EXPORT_LINK_SECONDS',
        'EXPORT_STATE_MACHINE_ARN',
        'MAIL_FROM_ADDRESS',
        'PORTAL_URL',
        'REMINDER_AFTER_SECONDS',
        'REVIEWER_EMAIL',
        'REVIEW_BUSINESS_DAYS',
        'REVIEW_CHECK_INTERVAL_SECONDS',
        'REVIEW_DAY_SECONDS',
        'REVIEW_ESCALATION_BUSINESS_DAYS',
        'REVIEW_STATE_MACHINE_ARN',
        'S3_FORCE_PATH_STYLE',
        'TABLE_NAME',
        'USER_POOL_ID',
        'USER_POOL_CLIENT_ID',
      ].sort(),
    );
  });
});

describe('parseTableReaderConfig (the pre-token-generation trigger: it cannot name the user pool)', () => {
  it('reads the table alone, the reminder delay defaulted, and ignores the rest', () => {
    expect(parseTableReaderConfig({ TABLE_NAME: 'portico-table' })).toEqual({
      tableName: 'portico-table',
      reminderAfterSeconds: 172800,
    });
    expect(parseTableReaderConfig({ ...VALID, USER_POOL_ID: undefined }).tableName).toBe('portico-table');
  });

  it('fails with a ConfigurationError naming TABLE_NAME when it is missing', () => {
    expect(() => parseTableReaderConfig({})).toThrow(ConfigurationError);
    expect(() => parseTableReaderConfig({})).toThrow(/TABLE_NAME/);
  });
});
