import { describe, expect, it } from 'vitest';
import { TABLE_INDEXES } from '../../functions/core/adapters/dynamodb/table-design';
import { type RouteGrant, routeList } from '../../functions/routes';
import {
  IDENTITY_ADMIN_ACTIONS,
  ERASURE_FINISHING_ACTIONS,
  IDENTITY_RECONCILIATION_ACTIONS,
  TABLE_READ_ACTIONS,
} from '../../lib/grants';
import type { PorticoFunction } from '../../lib/portico-function';
import { arnOf, logicalIdOf, ref, resourcesOfType, synthPortico } from './support/portico-app';

// The merged view: the route functions' roles live in nested stacks, with the parent's resources passed in as
// parameters, which the merged view resolves back to the parent's references (support/portico-app.ts).
const { stack, merged: template } = synthPortico();

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every policy attached to a role. */
function statementsOfRole(roleId: string): Statement[] {
  return Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((policy) =>
      asList(policy.Properties?.Roles).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }),
      ),
    )
    .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}

function routeFunction(routeId: string): PorticoFunction {
  const fn = stack.api.functions.get(routeId);
  if (!fn) throw new Error(`no function for route ${routeId}`);
  return fn;
}

/**
 * Every function with the grants it should have: a route's come from the route table; the review function
 * reads and writes the table and emails; the jobs function also starts reviews, reads the code secret (the
 * digests' unsubscribe links), and sends the jobs that still
 * fail to its dead-letter queue (SQS).
 */
const FUNCTIONS: [
  name: string,
  fn: PorticoFunction,
  grants: readonly RouteGrant[],
  otherServices: string[],
][] = [
  ...routeList.map((route): [string, PorticoFunction, readonly RouteGrant[], string[]] => [
    route.id,
    routeFunction(route.id),
    route.grants,
    [],
  ]),
  ['the review function', stack.reviewWorkflow.reviewFunction, ['table:write', 'mail:send'], []],
  [
    'the jobs function',
    stack.schedules.jobsFunction,
    // code-secret:read: send-support-digests signs each digest's unsubscribe link.
    ['table:write', 'mail:send', 'workflow:start', 'code-secret:read'],
    // cognito-idp: checked below, in "erasure finishing access".
    ['sqs', 'cognito-idp'],
  ],
  ['the export function', stack.exportWorkflow.exportFunction, ['table:write'], ['s3']],
  [
    'the identity reconciliation function',
    stack.schedules.reconciliationFunction,
    ['table:write'],
    // cognito-idp: checked below, in "identity reconciliation access".
    ['sqs', 'cognito-idp'],
  ],
];

const actionsOf = (statements: Statement[]) => statements.flatMap((statement) => asList(statement.Action));
const statementsWith = (statements: Statement[], prefix: string) =>
  statements.filter((statement) => asList(statement.Action).some((action) => action.startsWith(prefix)));

const DYNAMODB_WRITES = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|\*)/;

describe.each(FUNCTIONS)('the role of %s', (_name, fn, functionGrants, otherServices) => {
  const statements = statementsOfRole(logicalIdOf(fn.role));
  const actions = actionsOf(statements);
  const grants = new Set(functionGrants);

  it('only allows, and uses "*" for nothing but X-Ray', () => {
    expect(statements.every((statement) => statement.Effect === 'Allow')).toBe(true);
    for (const statement of statements.filter((candidate) => asList(candidate.Resource).includes('*'))) {
      expect(asList(statement.Action).every((action) => action.startsWith('xray:'))).toBe(true);
    }
  });

  it('may never Scan the table (every read is a key or index query)', () => {
    expect(actions.filter((action) => /^dynamodb:(Scan|\*)$/.test(action))).toEqual([]);
  });

  it('has no AWS managed policy and writes only to its own log group', () => {
    const role = template.toJSON().Resources[logicalIdOf(fn.role)] as { Properties: Record<string, unknown> };
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const logs = statementsWith(statements, 'logs:');
    expect(logs.map((statement) => statement.Resource)).toEqual([arnOf(fn.logGroup)]);
    expect(actionsOf(logs).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it(`reads the table ${grants.has('table:write') ? 'and writes it' : grants.has('table:read') ? 'but never writes it' : 'not at all'}`, () => {
    const table = statementsWith(statements, 'dynamodb:');
    if (!grants.has('table:read') && !grants.has('table:write')) {
      expect(table).toEqual([]);
      return;
    }
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    const writes = actions.filter((action) => DYNAMODB_WRITES.test(action));
    if (grants.has('table:write')) {
      expect(writes).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    } else {
      expect(writes).toEqual([]);
    }
    for (const statement of table) {
      expect(JSON.stringify(statement.Resource)).toContain(JSON.stringify(arnOf(stack.data.table)));
    }
  });

  it(`${grants.has('identity:admin') ? 'administers users of the pool, and nothing else in Cognito' : grants.has('identity:reconcile') ? 'pages and deletes users of the pool only' : fn === stack.schedules.jobsFunction ? 'deletes users of the pool only' : 'has no Cognito access'}`, () => {
    const cognito = statementsWith(statements, 'cognito-idp:');
    // See "identity reconciliation access" and "erasure finishing access".
    if (fn === stack.schedules.reconciliationFunction || fn === stack.schedules.jobsFunction) return;
    if (grants.has('identity:reconcile')) {
      expect(actionsOf(cognito).sort()).toEqual([...IDENTITY_RECONCILIATION_ACTIONS].sort());
      expect(cognito.map((statement) => statement.Resource)).toEqual([arnOf(stack.identity.userPool)]);
      return;
    }
    if (!grants.has('identity:admin')) {
      expect(cognito).toEqual([]);
      return;
    }
    expect(actionsOf(cognito).sort()).toEqual([...IDENTITY_ADMIN_ACTIONS].sort());
    expect(cognito.map((statement) => statement.Resource)).toEqual([arnOf(stack.identity.userPool)]);
  });

  it(`${grants.has('mail:send') ? 'sends email from the SES identity only' : 'cannot send email'}`, () => {
    const ses = statementsWith(statements, 'ses:');
    if (!grants.has('mail:send')) {
      expect(ses).toEqual([]);
      return;
    }
    expect(actionsOf(ses)).toEqual(['ses:SendEmail']);
    expect(ses).toHaveLength(1);
    expect(JSON.stringify(ses[0]?.Resource)).toContain(JSON.stringify(ref(stack.email.identity)));
    expect(JSON.stringify(ses[0]?.Resource)).toContain(':identity/');
  });

  it(`${grants.has('code-secret:read') ? 'reads the code secret' : 'cannot read the code secret'}`, () => {
    const secrets = statementsWith(statements, 'secretsmanager:');
    if (!grants.has('code-secret:read')) {
      expect(secrets).toEqual([]);
      return;
    }
    expect(actionsOf(secrets)).toContain('secretsmanager:GetSecretValue');
    expect(secrets.map((statement) => statement.Resource)).toEqual([ref(stack.data.codeSecret)]);
  });

  const starts = [
    ...(grants.has('workflow:start') ? [stack.reviewWorkflow.stateMachine] : []),
    ...(grants.has('exports:start') ? [stack.exportWorkflow.stateMachine] : []),
  ];
  it(`${starts.length ? 'starts executions of its granted state machines only' : 'cannot touch Step Functions'}`, () => {
    const states = statementsWith(statements, 'states:');
    expect(states).toEqual(
      starts.map((stateMachine) =>
        expect.objectContaining({ Action: 'states:StartExecution', Resource: ref(stateMachine) }),
      ),
    );
  });

  it(`${grants.has('exports:read') ? 'reads export files only' : otherServices.includes('s3') ? 'writes export files only' : 'has no S3 access'}`, () => {
    const s3 = statementsWith(statements, 's3:');
    if (!grants.has('exports:read') && !otherServices.includes('s3')) {
      expect(s3).toEqual([]);
      return;
    }
    expect(s3.length).toBeGreaterThan(0);
    const expectedActions = grants.has('exports:read') ? ['s3:GetObject'] : undefined;
    if (expectedActions) expect(actionsOf(s3)).toEqual(expectedActions);
    else expect(actionsOf(s3).filter((action) => !/^s3:(PutObject|Abort)/.test(action))).toEqual([]);
    for (const statement of s3) {
      expect(JSON.stringify(statement.Resource)).toContain('/exports/*');
      expect(JSON.stringify(statement.Resource)).toContain(
        JSON.stringify(arnOf(stack.exportWorkflow.bucket)),
      );
    }
  });

  it('touches no service outside its grants', () => {
    const services = new Set(actions.map((action) => action.split(':')[0]));
    const allowed = new Set(['logs', 'xray', ...otherServices]);
    if (grants.has('table:read') || grants.has('table:write')) allowed.add('dynamodb');
    if (grants.has('identity:admin') || grants.has('identity:reconcile')) allowed.add('cognito-idp');
    if (grants.has('mail:send')) allowed.add('ses');
    if (grants.has('code-secret:read')) allowed.add('secretsmanager');
    if (grants.has('workflow:start') || grants.has('exports:start')) allowed.add('states');
    if (grants.has('exports:read')) allowed.add('s3');
    expect([...services].filter((service) => !allowed.has(service ?? ''))).toEqual([]);
  });
});

/** `<table ARN>/index/*`, as the table grants write it. */
const tableIndexesArn = () => ({ 'Fn::Join': ['', [arnOf(stack.data.table), '/index/*']] });

describe('table access', () => {
  const withTableAccess = FUNCTIONS.filter(
    ([, , grants]) => grants.includes('table:read') || grants.includes('table:write'),
  );

  it.each(withTableAccess.map(([name, fn]) => [name, fn] as const))(
    '%s reaches the table and every one of its indexes (byFamily included), and no other table',
    (_name, fn) => {
      const table = statementsWith(statementsOfRole(logicalIdOf(fn.role)), 'dynamodb:');
      expect(table.length).toBeGreaterThan(0);
      // The same two resources, in either order: CDK sorts a minimized statement's resources by their text, and in
      // a nested stack the table's ARN is a parameter, so the order there differs from the parent's.
      const sorted = (resources: unknown[]) => resources.map((each) => JSON.stringify(each)).sort();
      for (const statement of table) {
        expect(sorted(asList(statement.Resource))).toEqual(
          sorted([arnOf(stack.data.table), tableIndexesArn()]),
        );
      }
      expect(TABLE_INDEXES.map((index) => index.indexName)).toContain('byFamily');
    },
  );
});

describe('the pre-token-generation trigger', () => {
  const fn = stack.organizationClaim.triggerFunction;
  const statements = statementsOfRole(logicalIdOf(fn.role));

  it('may GetItem on the table itself, no index, and nothing else in DynamoDB', () => {
    expect(statementsWith(statements, 'dynamodb:')).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: arnOf(stack.data.table) },
    ]);
  });

  it('writes only to its own log group, uses "*" for X-Ray alone, and touches no other service', () => {
    const logs = statementsWith(statements, 'logs:');
    expect(logs.map((statement) => statement.Resource)).toEqual([arnOf(fn.logGroup)]);
    for (const statement of statements.filter((candidate) => asList(candidate.Resource).includes('*'))) {
      expect(asList(statement.Action).every((action) => action.startsWith('xray:'))).toBe(true);
    }
    const services = new Set(actionsOf(statements).map((action) => action.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 'xray']);
  });
});

describe('the portal read routes', () => {
  const portalReads = routeList.filter(
    (route) => route.method === 'GET' && route.path.startsWith('/v1/portal/'),
  );

  it('are the summary, sites, products, groups, visibility, members, policy, join requests, invitations, audit log and export reads', () => {
    expect(portalReads.map((route) => route.id).sort()).toEqual(
      [
        'exportProducts',
        'getExport',
        'listAuditLog',
        'getGroup',
        'getPortalSummary',
        'getProduct',
        'getVisibility',
        'getMembershipPolicy',
        'listJoinRequests',
        'listInvitations',
        'listGroups',
        'listMembers',
        'listProducts',
        'listSites',
      ].sort(),
    );
  });

  it.each(portalReads.map((route) => [route.id, route] as const))(
    '%s may only read the table: GetItem, BatchGetItem and Query on it and its indexes',
    (routeId, route) => {
      // getExport also signs download links of export files (s3:GetObject, checked above).
      const signsLinks = route.grants.includes('exports:read');
      expect(route.grants).toEqual(signsLinks ? ['table:read', 'exports:read'] : ['table:read']);
      const statements = statementsOfRole(logicalIdOf(routeFunction(routeId).role));
      const table = statementsWith(statements, 'dynamodb:');
      expect(actionsOf(table).sort()).toEqual([...TABLE_READ_ACTIONS].sort());
      const services = new Set(actionsOf(statements).map((action) => action.split(':')[0]));
      expect([...services].sort()).toEqual(
        signsLinks ? ['dynamodb', 'logs', 's3', 'xray'] : ['dynamodb', 'logs', 'xray'],
      );
    },
  );
});

describe('starting a review', () => {
  it("is allowed to the routes granted 'workflow:start' and the jobs function, and to no other role", () => {
    const starters = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
      .filter((policy) =>
        (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement.some(
          (statement) =>
            asList(statement.Action).some((action) => /^states:(StartExecution|\*)$/.test(action)) &&
            JSON.stringify(statement.Resource) !== JSON.stringify(ref(stack.exportWorkflow.stateMachine)),
        ),
      )
      .flatMap((policy) => asList(policy.Properties?.Roles).map((role) => JSON.stringify(role)));
    const expected = [
      ...routeList
        .filter((route) => route.grants.includes('workflow:start'))
        .map((route) => routeFunction(route.id)),
      stack.schedules.jobsFunction,
    ].map((fn) => JSON.stringify({ Ref: logicalIdOf(fn.role) }));
    expect(routeList.some((route) => route.grants.includes('workflow:start'))).toBe(true);
    expect(starters.sort()).toEqual(expected.sort());
  });

  it('is not allowed to the review function the state machine itself invokes', () => {
    const actions = actionsOf(statementsOfRole(logicalIdOf(stack.reviewWorkflow.reviewFunction.role)));
    expect(actions.filter((action) => action.startsWith('states:'))).toEqual([]);
  });
});

describe('identity reconciliation access', () => {
  it('lets its function page the pool, read the operators group and delete users of that pool only', () => {
    const cognito = statementsWith(
      statementsOfRole(logicalIdOf(stack.schedules.reconciliationFunction.role)),
      'cognito-idp:',
    );
    expect(actionsOf(cognito).sort()).toEqual([...IDENTITY_RECONCILIATION_ACTIONS].sort());
    expect(cognito.map((statement) => statement.Resource)).toEqual([arnOf(stack.identity.userPool)]);
  });
});

describe('erasure finishing access', () => {
  it('lets the jobs function delete users of the one user pool, and nothing else there', () => {
    const cognito = statementsWith(
      statementsOfRole(logicalIdOf(stack.schedules.jobsFunction.role)),
      'cognito-idp:',
    );
    expect(actionsOf(cognito)).toEqual([...ERASURE_FINISHING_ACTIONS]);
    expect(cognito.map((statement) => statement.Resource)).toEqual([arnOf(stack.identity.userPool)]);
  });
});

describe.each([
  ['the jobs function', stack.schedules.jobsFunction],
  ['the identity reconciliation function', stack.schedules.reconciliationFunction],
])('%s dead-letter access', (_name, fn) => {
  it('may only send messages to the jobs dead-letter queue', () => {
    const sqs = statementsWith(statementsOfRole(logicalIdOf(fn.role)), 'sqs:');
    expect(sqs).toHaveLength(1);
    expect(
      actionsOf(sqs).every((action) => /^sqs:(SendMessage|GetQueueAttributes|GetQueueUrl)$/.test(action)),
    ).toBe(true);
    expect(sqs[0]?.Resource).toEqual(arnOf(stack.schedules.deadLetterQueue));
  });
});
