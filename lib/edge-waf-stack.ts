import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { RouteDefinition } from '../functions/routes';
import { API_STAGE_NAME } from './api';
import { PorticoWebAcl } from './waf';

/** Construct id (and stack name) of the optional edge web ACL stack. */
export const EDGE_WAF_STACK_ID = 'PorticoEdgeWaf';

export interface PorticoEdgeWafStackProps extends StackProps {
  readonly routes: readonly RouteDefinition[];
}

/**
 * The CLOUDFRONT-scope web ACL of the web client's distribution. CloudFront only takes web ACLs created in
 * us-east-1, while Portico runs in any region, so this is a stack of its own, pinned there: deploy it once
 * (`cdk deploy PorticoEdgeWaf -c portico:edgeWaf=true`), then pass its output to the Portico stack
 * (`-c portico:cloudFrontWebAclArn=<WebAclArn>`). The rules are the API's (lib/waf.ts), counted per viewer
 * address at the edge, where CloudFront still sees it.
 */
export class PorticoEdgeWafStack extends Stack {
  public readonly webAcl: PorticoWebAcl;

  constructor(scope: Construct, id: string, props: PorticoEdgeWafStackProps) {
    super(scope, id, { ...props, env: { account: props.env?.account, region: 'us-east-1' } });
    this.webAcl = new PorticoWebAcl(this, 'Waf', {
      scope: 'CLOUDFRONT',
      routes: props.routes,
      stagePrefix: API_STAGE_NAME,
      metricPrefix: 'PorticoEdge',
    });
    new CfnOutput(this, 'WebAclArn', {
      description: 'Pass to the Portico stack as -c portico:cloudFrontWebAclArn=<this value>',
      value: this.webAcl.webAcl.attrArn,
    });
  }
}
