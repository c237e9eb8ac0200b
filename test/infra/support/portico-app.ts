import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { afterAll } from 'vitest';
import { PROJECT_ROOT } from '../../../lib/portico-function';
import { PorticoStack, type PorticoStackProps, settingsFromContext } from '../../../lib/portico-stack';

/** The context `cdk synth` runs with (feature flags and Portico defaults), so tests see the same template. */
export const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/** Cloud assemblies of this test file go under one temporary directory, removed when the file is done. */
const ASSEMBLIES_DIR = mkdtempSync(path.join(tmpdir(), 'portico-infra-'));
afterAll(() => rmSync(ASSEMBLIES_DIR, { recursive: true, force: true }));

export interface PorticoAppOptions {
  /** Extra or overriding context values. */
  readonly context?: Record<string, unknown>;
  /** Stack props on top of the settings read from context. */
  readonly props?: Partial<PorticoStackProps>;
  /** Run esbuild for every function (slow); by default bundling is skipped. */
  readonly bundle?: boolean;
  /**
   * Run CDK's built-in CloudFormation validation during synthesis (about 3 s per test file). Off by default:
   * template assertions do not need it, and the cdk-nag and `cdk synth` tests run with it.
   */
  readonly validate?: boolean;
}

/** Builds the app the way bin/portico.ts does (without cdk-nag), writing to a fresh temporary directory. */
export function buildPorticoApp(options: PorticoAppOptions = {}): { app: App; stack: PorticoStack } {
  const app = new App({
    outdir: mkdtempSync(path.join(ASSEMBLIES_DIR, 'app-')),
    builtinCloudFormationValidation: options.validate ?? false,
    context: {
      ...CDK_JSON_CONTEXT,
      // An empty list skips esbuild for every stack; the template is the same apart from asset hashes.
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const stack = new PorticoStack(app, 'Portico', { ...settingsFromContext(app), ...options.props });
  return { app, stack };
}

export function synthPortico(options: PorticoAppOptions = {}): { stack: PorticoStack; template: Template } {
  const { stack } = buildPorticoApp(options);
  return { stack, template: Template.fromStack(stack) };
}

/** Logical id of a construct's CloudFormation resource (its default child for an L2 construct). */
export function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

/** `{ Ref: <logical id> }` and `{ Fn::GetAtt: [<logical id>, 'Arn'] }` of a construct, as the template has them. */
export const ref = (construct: IConstruct) => ({ Ref: logicalIdOf(construct) });
export const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [logicalIdOf(construct), 'Arn'] });

export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export function resourcesOfType(template: Template, type: string): Record<string, CfnResourceJson> {
  return template.findResources(type) as Record<string, CfnResourceJson>;
}

/** The one resource of a type; fails the test when there are none or several. */
export function onlyResource(template: Template, type: string): CfnResourceJson {
  const found = Object.values(resourcesOfType(template, type));
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0] as CfnResourceJson;
}
