/**
 * The function environment the handler tests run with. Import this module before any handler module:
 * functions/core/wiring.ts reads process.env on first use and keeps what it read, and the shared logger reads
 * its level when it is created.
 */
export const TEST_ENVIRONMENT = {
  AWS_REGION: 'eu-central-1',
  TABLE_NAME: 'portico-handler-tests',
  USER_POOL_ID: 'eu-central-1_HandlerTest',
  USER_POOL_CLIENT_ID: 'handler-test-client',
  MAIL_FROM_ADDRESS: 'no-reply@portico.example',
  PORTAL_URL: 'https://portal.portico.example',
  CODE_SECRET: 'handler-tests-code-secret-0123456789abcdef',
  REVIEWER_EMAIL: 'reviewers@portico.example',
  REVIEW_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:123456789012:stateMachine:portico-review',
  EXPORT_BUCKET_NAME: 'portico-handler-tests-exports',
  EXPORT_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:123456789012:stateMachine:portico-export',
  // The handlers log failures on purpose; the tests assert responses, not log lines.
  LOG_LEVEL: 'SILENT',
} as const;

Object.assign(process.env, TEST_ENVIRONMENT);
