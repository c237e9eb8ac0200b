import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type App, type CfnElement, NestedStack, Stack } from 'aws-cdk-lib';
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

export interface SynthesizedPortico {
  readonly stack: PorticoStack;
  /** The parent stack's template alone (what `Portico.template.json` holds). */
  readonly template: Template;
  /** The nested stacks' templates, by the logical id of their AWS::CloudFormation::Stack in the parent. */
  readonly nested: ReadonlyMap<string, Template>;
  /**
   * Every resource of the parent and of its nested stacks in one template, with the references across the
   * boundary resolved (see `mergedTemplate`): for assertions about "all functions", which must not depend on
   * which stack a resource lives in.
   */
  readonly merged: Template;
}

export function synthPortico(options: TestAppOptions = {}): SynthesizedPortico {
  const { stack } = buildPorticoApp(options);
  const template = Template.fromStack(stack);
  const nested = nestedTemplates(stack);
  return { stack, template, nested, merged: mergedTemplate(template, nested) };
}

/** The templates of a stack's nested stacks, by the logical id of their resource in that stack. */
export function nestedTemplates(stack: Stack): Map<string, Template> {
  const nestedStacks = stack.node
    .findAll()
    .filter((construct): construct is NestedStack => NestedStack.isNestedStack(construct));
  const templates = new Map<string, Template>();
  for (const nestedStack of nestedStacks) {
    if (nestedStack.nestedStackParent !== stack) {
      throw new Error(`${nestedStack.node.path}: nested stacks of nested stacks are not merged`);
    }
    const resource = nestedStack.nestedStackResource;
    if (!resource) throw new Error(`${nestedStack.node.path} has no resource in its parent`);
    templates.set(stack.getLogicalId(resource), Template.fromStack(nestedStack));
  }
  return templates;
}

interface TemplateJson {
  Parameters?: Record<string, unknown>;
  Resources: Record<string, { Properties?: { Parameters?: Record<string, unknown> } }>;
  Outputs?: Record<string, { Value: unknown }>;
  [section: string]: unknown;
}

/**
 * One template holding the parent's resources and every nested stack's, as if they were one stack: in a nested
 * template `{ Ref: <parameter> }` becomes the value the parent passes for that parameter, and in the parent
 * `{ Fn::GetAtt: [<nested stack>, 'Outputs.<name>'] }` becomes the value of that output. An environment variable
 * or a policy of a nested function then reads `{ Ref: <table> }` exactly as it did in one stack, so the same
 * assertions hold with the same strength. Fails on a logical id used on both sides.
 */
export function mergedTemplate(parent: Template, nested: ReadonlyMap<string, Template>): Template {
  const parentJson = structuredClone(parent.toJSON()) as TemplateJson;
  const resources: Record<string, unknown> = {};
  const outputsByStack = new Map<string, Record<string, { Value: unknown }>>();
  for (const [stackLogicalId, template] of nested) {
    const json = template.toJSON() as TemplateJson;
    const passed = parentJson.Resources[stackLogicalId]?.Properties?.Parameters ?? {};
    const parameters = new Set(Object.keys(json.Parameters ?? {}));
    const substitute = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(substitute);
      if (value === null || typeof value !== 'object') return value;
      const entries = Object.entries(value);
      const [only] = entries;
      if (
        entries.length === 1 &&
        only?.[0] === 'Ref' &&
        typeof only[1] === 'string' &&
        parameters.has(only[1])
      ) {
        if (!(only[1] in passed)) throw new Error(`${stackLogicalId}: parameter ${only[1]} is not passed`);
        return passed[only[1]];
      }
      return Object.fromEntries(entries.map(([key, inner]) => [key, substitute(inner)]));
    };
    for (const [logicalId, resource] of Object.entries(json.Resources)) {
      if (logicalId in resources || logicalId in parentJson.Resources) {
        throw new Error(`logical id ${logicalId} is used in two stacks`);
      }
      resources[logicalId] = substitute(resource);
    }
    outputsByStack.set(stackLogicalId, substitute(json.Outputs ?? {}) as Record<string, { Value: unknown }>);
  }
  const resolveOutputs = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolveOutputs);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [only] = entries;
    if (entries.length === 1 && only?.[0] === 'Fn::GetAtt' && Array.isArray(only[1])) {
      const [logicalId, attribute] = only[1] as [string, string];
      const outputs = outputsByStack.get(logicalId);
      if (outputs && attribute.startsWith('Outputs.')) {
        const output = outputs[attribute.slice('Outputs.'.length)];
        if (!output) throw new Error(`${logicalId} has no output ${attribute}`);
        return output.Value;
      }
    }
    return Object.fromEntries(entries.map(([key, inner]) => [key, resolveOutputs(inner)]));
  };
  const merged = resolveOutputs({
    ...parentJson,
    Resources: { ...parentJson.Resources, ...resources },
  }) as TemplateJson;
  return Template.fromJSON(merged);
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
