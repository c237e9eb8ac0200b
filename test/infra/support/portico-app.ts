import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll } from 'vitest';
import { buildPorticoApp as buildApp, type PorticoAppOptions } from '../../../lib/portico-app';
import type { PorticoStack } from '../../../lib/portico-stack';

export { CDK_JSON_CONTEXT } from '../../../lib/portico-app';

/** Cloud assemblies of this test file go under one temporary directory, removed when the file is done. */
const ASSEMBLIES_DIR = mkdtempSync(path.join(tmpdir(), 'portico-infra-'));
afterAll(() => rmSync(ASSEMBLIES_DIR, { recursive: true, force: true }));

export interface TestAppOptions extends Omit<PorticoAppOptions, 'outdir'> {
  /**
   * Run CDK's built-in CloudFormation validation during synthesis (about 3 s per test file). Off by default:
   * template assertions do not need it, and the cdk-nag and `cdk synth` tests run with it.
   */
  readonly validate?: boolean;
  /** Run esbuild for every function (slow); by default bundling is skipped. */
  readonly bundle?: boolean;
}

/** Builds the app as bin/portico.ts does (without cdk-nag) into a fresh temporary directory, unbundled by default. */
export function buildPorticoApp(options: TestAppOptions = {}): { app: App; stack: PorticoStack } {
  return buildApp({
    ...options,
    outdir: mkdtempSync(path.join(ASSEMBLIES_DIR, 'app-')),
    bundle: options.bundle ?? false,
    validate: options.validate ?? false,
  });
}

export function synthPortico(options: TestAppOptions = {}): { stack: PorticoStack; template: Template } {
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
