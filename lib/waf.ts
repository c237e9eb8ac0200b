import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { RouteDefinition } from '../functions/routes';

/** Requests one client address may send to the whole API in five minutes before the web ACL blocks it. */
export const DEFAULT_RATE_LIMIT = 1000;
/**
 * Requests one client address may send in five minutes to the routes that send or check one-time codes
 * (`strictRateLimit` in the route table). A person needs about five (sign-up, a resend, one or two codes);
 * 100 leaves room for a company onboarding many people behind one NAT address, and stops guessing and
 * mail-bombing long before the per-address code limits would.
 */
export const DEFAULT_STRICT_RATE_LIMIT = 100;
/** A rate rule blocks with 429, so a client backs off as it does from the stage's own throttling. */
const TOO_MANY_REQUESTS: CfnWebACL.RuleActionProperty = { block: { customResponse: { responseCode: 429 } } };

/** The window both rate-based rules count over. */
export const RATE_WINDOW_SECONDS = 300;

export interface PorticoWebAclProps {
  /** REGIONAL for the API stage; CLOUDFRONT for a distribution (such an ACL must be created in us-east-1). */
  readonly scope: 'REGIONAL' | 'CLOUDFRONT';
  /** The route table: the routes marked `strictRateLimit` get the tighter rule. */
  readonly routes: readonly RouteDefinition[];
  /**
   * A path segment requests may carry before the route path: the stage name, as API Gateway sees
   * `/<stage>/v1/...` (whether called directly or by CloudFront with the stage as origin path).
   */
  readonly stagePrefix?: string;
  /** @default DEFAULT_RATE_LIMIT */
  readonly rateLimit?: number;
  /** @default DEFAULT_STRICT_RATE_LIMIT */
  readonly strictRateLimit?: number;
  /** Prefix of the CloudWatch metric names of the ACL and its rules. */
  readonly metricPrefix: string;
}

/**
 * The pattern of the paths of the `strictRateLimit` routes: one regular expression over the URI path, with the
 * stage prefix optional, `{parameters}` as one segment, and a trailing slash tolerated.
 */
export function strictPathPattern(
  routes: readonly RouteDefinition[],
  stagePrefix?: string,
): string | undefined {
  const paths = [
    ...new Set(routes.filter((route) => route.strictRateLimit).map((route) => route.path)),
  ].sort();
  if (paths.length === 0) return undefined;
  const alternatives = paths.map((path) =>
    path
      .split(/(\{[^}]+\})/)
      .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join(''),
  );
  const prefix = stagePrefix ? `(?:/${stagePrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})?` : '';
  return `^${prefix}(?:${alternatives.join('|')})/?$`;
}

/**
 * A WAFv2 web ACL for Portico: a rate-based rule per client address on the code routes (tight) and on the
 * whole API, then AWS's managed Core rule set and Known bad inputs. The Core set's 8 KB body-size rule only
 * counts: the import route takes bodies up to the API's own limit, and every function refuses an oversized
 * body itself (413).
 */
export class PorticoWebAcl extends Construct {
  public readonly webAcl: CfnWebACL;
  /** The ACL's metric name: the `WebACL` dimension of its AWS/WAFV2 metrics. */
  public readonly metricName: string;
  /** The rules' metric names: the `Rule` dimension of their AWS/WAFV2 metrics (dashboard). */
  public readonly ruleMetricNames: readonly string[];

  constructor(scope: Construct, id: string, props: PorticoWebAclProps) {
    super(scope, id);
    const visibility = (name: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${props.metricPrefix}${name}`,
    });
    const rules: CfnWebACL.RuleProperty[] = [];
    const pattern = strictPathPattern(props.routes, props.stagePrefix);
    if (pattern !== undefined) {
      rules.push({
        name: 'CodeRoutesRateLimit',
        priority: rules.length,
        action: TOO_MANY_REQUESTS,
        statement: {
          rateBasedStatement: {
            limit: props.strictRateLimit ?? DEFAULT_STRICT_RATE_LIMIT,
            evaluationWindowSec: RATE_WINDOW_SECONDS,
            aggregateKeyType: 'IP',
            scopeDownStatement: {
              regexMatchStatement: {
                regexString: pattern,
                fieldToMatch: { uriPath: {} },
                textTransformations: [{ priority: 0, type: 'URL_DECODE' }],
              },
            },
          },
        },
        visibilityConfig: visibility('CodeRoutesRateLimit'),
      });
    }
    rules.push({
      name: 'ApiRateLimit',
      priority: rules.length,
      action: TOO_MANY_REQUESTS,
      statement: {
        rateBasedStatement: {
          limit: props.rateLimit ?? DEFAULT_RATE_LIMIT,
          evaluationWindowSec: RATE_WINDOW_SECONDS,
          aggregateKeyType: 'IP',
        },
      },
      visibilityConfig: visibility('ApiRateLimit'),
    });
    rules.push({
      name: 'AWSManagedRulesCommonRuleSet',
      priority: rules.length,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: 'AWSManagedRulesCommonRuleSet',
          ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
        },
      },
      visibilityConfig: visibility('CommonRuleSet'),
    });
    rules.push({
      name: 'AWSManagedRulesKnownBadInputsRuleSet',
      priority: rules.length,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' },
      },
      visibilityConfig: visibility('KnownBadInputs'),
    });
    this.ruleMetricNames = rules.map(
      (rule) => (rule.visibilityConfig as CfnWebACL.VisibilityConfigProperty).metricName,
    );
    this.metricName = `${props.metricPrefix}WebAcl`;

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: props.scope,
      defaultAction: { allow: {} },
      // WAF descriptions take letters, digits, spaces and +=:#@/-,. only.
      description:
        'Portico: rate limits per client address, tighter on code routes, and AWS managed rule groups',
      rules,
      visibilityConfig: visibility('WebAcl'),
    });
  }
}
