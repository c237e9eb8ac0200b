import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routeList } from '../../functions/routes';
import { EDGE_WAF_STACK_ID, type PorticoEdgeWafStack } from '../../lib/edge-waf-stack';
import { DEFAULT_RATE_LIMIT, DEFAULT_STRICT_RATE_LIMIT, strictPathPattern } from '../../lib/waf';
import { buildPorticoApp, logicalIdOf, synthPortico } from './support/portico-app';

const { stack, template } = synthPortico();
const webAclId = logicalIdOf(stack.api.webAcl.webAcl);
const pattern = new RegExp(strictPathPattern(routeList, 'api') ?? 'no strict routes');

describe('the web ACL of the API stage', () => {
  it('is associated with the stage', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [webAclId, 'Arn'] },
      ResourceArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    const association = Object.values(template.findResources('AWS::WAFv2::WebACLAssociation'))[0] as {
      Properties: { ResourceArn: unknown };
    };
    const arn = JSON.stringify(association.Properties.ResourceArn);
    expect(arn).toContain('/stages/');
    expect(arn).toContain(JSON.stringify({ Ref: logicalIdOf(stack.api.restApi.deploymentStage) }));
  });

  it('blocks with 429 past the rate limits, tighter on the code routes, then applies the AWS managed groups', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Name: 'CodeRoutesRateLimit',
          Priority: 0,
          Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
          Statement: {
            RateBasedStatement: Match.objectLike({
              Limit: DEFAULT_STRICT_RATE_LIMIT,
              AggregateKeyType: 'IP',
              EvaluationWindowSec: 300,
              ScopeDownStatement: {
                RegexMatchStatement: Match.objectLike({ FieldToMatch: { UriPath: {} } }),
              },
            }),
          },
        }),
        Match.objectLike({
          Name: 'ApiRateLimit',
          Priority: 1,
          Statement: { RateBasedStatement: Match.objectLike({ Limit: DEFAULT_RATE_LIMIT }) },
        }),
        Match.objectLike({
          Name: 'AWSManagedRulesCommonRuleSet',
          OverrideAction: { None: {} },
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              VendorName: 'AWS',
              Name: 'AWSManagedRulesCommonRuleSet',
              // The import route's bodies are larger than 8 KB; the functions enforce their own limit.
              RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
            }),
          },
        }),
        Match.objectLike({
          Name: 'AWSManagedRulesKnownBadInputsRuleSet',
          Statement: {
            ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' },
          },
        }),
      ],
    });
  });
});

describe('the code routes of the strict rate rule', () => {
  it('come from the route table: every route marked strictRateLimit, and nothing else', () => {
    for (const route of routeList) {
      const samplePath = route.path.replace(/\{[^}]+\}/g, 'x');
      expect(pattern.test(`/api${samplePath}`), route.id).toBe(route.strictRateLimit === true);
      expect(pattern.test(samplePath), `${route.id} through CloudFront`).toBe(route.strictRateLimit === true);
    }
  });

  it('include sign-up, verify and resend, with or without a trailing slash', () => {
    for (const path of ['/api/v1/signup', '/api/v1/signup/verify', '/v1/signup/resend/']) {
      expect(pattern.test(path), path).toBe(true);
    }
    expect(pattern.test('/api/v1/signup/other')).toBe(false);
  });

  it('cover a new route by its flag alone, path parameters as one segment', () => {
    const reset = {
      ...routeList[0],
      id: 'resetPassword',
      path: '/v1/password-resets/{resetId}',
      strictRateLimit: true,
    } as (typeof routeList)[number];
    const withReset = new RegExp(strictPathPattern([...routeList, reset], 'api') ?? '');
    expect(withReset.test('/api/v1/password-resets/abc')).toBe(true);
    expect(withReset.test('/api/v1/password-resets/a/b')).toBe(false);
  });
});

describe('the web client distribution', () => {
  it('has no web ACL unless portico:cloudFrontWebAclArn names one', () => {
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as {
      Properties: { DistributionConfig: Record<string, unknown> };
    };
    expect(distribution.Properties.DistributionConfig).not.toHaveProperty('WebACLId');
  });

  it('takes the edge web ACL by ARN from context', () => {
    const arn = 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/portico-edge/0123abcd';
    const { template: other } = synthPortico({ context: { 'portico:cloudFrontWebAclArn': arn } });
    other.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: arn }),
    });
  });

  it('refuses an ACL ARN that is not a CLOUDFRONT-scope one in us-east-1', () => {
    expect(() =>
      synthPortico({
        context: {
          'portico:cloudFrontWebAclArn': 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/x/1',
        },
      }),
    ).toThrow(/portico:cloudFrontWebAclArn/);
  });

  it('adds the PorticoEdgeWaf stack in us-east-1 on request, with the same rules at CLOUDFRONT scope', () => {
    const { app } = buildPorticoApp({ context: { 'portico:edgeWaf': 'true' } });
    const edge = app.node.findChild(EDGE_WAF_STACK_ID) as PorticoEdgeWafStack;
    expect(edge.region).toBe('us-east-1');
    const edgeTemplate = Template.fromStack(edge);
    edgeTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: Match.arrayWith([Match.objectLike({ Name: 'CodeRoutesRateLimit' })]),
    });
    edgeTemplate.hasOutput('WebAclArn', Match.anyValue());
  });
});
