import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { PROJECT_ROOT } from './portico-function';
import { routeList } from '../functions/routes';
import { EDGE_WAF_STACK_ID, PorticoEdgeWafStack } from './edge-waf-stack';
import { PorticoStack, type PorticoStackProps, settingsFromContext } from './portico-stack';

/** Context key that adds the PorticoEdgeWaf stack (us-east-1) to the app. */
export const EDGE_WAF_CONTEXT_KEY = 'portico:edgeWaf';

/** Construct id (and default stack name) of the one Portico stack. */
export const PORTICO_STACK_ID = 'Portico';

/**
 * The context of cdk.json (feature flags and Portico defaults). `cdk synth` passes it to the app itself; an
 * app built outside the CLI (tests, the local runtime) gets it from here, so both see the same template.
 */
export const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

export interface PorticoAppOptions {
  /** Where the cloud assembly goes. @default the CLI's output directory, else a temporary directory */
  readonly outdir?: string;
  /** Context values on top of cdk.json and of the CLI's `-c` values. */
  readonly context?: Record<string, unknown>;
  /** Stack props on top of the settings read from context. */
  readonly props?: Partial<PorticoStackProps>;
  /**
   * Bundle every function with esbuild. `false` skips it (the template is the same apart from asset hashes),
   * for anything that only needs the template, such as the state machine definition. @default true
   */
  readonly bundle?: boolean;
  /** Run CDK's built-in CloudFormation validation during synthesis. @default true */
  readonly validate?: boolean;
}

/**
 * Builds the Portico app: the one place that turns context into a PorticoStack. bin/portico.ts (with cdk-nag),
 * the infrastructure tests and the local runtime all call it.
 */
export function buildPorticoApp(options: PorticoAppOptions = {}): { app: App; stack: PorticoStack } {
  const app = new App({
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    builtinCloudFormationValidation: options.validate ?? true,
    // Defaults: the CLI's context (cdk.json and -c) replaces these where it has a key.
    context: { ...CDK_JSON_CONTEXT },
    // Final: what the caller asked for wins over the CLI, including its own bundling list.
    postCliContext: {
      // An empty list skips esbuild for every stack.
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
      ...options.context,
    },
  });
  const stack = new PorticoStack(app, PORTICO_STACK_ID, {
    description: 'Portico: serverless onboarding of customer companies into the enterprise support portal',
    ...settingsFromContext(app),
    ...options.props,
  });
  const edgeWaf = app.node.tryGetContext(EDGE_WAF_CONTEXT_KEY) as unknown;
  if (edgeWaf === true || edgeWaf === 'true') {
    new PorticoEdgeWafStack(app, EDGE_WAF_STACK_ID, {
      description:
        'Portico: the web ACL of the web client distribution (CloudFront web ACLs live in us-east-1)',
      routes: routeList,
      env: { account: process.env.CDK_DEFAULT_ACCOUNT },
    });
  }
  return { app, stack };
}
