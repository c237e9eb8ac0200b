import { describe, expect, it } from 'vitest';
import { FUNCTION_ENVIRONMENT, parseConfig, parseTableReaderConfig } from '../../functions/core/config';
import { EXPORT_FUNCTION_NODE_OPTIONS } from '../../functions/exports/export-workflow.contract';
import { routeList, routes } from '../../functions/routes';
import { API_INTEGRATION_TIMEOUT, PorticoApi } from '../../lib/api';
import { LOGGING_ENVIRONMENT, type PorticoFunction } from '../../lib/portico-function';
import {
  buildPorticoApp,
  type CfnResourceJson,
  logicalIdOf,
  ref,
  resourcesOfType,
  synthPortico,
} from './support/portico-app';

// The merged view: route functions live in nested stacks, the others in the parent (stacks.test.ts).
const { stack, merged: template } = synthPortico();
const resources = template.toJSON().Resources as Record<string, CfnResourceJson>;

function routeFunction(routeId: string): PorticoFunction {
  const fn = stack.api.functions.get(routeId);
  if (!fn) throw new Error(`no function for route ${routeId}`);
  return fn;
}

function propertiesOf(fn: PorticoFunction): Record<string, unknown> {
  const resource = resources[logicalIdOf(fn.function)];
  if (!resource) throw new Error(`function ${fn.node.path} is not in the template`);
  return resource.Properties ?? {};
}

/**
 * Portico's own functions: every Lambda function of a template but aws-cdk-lib's BucketDeployment provider,
 * which copies the web client into its bucket (lib/web-client.ts).
 */
function porticoFunctions(of: typeof template): Record<string, CfnResourceJson> {
  return Object.fromEntries(
    Object.entries(resourcesOfType(of, 'AWS::Lambda::Function')).filter(
      ([logicalId]) => !logicalId.startsWith('CustomCDKBucketDeployment'),
    ),
  );
}

function variablesOf(properties: Record<string, unknown>): Record<string, unknown> {
  return (properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

/**
 * Every function of the stack with the memory (MB) and timeout (seconds) it should have: 512 MB and 10 s unless
 * its route says otherwise.
 */
const ALL_FUNCTIONS: [name: string, fn: PorticoFunction, memorySize: number, timeoutSeconds: number][] = [
  ...routeList.map((route): [string, PorticoFunction, number, number] => [
    `route ${route.id}`,
    routeFunction(route.id),
    route.function?.memorySize ?? 512,
    route.function?.timeoutSeconds ?? 10,
  ]),
  ['the review function', stack.reviewWorkflow.reviewFunction, 512, 60],
  ['the jobs function', stack.schedules.jobsFunction, 512, 300],
  ['the email feedback function', stack.emailFeedback.feedbackFunction, 512, 10],
  ['the export function', stack.exportWorkflow.exportFunction, 1024, 300],
  ['the identity reconciliation function', stack.schedules.reconciliationFunction, 512, 300],
  // Cognito fails a sign-in whose trigger answers after 5 s (functions/auth/token-claims.ts).
  ['the pre-token-generation trigger', stack.organizationClaim.triggerFunction, 512, 3],
];

/** The trigger's logical id, the same in every synthesis of the app (the construct path does not change). */
const TRIGGER_ID = logicalIdOf(stack.organizationClaim.triggerFunction.function);

/** The functions given the deployment's settings: all but the trigger, which is given the table alone. */
function functionsWithSettings(of: typeof template): CfnResourceJson[] {
  return Object.entries(porticoFunctions(of))
    .filter(([logicalId]) => logicalId !== TRIGGER_ID)
    .map(([, fn]) => fn);
}

describe('functions', () => {
  it('are one per route, plus the review, jobs, email feedback, export and identity reconciliation functions and the pre-token-generation trigger', () => {
    expect(Object.keys(porticoFunctions(template))).toHaveLength(routeList.length + 6);
    expect([...stack.api.functions.keys()].sort()).toEqual(routeList.map((route) => route.id).sort());
  });

  describe.each(ALL_FUNCTIONS)('%s', (_name, fn, memorySize, timeoutSeconds) => {
    const properties = propertiesOf(fn);

    it('runs Node.js 22 on arm64 with active tracing', () => {
      expect(properties.Runtime).toBe('nodejs22.x');
      expect(properties.Architectures).toEqual(['arm64']);
      expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
    });

    it(`has ${memorySize} MB, a ${timeoutSeconds} s timeout and the ESM handler`, () => {
      expect(properties.MemorySize).toBe(memorySize);
      expect(properties.Timeout).toBe(timeoutSeconds);
      expect(properties.Handler).toBe('index.handler');
    });

    it('logs to its own log group, kept for a month', () => {
      expect(properties.LoggingConfig).toEqual({ LogGroup: ref(fn.logGroup) });
      expect(resources[logicalIdOf(fn.logGroup)]?.Properties?.RetentionInDays).toBe(30);
    });
  });

  it.each(routeList.map((route) => [route.id, route] as const))(
    'the function of route %s is described by the route summary',
    (routeId, route) => {
      expect(propertiesOf(routeFunction(routeId)).Description).toContain(route.summary);
    },
  );
});

describe('route function sizes', () => {
  it('give the import (up to 5,000 rows a request) the default 512 MB, as measured, and the whole 29 s API Gateway waits', () => {
    const properties = propertiesOf(routeFunction(routes.importPortalData.id));
    expect(properties.MemorySize).toBe(512);
    expect(properties.Timeout).toBe(29);
    expect(API_INTEGRATION_TIMEOUT.toSeconds()).toBe(29);
  });

  it('give the direct export (up to 5,000 products read and written out) 1,024 MB and the whole 29 s', () => {
    const properties = propertiesOf(routeFunction(routes.exportProducts.id));
    expect(properties.MemorySize).toBe(1024);
    expect(properties.Timeout).toBe(29);
  });

  it('keep every other route function at the defaults (the operator-triggered reconciliation and the invitations of up to 50 addresses, each emailed, run for 29 s)', () => {
    const sized = routeList.filter((route) => route.function !== undefined).map((route) => route.id);
    expect(sized.sort()).toEqual(
      [
        routes.exportProducts.id,
        routes.importPortalData.id,
        routes.reconcileIdentities.id,
        routes.createInvitations.id,
      ].sort(),
    );
    expect(propertiesOf(routeFunction(routes.createInvitations.id)).Timeout).toBe(29);
  });

  it("never outlast API Gateway's integration timeout", () => {
    for (const route of routeList) {
      expect(propertiesOf(routeFunction(route.id)).Timeout).toBeLessThanOrEqual(
        API_INTEGRATION_TIMEOUT.toSeconds(),
      );
    }
  });

  it.each([30, 0, 2.5])('refuse a route timeout of %s s', (timeoutSeconds) => {
    const { stack: other } = buildPorticoApp();
    const route = { ...routes.getAccount, id: 'tooSlow', function: { timeoutSeconds } };
    expect(
      () =>
        new PorticoApi(other, 'OtherApi', {
          routes: [route],
          environment: {
            TABLE_NAME: 'table',
            USER_POOL_ID: 'pool',
            USER_POOL_CLIENT_ID: 'client',
            MAIL_FROM_ADDRESS: 'no-reply@portico.example',
            PORTAL_URL: 'http://localhost:5173',
            CODE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:code',
            REVIEWER_EMAIL: 'reviewers@portico.example',
          },
          table: other.data.table,
          userPool: other.identity.userPool,
          codeSecret: other.data.codeSecret,
          mailResourceArns: other.email.sendingResourceArns,
          reviewStateMachine: other.reviewWorkflow.stateMachine,
          exportStateMachine: other.exportWorkflow.stateMachine,
          exportBucket: other.exportWorkflow.bucket,
          webOrigin: 'http://localhost:5173',
        }),
    ).toThrow(/route tooSlow: timeoutSeconds must be a whole number from 1 to 29/);
  });
});

describe('the function environment', () => {
  const environments = routeList.map((route) => variablesOf(propertiesOf(routeFunction(route.id))));
  const reviewEnvironment = variablesOf(propertiesOf(stack.reviewWorkflow.reviewFunction));
  const jobsEnvironment = variablesOf(propertiesOf(stack.schedules.jobsFunction));
  const reconciliationEnvironment = variablesOf(propertiesOf(stack.schedules.reconciliationFunction));
  const exportEnvironment = variablesOf(propertiesOf(stack.exportWorkflow.exportFunction));

  it('is the same for every route function, and the jobs functions have it but the exports', () => {
    for (const environment of environments) expect(environment).toEqual(environments[0]);
    const { EXPORT_STATE_MACHINE_ARN, EXPORT_BUCKET_NAME, ...withoutExports } = environments[0] ?? {};
    expect([EXPORT_STATE_MACHINE_ARN, EXPORT_BUCKET_NAME]).toEqual([
      ref(stack.exportWorkflow.stateMachine),
      ref(stack.exportWorkflow.bucket),
    ]);
    expect(jobsEnvironment).toEqual(withoutExports);
    expect(reconciliationEnvironment).toEqual(withoutExports);
  });

  it("is the review function's for the export function, with the bucket (it does not start exports) and its V8 heap sizes", () => {
    expect(exportEnvironment).toEqual({
      ...reviewEnvironment,
      EXPORT_BUCKET_NAME: ref(stack.exportWorkflow.bucket),
      NODE_OPTIONS: EXPORT_FUNCTION_NODE_OPTIONS,
    });
    // Both heap sizes named, so Lambda's Node.js runtime adds none of its own: what the export bench measures.
    expect(EXPORT_FUNCTION_NODE_OPTIONS).toMatch(/--max-semi-space-size=\d+/);
    expect(EXPORT_FUNCTION_NODE_OPTIONS).toMatch(/--max-old-space-size=\d+/);
  });

  it('sets NODE_OPTIONS for the export function only', () => {
    for (const environment of [
      ...environments,
      reviewEnvironment,
      jobsEnvironment,
      reconciliationEnvironment,
    ]) {
      expect(environment).not.toHaveProperty('NODE_OPTIONS');
    }
  });

  it('names the deployed resources and settings', () => {
    expect(environments[0]).toEqual({
      TABLE_NAME: ref(stack.data.table),
      USER_POOL_ID: ref(stack.identity.userPool),
      USER_POOL_CLIENT_ID: ref(stack.identity.webClient),
      MAIL_FROM_ADDRESS: 'no-reply@portico.example',
      PORTAL_URL: 'http://localhost:5173',
      CODE_SECRET_ARN: ref(stack.data.codeSecret),
      REVIEWER_EMAIL: 'reviewers@portico.example',
      REVIEW_BUSINESS_DAYS: '2',
      REVIEW_STATE_MACHINE_ARN: ref(stack.reviewWorkflow.stateMachine),
      EXPORT_STATE_MACHINE_ARN: ref(stack.exportWorkflow.stateMachine),
      EXPORT_BUCKET_NAME: ref(stack.exportWorkflow.bucket),
      ...LOGGING_ENVIRONMENT,
    });
    expect(LOGGING_ENVIRONMENT).toEqual({ LOG_LEVEL: 'INFO' });
  });

  it('is the same for the review function, except that it does not name its own state machine (a cycle)', () => {
    const {
      REVIEW_STATE_MACHINE_ARN,
      EXPORT_STATE_MACHINE_ARN: _exports,
      EXPORT_BUCKET_NAME: _bucket,
      ...withoutStateMachine
    } = environments[0] ?? {};
    expect(REVIEW_STATE_MACHINE_ARN).toBeDefined();
    expect(reviewEnvironment).toEqual(withoutStateMachine);
  });

  it('only sets keys the functions read, and never the code secret itself', () => {
    for (const environment of [...environments, reviewEnvironment, jobsEnvironment, exportEnvironment]) {
      // NODE_OPTIONS is read by Node.js itself (the export function's, checked above).
      const keys = Object.keys(environment).filter(
        (key) => !(key in LOGGING_ENVIRONMENT) && key !== 'NODE_OPTIONS',
      );
      expect(FUNCTION_ENVIRONMENT).toEqual(expect.arrayContaining(keys));
      expect(keys).not.toContain('CODE_SECRET');
    }
  });

  it.each([
    ['a route function', environments[0] ?? {}],
    ['the review function', reviewEnvironment],
    ['the jobs function', jobsEnvironment],
    ['the export function', exportEnvironment],
  ])(
    "of %s passes the functions' own config parser once deploy-time references are resolved",
    (_name, env) => {
      const resolved = Object.fromEntries(
        Object.entries(env).map(([key, value]) => [
          key,
          typeof value === 'string' ? value : `resolved-at-deploy-${key.toLowerCase()}`,
        ]),
      );
      expect(() => parseConfig(resolved)).not.toThrow();
    },
  );

  it('follows the portico:* context in every function, the reviewers at the mail domain by default', () => {
    const { merged: other } = synthPortico({
      context: {
        'portico:mailDomain': 'mail.example.org',
        'portico:portalUrl': 'https://portal.example.org',
        'portico:reviewBusinessDays': 5,
      },
    });
    const functions = functionsWithSettings(other);
    expect(functions).toHaveLength(routeList.length + 5);
    for (const fn of functions) {
      expect(variablesOf(fn.Properties ?? {})).toEqual(
        expect.objectContaining({
          MAIL_FROM_ADDRESS: 'no-reply@mail.example.org',
          PORTAL_URL: 'https://portal.example.org',
          REVIEWER_EMAIL: 'reviewers@mail.example.org',
          REVIEW_BUSINESS_DAYS: '5',
        }),
      );
    }
  });

  it('takes the reviewers address from portico:reviewerEmail when it is set', () => {
    const { merged: other } = synthPortico({
      context: { 'portico:reviewerEmail': 'review-desk@example.com' },
    });
    for (const fn of functionsWithSettings(other)) {
      expect(variablesOf(fn.Properties ?? {}).REVIEWER_EMAIL).toBe('review-desk@example.com');
    }
  });

  it('of the pre-token-generation trigger is the table alone, which its own parser reads', () => {
    // The pool names the trigger, so the trigger cannot name the pool (a cycle); it reads nothing else.
    const triggerEnvironment = variablesOf(propertiesOf(stack.organizationClaim.triggerFunction));
    expect(triggerEnvironment).toEqual({ TABLE_NAME: ref(stack.data.table), ...LOGGING_ENVIRONMENT });
    expect(parseTableReaderConfig({ TABLE_NAME: 'resolved-at-deploy-table_name' }).tableName).toBe(
      'resolved-at-deploy-table_name',
    );
  });
});
