import { NestedStack, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { routeList } from '../../functions/routes';
import { ROUTE_AREAS, routeArea } from '../../lib/api';
import type { PorticoFunction } from '../../lib/portico-function';
import { type CfnResourceJson, logicalIdOf, synthPortico } from './support/portico-app';

/**
 * The stack's size (docs/operations.md): CloudFormation takes at most 500 resources, 200 parameters and 200
 * outputs per stack. The route functions live in nested stacks by area, the API and everything stateful in the
 * parent; these tests keep every stack well under the limits, with room for more routes.
 */
const { stack, template, nested } = synthPortico();

/** What CloudFormation allows per stack. */
const CLOUDFORMATION_LIMITS = { resources: 500, parameters: 200, outputs: 200 } as const;
/** What a stack may reach here: a failing test at 400 leaves 100 resources to split the stacks further. */
const RESOURCE_CEILING = 400;
/** Routes any one area must still have room for, on top of today's. */
const MORE_ROUTES = 30;

const resourcesOf = (json: { Resources?: Record<string, CfnResourceJson> }) => json.Resources ?? {};
const parentResources = resourcesOf(template.toJSON());

/** The nested stack's template, by the nested stack construct. */
function templateOf(nestedStack: NestedStack) {
  const resource = nestedStack.nestedStackResource;
  if (!resource) throw new Error(`${nestedStack.node.path} has no resource in the parent`);
  const found = nested.get(stack.getLogicalId(resource));
  if (!found) throw new Error(`no template for ${nestedStack.node.path}`);
  return found.toJSON() as {
    Resources: Record<string, CfnResourceJson>;
    Parameters?: Record<string, unknown>;
    Outputs?: Record<string, unknown>;
  };
}

/** The logical ids of what a route function is made of: function, role, policy, log group and invoke permission. */
function partsOf(fn: PorticoFunction): string[] {
  const policy = fn.role.node.tryFindChild('DefaultPolicy');
  const permission = fn.function.node.tryFindChild('ApiInvoke');
  if (!policy || !permission) throw new Error(`${fn.node.path} has no policy or no invoke permission`);
  return [fn.function, fn.role, policy, fn.logGroup, permission].map((part) => logicalIdOf(part));
}

describe('the route functions', () => {
  it('are in one nested stack per area: account, portal and operator', () => {
    expect([...stack.api.functionStacks.keys()].sort()).toEqual([...ROUTE_AREAS].sort());
    expect(nested.size).toBe(ROUTE_AREAS.length);
    for (const nestedStack of stack.api.functionStacks.values()) {
      expect(NestedStack.isNestedStack(nestedStack)).toBe(true);
      expect(nestedStack.nestedStackParent).toBe(stack);
    }
  });

  it('take their area from the path: /v1/portal and /v1/operator, the rest is the account', () => {
    expect(routeArea({ path: '/v1/portal/groups/{groupId}' })).toBe('Portal');
    expect(routeArea({ path: '/v1/operator/organizations' })).toBe('Operator');
    expect(routeArea({ path: '/v1/me/registration' })).toBe('Account');
    expect(routeArea({ path: '/v1/signup' })).toBe('Account');
    expect(routeArea({ path: '/v1/organization-requests' })).toBe('Account');
    expect(routeArea({ path: '/v1/portalish' })).toBe('Account');
  });

  it.each(routeList.map((route) => [route.id, route] as const))(
    '%s: function, role, policy, log group and invoke permission live in the nested stack of its area',
    (routeId, route) => {
      const fn = stack.api.functions.get(routeId);
      if (!fn) throw new Error(`no function for ${routeId}`);
      const home = stack.api.functionStacks.get(routeArea(route));
      if (!home) throw new Error(`no nested stack for ${routeArea(route)}`);
      expect(Stack.of(fn)).toBe(home);
      const nestedResources = templateOf(home).Resources;
      for (const logicalId of partsOf(fn)) {
        expect(nestedResources[logicalId], logicalId).toBeDefined();
        expect(parentResources[logicalId], logicalId).toBeUndefined();
      }
      // The method stays in the parent, with the API.
      const method = stack.api.methods.get(routeId);
      if (!method) throw new Error(`no method for ${routeId}`);
      expect(Stack.of(method)).toBe(stack);
      expect(parentResources[logicalIdOf(method)]?.Type).toBe('AWS::ApiGateway::Method');
    },
  );

  it('are the only functions in the nested stacks; the other functions stay in the parent', () => {
    const nestedFunctions = [...stack.api.functionStacks.values()].flatMap((nestedStack) =>
      Object.entries(templateOf(nestedStack).Resources)
        .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
        .map(([logicalId]) => logicalId),
    );
    expect(nestedFunctions.sort()).toEqual(
      routeList.map((route) => logicalIdOf(stack.api.functions.get(route.id)?.function ?? stack)).sort(),
    );
    for (const fn of [
      stack.reviewWorkflow.reviewFunction,
      stack.schedules.jobsFunction,
      stack.schedules.reconciliationFunction,
      stack.emailFeedback.feedbackFunction,
      stack.exportWorkflow.exportFunction,
      stack.organizationClaim.triggerFunction,
    ]) {
      expect(Stack.of(fn), fn.node.path).toBe(stack);
      expect(parentResources[logicalIdOf(fn.function)]?.Type).toBe('AWS::Lambda::Function');
    }
  });

  it('have no fixed physical names, so a move between stacks never collides with the resource it replaces', () => {
    const named = /^(FunctionName|LogGroupName|RoleName|ManagedPolicyName|AlarmName|TopicName|QueueName)$/;
    for (const nestedStack of stack.api.functionStacks.values()) {
      for (const [logicalId, resource] of Object.entries(templateOf(nestedStack).Resources)) {
        // A literal name; a reference (the permission's FunctionName: the function's ARN) names nothing new.
        const fixed = Object.entries(resource.Properties ?? {}).filter(
          ([key, value]) => named.test(key) && typeof value === 'string',
        );
        expect(fixed, logicalId).toEqual([]);
      }
    }
  });
});

describe('each stack', () => {
  const stacks = [
    ['the parent', template.toJSON() as ReturnType<typeof templateOf>] as const,
    ...[...stack.api.functionStacks.entries()].map(
      ([area, nestedStack]) => [`the ${area} functions`, templateOf(nestedStack)] as const,
    ),
  ];

  it.each(stacks)(
    `%s holds at most ${RESOURCE_CEILING} resources (CloudFormation's limit is 500)`,
    (_name, json) => {
      expect(Object.keys(json.Resources).length).toBeLessThanOrEqual(RESOURCE_CEILING);
    },
  );

  it.each(stacks)('%s stays far from the parameter and output limits', (_name, json) => {
    expect(Object.keys(json.Parameters ?? {}).length).toBeLessThanOrEqual(
      CLOUDFORMATION_LIMITS.parameters / 4,
    );
    expect(Object.keys(json.Outputs ?? {}).length).toBeLessThanOrEqual(CLOUDFORMATION_LIMITS.outputs / 2);
  });

  it(`has room for ${MORE_ROUTES} more routes in any one area`, () => {
    // A route adds its method, and at most a resource and its preflight, to the parent...
    const parentCount = Object.keys(parentResources).length;
    expect(parentCount + MORE_ROUTES * 3).toBeLessThanOrEqual(RESOURCE_CEILING);
    // ...and its function's parts (and two outputs: ARN and name) to the nested stack of its area.
    for (const [area, nestedStack] of stack.api.functionStacks) {
      const json = templateOf(nestedStack);
      const routes = routeList.filter((route) => routeArea(route) === area).length;
      const perRoute = Object.keys(json.Resources).length / routes;
      expect(perRoute, area).toBe(5);
      expect(Object.keys(json.Resources).length + MORE_ROUTES * perRoute, area).toBeLessThanOrEqual(
        RESOURCE_CEILING,
      );
      expect(Object.keys(json.Outputs ?? {}).length + MORE_ROUTES * 2, area).toBeLessThanOrEqual(
        CLOUDFORMATION_LIMITS.outputs,
      );
    }
  });
});

describe('the parent stack', () => {
  /**
   * The stateful resources, by the logical ids they had before the route functions moved: a changed logical id
   * would make CloudFormation create a new table (or pool, bucket, key) and drop the old one from the stack.
   */
  const STATEFUL: [type: string, logicalId: string][] = [
    ['AWS::DynamoDB::Table', 'DataTableFDBAD0F2'],
    ['AWS::SecretsManager::Secret', 'DataCodeSecret57BAFF9F'],
    ['AWS::Cognito::UserPool', 'IdentityUserPool96FE3B9B'],
    ['AWS::Cognito::UserPoolClient', 'IdentityUserPoolWebClient274C53C4'],
    ['AWS::Cognito::UserPoolGroup', 'IdentityUserPoolOperatorsGroup4AC2B658'],
    ['AWS::SES::EmailIdentity', 'EmailIdentityCD6BD173'],
    ['AWS::SES::ConfigurationSet', 'EmailConfigurationSet6A762543'],
    ['AWS::SQS::Queue', 'EmailFeedbackFeedbackDeadLetterQueueACE226C1'],
    ['AWS::SQS::Queue', 'SchedulesDeadLetterQueue84E31400'],
    ['AWS::StepFunctions::StateMachine', 'ReviewWorkflowStateMachine0EADE8EA'],
    ['AWS::StepFunctions::StateMachine', 'ExportWorkflowStateMachine03C36336'],
    ['AWS::S3::Bucket', 'ExportWorkflowFilesC598DC37'],
    ['AWS::S3::Bucket', 'ExportWorkflowAccessLogsB5C75DC3'],
    ['AWS::S3::Bucket', 'WebClientAssetsA97E7760'],
    ['AWS::S3::Bucket', 'WebClientLogsD918F836'],
    ['AWS::KMS::Key', 'MonitoringAlarmTopicKeyFFA45DC9'],
    ['AWS::SNS::Topic', 'MonitoringAlarmTopicAF62D4F1'],
    ['AWS::Logs::LogGroup', 'ReviewWorkflowLogs6F866802'],
    ['AWS::Logs::LogGroup', 'ExportWorkflowLogs0263A4EB'],
    ['AWS::Logs::LogGroup', 'ApiAccessLogs50B185DB'],
  ];

  it.each(STATEFUL)('holds the %s %s, under its old logical id', (type, logicalId) => {
    expect(parentResources[logicalId]?.Type).toBe(type);
  });

  it('holds every stateful resource of the app, and the nested stacks none', () => {
    const statefulTypes = new Set(
      STATEFUL.map(([type]) => type).filter((type) => type !== 'AWS::Logs::LogGroup'),
    );
    const inParent = Object.entries(parentResources)
      .filter(([, resource]) => statefulTypes.has(resource.Type))
      .map(([logicalId]) => logicalId);
    expect(inParent.sort()).toEqual(
      STATEFUL.filter(([type]) => statefulTypes.has(type))
        .map(([, logicalId]) => logicalId)
        .sort(),
    );
    for (const nestedStack of stack.api.functionStacks.values()) {
      const types = Object.values(templateOf(nestedStack).Resources).map((resource) => resource.Type);
      expect(new Set(types)).toEqual(
        new Set([
          'AWS::Lambda::Function',
          'AWS::IAM::Role',
          'AWS::IAM::Policy',
          'AWS::Logs::LogGroup',
          'AWS::Lambda::Permission',
        ]),
      );
    }
  });

  it('keeps the construct paths of the stateful resources (their logical ids come from them)', () => {
    expect(logicalIdOf(stack.data.table)).toBe('DataTableFDBAD0F2');
    expect(logicalIdOf(stack.identity.userPool)).toBe('IdentityUserPool96FE3B9B');
    expect(Stack.of(stack.data.table)).toBe(stack);
    expect(Stack.of(stack.identity.userPool)).toBe(stack);
  });
});
