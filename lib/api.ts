import { Duration, NestedStack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  AwsIntegration,
  type CfnRestApi,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import {
  GATEWAY_PROBLEMS,
  type GatewayResponseType,
  PROBLEM_CONTENT_TYPE,
} from '../functions/http/gateway-responses';
import type { RouteDefinition, RouteGrant } from '../functions/routes';
import {
  grantIdentityAdmin,
  grantIdentityReconciliation,
  grantSendEmail,
  grantReadExports,
  grantStartExport,
  grantStartReview,
  grantTableRead,
  grantTableWrite,
} from './grants';
import { EXPORT_OBJECT_PREFIX } from './export-workflow';
import { type DeployedFunctionEnvironment, PorticoFunction } from './portico-function';
import { PorticoWebAcl } from './waf';

/** Name of the API Gateway stage. Route paths already carry the version (`/v1/...`). */
export const API_STAGE_NAME = 'api';

/**
 * API Gateway's integration timeout for a REST API: the longest a client waits for a route function. A route
 * may ask for a longer function timeout than the default (RouteFunctionSettings) but never beyond this.
 */
export const API_INTEGRATION_TIMEOUT = Duration.seconds(29);

/**
 * The nested stacks the route functions live in, by area. CloudFormation takes at most 500 resources per stack
 * and a route costs about seven, so each route's function, role, policy, log group and invoke permission (five)
 * go to the nested stack of its area, and only its method (and resource, preflight) stay in the parent with the
 * API. docs/operations.md ("The stack's size") has the counts.
 */
export const ROUTE_AREAS = ['Account', 'Portal', 'Operator'] as const;
export type RouteArea = (typeof ROUTE_AREAS)[number];

/**
 * The area of a route, derived from its path in one place: `/v1/portal/…` and `/v1/operator/…` are theirs, and
 * every other route (sign-up, password, `/v1/me/…`, organization requests) belongs to the person's own account.
 */
export function routeArea(route: Pick<RouteDefinition, 'path'>): RouteArea {
  const [, , segment] = route.path.split('/');
  if (segment === 'portal') return 'Portal';
  if (segment === 'operator') return 'Operator';
  return 'Account';
}

/** Gateway responses that keep the status API Gateway chose (a catch-all covers several statuses). */
const CATCH_ALL_RESPONSES: ReadonlySet<GatewayResponseType> = new Set(['DEFAULT_4XX', 'DEFAULT_5XX']);

export interface PorticoApiProps {
  /** The route table; each entry gets one function and one method. */
  readonly routes: readonly RouteDefinition[];
  /** Settings every function reads at cold start. */
  readonly environment: DeployedFunctionEnvironment;
  /** The Portico table, for the `table:read` and `table:write` grants. */
  readonly table: ITable;
  /** The user pool: authorizes every non-public route and is the target of `identity:admin`. */
  readonly userPool: IUserPool;
  /** The one-time-code HMAC key, for `code-secret:read`. */
  readonly codeSecret: ISecret;
  /** The SES identity and its configuration set: the only resources of `ses:SendEmail`. */
  readonly mailResourceArns: readonly string[];
  /** The organization review state machine, the only resource of `workflow:start`. */
  readonly reviewStateMachine: IStateMachine;
  /** The export state machine, the only resource of `exports:start`. */
  readonly exportStateMachine: IStateMachine;
  /** The exports bucket: `exports:read` signs download links of its files. */
  readonly exportBucket: IBucket;
  /** The browser origin allowed by CORS (scheme, host and port, no path). */
  readonly webOrigin: string;
  /** Steady-state requests per second the stage accepts. @default 50 */
  readonly throttlingRateLimit?: number;
  /** Requests the stage accepts in a burst. @default 100 */
  readonly throttlingBurstLimit?: number;
  /** Requests per client address per five minutes to the whole API (web ACL). @default DEFAULT_RATE_LIMIT */
  readonly wafRateLimit?: number;
  /** The same for the code routes (`strictRateLimit`). @default DEFAULT_STRICT_RATE_LIMIT */
  readonly wafStrictRateLimit?: number;
  /** Memory of each route function in MB, unless its route sets its own. @default 512 */
  readonly functionMemorySize?: number;
}

/**
 * The REST API, built from the route table: one Lambda function and one method per route, a Cognito
 * authorizer (ID tokens) on every non-public route, and problem+json for every answer API Gateway gives itself.
 */
export class PorticoApi extends Construct {
  /** The REST API. */
  public readonly restApi: RestApi;
  /** One function per route, by route id; each lives in the nested stack of its area (`functionStacks`). */
  public readonly functions: ReadonlyMap<string, PorticoFunction>;
  /** The nested stacks holding the route functions, by area (only areas that have routes). */
  public readonly functionStacks: ReadonlyMap<RouteArea, NestedStack>;
  /** One method per route, by route id. */
  public readonly methods: ReadonlyMap<string, Method>;
  /** The regional web ACL on the stage (lib/waf.ts). */
  public readonly webAcl: PorticoWebAcl;
  /** Access logs of the stage (JSON, one line per request). */
  public readonly accessLogGroup: LogGroup;
  /**
   * Authorizer of the `user`, `member` and `operator` routes; absent when every route is public. It only proves
   * the caller signed in: the handlers check the account state (`member`) and the operators group (`operator`)
   * from the token's claims.
   */
  public readonly authorizer: CognitoUserPoolsAuthorizer | undefined;

  constructor(scope: Construct, id: string, props: PorticoApiProps) {
    super(scope, id);

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });

    this.restApi = new RestApi(this, 'RestApi', {
      restApiName: 'portico',
      description: 'Portico: onboarding of customer companies into the support portal',
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: true,
      deployOptions: {
        stageName: API_STAGE_NAME,
        throttlingRateLimit: props.throttlingRateLimit ?? 50,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
        accessLogDestination: new LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
        // Request bodies carry passwords: never log them.
        dataTraceEnabled: false,
        // Per-method metrics (count, 4XX, 5XX, latency per route) for the dashboard (lib/monitoring.ts).
        metricsEnabled: true,
        tracingEnabled: true,
      },
      defaultCorsPreflightOptions: {
        allowOrigins: [props.webOrigin],
        allowMethods: [...new Set(props.routes.map((route) => route.method))],
        allowHeaders: ['Authorization', 'Content-Type'],
        maxAge: Duration.hours(1),
      },
    });

    this.addGatewayResponses(props.webOrigin);

    this.authorizer = props.routes.some((route) => route.auth !== 'public')
      ? new CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [props.userPool] })
      : undefined;

    const functionStacks = new Map<RouteArea, NestedStack>();
    const functionStackOf = (area: RouteArea): NestedStack => {
      const existing = functionStacks.get(area);
      if (existing) return existing;
      const created = new NestedStack(this, `${area}Functions`, {
        description: `Portico: the functions of the ${area.toLowerCase()} routes (lib/api.ts)`,
      });
      functionStacks.set(area, created);
      return created;
    };
    const functions = new Map<string, PorticoFunction>();
    const methods = new Map<string, Method>();
    for (const route of props.routes) {
      const fn = new PorticoFunction(functionStackOf(routeArea(route)), `${upperFirst(route.id)}Function`, {
        entry: route.handler,
        description: `${route.method} ${route.path}: ${route.summary}`,
        environment: props.environment,
        memorySize: route.function?.memorySize ?? props.functionMemorySize,
        timeout: routeTimeout(route),
      });
      for (const grant of new Set(route.grants)) this.grant(fn, grant, props);
      functions.set(route.id, fn);
      methods.set(route.id, this.addRouteMethod(route, fn));
    }
    this.functions = functions;
    this.methods = methods;
    this.functionStacks = functionStacks;

    // The regional web ACL on the stage: rate limits per client address (tighter on the code routes) and AWS's
    // managed rule groups, for callers of the invoke URL and for what CloudFront forwards.
    this.webAcl = new PorticoWebAcl(this, 'Waf', {
      scope: 'REGIONAL',
      routes: props.routes,
      stagePrefix: API_STAGE_NAME,
      metricPrefix: 'PorticoApi',
      rateLimit: props.wafRateLimit,
      strictRateLimit: props.wafStrictRateLimit,
    });
    new CfnWebACLAssociation(this, 'WafAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: this.webAcl.webAcl.attrArn,
    });

    this.acknowledgeApiFindings();
  }

  private addRouteMethod(route: RouteDefinition, fn: PorticoFunction): Method {
    const resource = this.restApi.root.resourceForPath(route.path);
    // What LambdaIntegration builds (a proxy integration calling the function), but with the invoke permission
    // beside the function, in its nested stack: LambdaIntegration puts it beside the method, in the parent.
    const integration = new AwsIntegration({
      proxy: true,
      service: 'lambda',
      path: `2015-03-31/functions/${fn.function.functionArn}/invocations`,
    });
    if (route.auth === 'public') {
      const method = resource.addMethod(route.method, integration, {
        operationName: route.id,
        authorizationType: AuthorizationType.NONE,
      });
      const reason =
        'Public by design: sign-up and one-time-code routes are called by people who have no account (so no ' +
        'token) yet. Abuse is bounded by the web ACL (a tighter rate limit per client address on these routes), ' +
        'stage throttling and the per-address code and send limits.';
      Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
      return this.allowInvoke(method, fn);
    }
    if (!this.authorizer) throw new Error(`route ${route.id} needs an authorizer`);
    return this.allowInvoke(
      resource.addMethod(route.method, integration, {
        operationName: route.id,
        authorizationType: AuthorizationType.COGNITO,
        authorizer: this.authorizer,
      }),
      fn,
    );
  }

  /**
   * Lets API Gateway invoke the function for this method on the deployed stage only (no test invocations). The
   * stage is named, not referenced (`method.methodArn` refers to the stage resource): the stage depends on the
   * deployment, which depends on the methods, which depend on the function's nested stack, so a reference from
   * the nested stack back to the stage would be a cycle.
   */
  private allowInvoke(method: Method, fn: PorticoFunction): Method {
    const path = method.resource.path.replace(/\{[^}]*\}/g, '*');
    fn.function.addPermission('ApiInvoke', {
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: this.restApi.arnForExecuteApi(method.httpMethod, path, API_STAGE_NAME),
    });
    return method;
  }

  /** Turns one route grant into the narrowest IAM permission that serves it (see lib/grants.ts). */
  private grant(fn: PorticoFunction, grant: RouteGrant, props: PorticoApiProps): void {
    switch (grant) {
      case 'table:read':
        return grantTableRead(fn, props.table);
      case 'table:write':
        return grantTableWrite(fn, props.table);
      case 'identity:admin':
        return grantIdentityAdmin(fn, props.userPool);
      case 'identity:reconcile':
        return grantIdentityReconciliation(fn, props.userPool);
      case 'mail:send':
        return grantSendEmail(fn, props.mailResourceArns);
      case 'code-secret:read':
        props.codeSecret.grantRead(fn);
        return;
      case 'workflow:start':
        return grantStartReview(fn, props.reviewStateMachine);
      case 'exports:start':
        return grantStartExport(fn, props.exportStateMachine);
      case 'exports:read':
        return grantReadExports(fn, props.exportBucket, EXPORT_OBJECT_PREFIX);
      default: {
        const unknown: never = grant;
        throw new Error(`unknown route grant ${String(unknown)}`);
      }
    }
  }

  private addGatewayResponses(webOrigin: string): void {
    for (const [type, problem] of Object.entries(GATEWAY_PROBLEMS) as [
      GatewayResponseType,
      (typeof GATEWAY_PROBLEMS)[GatewayResponseType],
    ][]) {
      this.restApi.addGatewayResponse(type, {
        type: ResponseType.of(type),
        ...(CATCH_ALL_RESPONSES.has(type) ? {} : { statusCode: String(problem.status) }),
        responseHeaders: {
          'Content-Type': `'${PROBLEM_CONTENT_TYPE}'`,
          // Without it a browser hides the error body (401, 429 …) from the web client.
          'Access-Control-Allow-Origin': `'${webOrigin}'`,
        },
        templates: {
          'application/json': JSON.stringify({
            type: problem.type,
            title: problem.title,
            status: problem.status,
            detail: problem.detail,
          }),
        },
      });
    }
  }

  private acknowledgeApiFindings(): void {
    // On the RestApi resource itself: the RestApi construct also holds every method, the stage and the role.
    Validations.of(this.restApi.node.defaultChild as CfnRestApi).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'Every function validates its input with a strict zod schema from the route table and answers with ' +
        'field-level problem+json; a gateway validator would duplicate that with a less precise answer.',
    });
    const cloudWatchRole = this.restApi.node.tryFindChild('CloudWatchRole');
    if (!cloudWatchRole) throw new Error('expected the API Gateway CloudWatch role');
    Validations.of(cloudWatchRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The account-level role API Gateway uses to write execution and access logs; AmazonAPIGatewayPushToCloudWatchLogs ' +
        'is the policy AWS documents for it and only allows CloudWatch Logs actions.',
    });
  }
}

/** The timeout a route asks for (undefined: PorticoFunction's default), within API_INTEGRATION_TIMEOUT. */
function routeTimeout(route: RouteDefinition): Duration | undefined {
  const seconds = route.function?.timeoutSeconds;
  if (seconds === undefined) return undefined;
  const limit = API_INTEGRATION_TIMEOUT.toSeconds();
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > limit) {
    throw new Error(
      `route ${route.id}: timeoutSeconds must be a whole number from 1 to ${limit} (API Gateway's ` +
        `integration timeout), got ${seconds}`,
    );
  }
  return Duration.seconds(seconds);
}

function upperFirst(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
