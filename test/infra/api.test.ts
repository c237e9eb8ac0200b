import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { GATEWAY_PROBLEMS, PROBLEM_CONTENT_TYPE } from '../../functions/http/gateway-responses';
import { DOCUMENTED_SERVERS } from '../../functions/http/openapi';
import { type RouteAuth, routeList } from '../../functions/routes';
import { API_STAGE_NAME } from '../../lib/api';
import { arnOf, logicalIdOf, onlyResource, ref, resourcesOfType, synthPortico } from './support/portico-app';

const { stack, template, merged } = synthPortico();

type Reference = { Ref?: string; 'Fn::GetAtt'?: [string, string] };

/** Every API method in the template by `METHOD /path`, resolving the resource tree from the template itself. */
function methodsByRoute(t: Template): Map<string, Record<string, unknown>> {
  const apiResources = resourcesOfType(t, 'AWS::ApiGateway::Resource');
  const pathOf = (reference: Reference): string => {
    if (reference['Fn::GetAtt']?.[1] === 'RootResourceId') return '';
    const resource = apiResources[reference.Ref ?? ''];
    if (!resource?.Properties) throw new Error(`unknown API resource ${JSON.stringify(reference)}`);
    return `${pathOf(resource.Properties.ParentId as Reference)}/${String(resource.Properties.PathPart)}`;
  };
  const methods = new Map<string, Record<string, unknown>>();
  for (const method of Object.values(resourcesOfType(t, 'AWS::ApiGateway::Method'))) {
    const properties = method.Properties ?? {};
    const key = `${String(properties.HttpMethod)} ${pathOf(properties.ResourceId as Reference) || '/'}`;
    if (methods.has(key)) throw new Error(`two methods for ${key}`);
    methods.set(key, properties);
  }
  return methods;
}

/** The methods live in the parent stack with the API; their functions in nested stacks (lib/api.ts). */
const methods = methodsByRoute(template);
/** The same methods with the nested stacks' outputs resolved: an integration URI names its function's ARN. */
const mergedMethods = methodsByRoute(merged);

describe('API methods', () => {
  it('are exactly one per route, besides the CORS preflights', () => {
    const routeMethods = [...methods.keys()].filter((key) => !key.startsWith('OPTIONS '));
    expect(routeMethods.sort()).toEqual(routeList.map((route) => `${route.method} ${route.path}`).sort());
  });

  describe.each(routeList.map((route) => [route.id, route] as const))('%s', (routeId, route) => {
    const method = methods.get(`${route.method} ${route.path}`) ?? {};

    it(`is ${route.auth === 'public' ? 'open' : 'behind the Cognito authorizer'} (auth: ${route.auth})`, () => {
      if (route.auth === 'public') {
        expect(method.AuthorizationType).toBe('NONE');
        expect(method.AuthorizerId).toBeUndefined();
      } else {
        expect(method.AuthorizationType).toBe('COGNITO_USER_POOLS');
        if (!stack.api.authorizer) throw new Error('the API has no authorizer');
        expect(method.AuthorizerId).toEqual(ref(stack.api.authorizer));
        // No scopes: API Gateway then expects an ID token, which carries the email the handlers need.
        expect(method.AuthorizationScopes).toBeUndefined();
      }
    });

    it("proxies to the route's own function", () => {
      const fn = stack.api.functions.get(routeId);
      if (!fn) throw new Error(`no function for ${routeId}`);
      const resolved = mergedMethods.get(`${route.method} ${route.path}`) ?? {};
      const integration = resolved.Integration as {
        Type: string;
        IntegrationHttpMethod: string;
        Uri: unknown;
      };
      expect(integration.Type).toBe('AWS_PROXY');
      expect(integration.IntegrationHttpMethod).toBe('POST');
      expect(JSON.stringify(integration.Uri)).toContain(JSON.stringify(arnOf(fn.function)));
      expect(method.OperationName).toBe(routeId);
    });

    it('may invoke its function from this method on the deployed stage only, by a permission beside the function', () => {
      const fn = stack.api.functions.get(routeId);
      if (!fn) throw new Error(`no function for ${routeId}`);
      const permissions = Object.values(resourcesOfType(merged, 'AWS::Lambda::Permission')).filter(
        (permission) =>
          JSON.stringify(permission.Properties?.FunctionName) === JSON.stringify(arnOf(fn.function)),
      );
      const arnPath = route.path.replace(/\{[^}]*\}/g, '*');
      expect(permissions.map((permission) => permission.Properties)).toEqual([
        {
          Action: 'lambda:InvokeFunction',
          FunctionName: arnOf(fn.function),
          Principal: 'apigateway.amazonaws.com',
          SourceArn: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':execute-api:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':',
                ref(stack.api.restApi),
                `/${API_STAGE_NAME}/${route.method}${arnPath}`,
              ],
            ],
          },
        },
      ]);
      // In the function's nested stack, not in the parent with the method.
      const permissionsInParent = Object.values(resourcesOfType(template, 'AWS::Lambda::Permission')).filter(
        (permission) => permission.Properties?.Principal === 'apigateway.amazonaws.com',
      );
      expect(permissionsInParent).toEqual([]);
    });
  });
});

describe('operator routes', () => {
  it('use the same Cognito authorizer as user routes (the handlers check the operators group claim)', () => {
    const authorizersOf = (auth: RouteAuth) =>
      routeList
        .filter((route) => route.auth === auth)
        .map((route) => JSON.stringify(methods.get(`${route.method} ${route.path}`)?.AuthorizerId));
    expect(authorizersOf('operator').length).toBeGreaterThan(0);
    if (!stack.api.authorizer) throw new Error('the API has no authorizer');
    expect(new Set([...authorizersOf('operator'), ...authorizersOf('user')])).toEqual(
      new Set([JSON.stringify(ref(stack.api.authorizer))]),
    );
  });
});

describe('the authorizer', () => {
  it('validates Cognito tokens of the Portico user pool from the Authorization header', () => {
    expect(onlyResource(template, 'AWS::ApiGateway::Authorizer').Properties).toEqual(
      expect.objectContaining({
        Type: 'COGNITO_USER_POOLS',
        ProviderARNs: [arnOf(stack.identity.userPool)],
        IdentitySource: 'method.request.header.Authorization',
      }),
    );
  });
});

describe('gateway responses', () => {
  const responses = Object.values(resourcesOfType(template, 'AWS::ApiGateway::GatewayResponse')).map(
    (resource) => resource.Properties ?? {},
  );

  it('are one per GATEWAY_PROBLEMS entry', () => {
    expect(responses.map((response) => response.ResponseType).sort()).toEqual(
      Object.keys(GATEWAY_PROBLEMS).sort(),
    );
  });

  describe.each(Object.entries(GATEWAY_PROBLEMS))('%s', (type, problem) => {
    const response = responses.find((candidate) => candidate.ResponseType === type) ?? {};

    it('answers problem+json with the static problem body', () => {
      expect(response.ResponseParameters).toEqual(
        expect.objectContaining({
          'gatewayresponse.header.Content-Type': `'${PROBLEM_CONTENT_TYPE}'`,
          'gatewayresponse.header.Access-Control-Allow-Origin': "'http://localhost:5173'",
        }),
      );
      const templates = response.ResponseTemplates as Record<string, string>;
      expect(JSON.parse(templates['application/json'] ?? 'null')).toEqual({
        type: problem.type,
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
      });
      expect(templates['application/json']).not.toContain('$context');
    });

    it(
      type.startsWith('DEFAULT_')
        ? 'keeps the status API Gateway chose'
        : `answers with status ${problem.status}`,
      () => {
        expect(response.StatusCode).toBe(type.startsWith('DEFAULT_') ? undefined : String(problem.status));
      },
    );
  });

  it('answers 404 for an unknown route (MISSING_AUTHENTICATION_TOKEN)', () => {
    expect(
      responses.find((response) => response.ResponseType === 'MISSING_AUTHENTICATION_TOKEN')?.StatusCode,
    ).toBe('404');
  });
});

describe('the stage', () => {
  const stage = onlyResource(template, 'AWS::ApiGateway::Stage').Properties ?? {};

  it(`is named "${API_STAGE_NAME}", traced, throttled at 50 rps / 100 burst and logs errors without bodies`, () => {
    expect(stage.StageName).toBe('api');
    expect(stage.TracingEnabled).toBe(true);
    expect(stage.MethodSettings).toEqual([
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        ThrottlingRateLimit: 50,
        ThrottlingBurstLimit: 100,
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
      }),
    ]);
  });

  it('is the one the OpenAPI document names for the deployed API', () => {
    expect(DOCUMENTED_SERVERS[0]?.variables?.stage?.default).toBe(stage.StageName);
  });

  it('writes JSON access logs with the standard fields to its access log group', () => {
    const accessLogs = stage.AccessLogSetting as { DestinationArn: unknown; Format: string };
    expect(JSON.stringify(accessLogs.DestinationArn)).toContain(
      JSON.stringify(ref(stack.api.accessLogGroup)),
    );
    expect(Object.keys(JSON.parse(accessLogs.Format) as object)).toEqual(
      expect.arrayContaining(['requestId', 'ip', 'requestTime', 'httpMethod', 'resourcePath', 'status']),
    );
    expect(
      template.toJSON().Resources[logicalIdOf(stack.api.accessLogGroup)].Properties.RetentionInDays,
    ).toBe(30);
  });

  it('takes its throttling limits from the stack props', () => {
    const { template: throttled } = synthPortico({
      props: { throttlingRateLimit: 5, throttlingBurstLimit: 10 },
    });
    expect(onlyResource(throttled, 'AWS::ApiGateway::Stage').Properties?.MethodSettings).toEqual([
      expect.objectContaining({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 }),
    ]);
  });

  it('has the account-level CloudWatch role API Gateway needs to write logs', () => {
    expect(onlyResource(template, 'AWS::ApiGateway::Account').Properties?.CloudWatchRoleArn).toBeDefined();
  });
});

describe('CORS', () => {
  const preflightOrigins = (t: Template) =>
    [...methodsByRoute(t)]
      .filter(([key]) => key.startsWith('OPTIONS '))
      .map(([, method]) => {
        const integration = method.Integration as {
          IntegrationResponses: { ResponseParameters: Record<string, string> }[];
        };
        return integration.IntegrationResponses[0]?.ResponseParameters[
          'method.response.header.Access-Control-Allow-Origin'
        ];
      });

  it('answers the preflight of every route path for the web origin only', () => {
    for (const route of routeList) expect(methods.has(`OPTIONS ${route.path}`)).toBe(true);
    expect(new Set(preflightOrigins(template))).toEqual(new Set(["'http://localhost:5173'"]));
  });

  it('follows the portico:webOrigin context, in preflights and gateway responses', () => {
    const { template: other } = synthPortico({
      context: { 'portico:webOrigin': 'https://portal.example.org' },
    });
    expect(new Set(preflightOrigins(other))).toEqual(new Set(["'https://portal.example.org'"]));
    for (const response of Object.values(resourcesOfType(other, 'AWS::ApiGateway::GatewayResponse'))) {
      expect(response.Properties?.ResponseParameters).toEqual(
        expect.objectContaining({
          'gatewayresponse.header.Access-Control-Allow-Origin': "'https://portal.example.org'",
        }),
      );
    }
  });
});

describe('stack outputs', () => {
  it('publish the API URL, user pool, client, table and review state machine', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'UserPoolId',
        'UserPoolClientId',
        'TableName',
        'ReviewStateMachineArn',
      ]),
    );
    expect(outputs.ReviewStateMachineArn?.Value).toEqual(ref(stack.reviewWorkflow.stateMachine));
    expect(outputs.UserPoolId?.Value).toEqual(ref(stack.identity.userPool));
    expect(outputs.UserPoolClientId?.Value).toEqual(ref(stack.identity.webClient));
    expect(outputs.TableName?.Value).toEqual(ref(stack.data.table));
    expect(JSON.stringify(outputs.ApiUrl?.Value)).toContain(
      JSON.stringify(ref(stack.api.restApi.deploymentStage)),
    );
  });
});
