import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { writeFileDurablySync } from './durable-file';
import { PROJECT_ROOT } from './local-state';
import { sourceFingerprint } from './source-fingerprint';

/**
 * The organization review state machine as AWS would run it: the CDK app (lib/portico-app.ts) is synthesized
 * in this process with bundling skipped, and the state machine's DefinitionString is taken from the template
 * and resolved (Fn::Join, Fn::GetAtt, Ref, Fn::Sub) into plain Amazon States Language. Nothing here copies the
 * definition, so the local executor cannot run a different workflow from the deployed one.
 *
 * Synthesis costs 3–4 s of CPU (importing aws-cdk-lib and the app, then synthesizing), which every stack
 * start paid (the tests start about thirty). The definitions are therefore cached in
 * node_modules/.cache/portico, keyed by a fingerprint of everything the template is made from (bin/, lib/,
 * functions/, cdk.json, package-lock.json and the one variable the app reads): any edit, checkout or upgrade
 * synthesizes again.
 */

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
}

/** An Amazon States Language document (only the fields the local runtime looks at are typed). */
export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
  readonly TimeoutSeconds?: number;
  readonly Comment?: string;
}

export interface AslState {
  readonly Type: 'Task' | 'Parallel' | 'Map' | 'Pass' | 'Wait' | 'Choice' | 'Succeed' | 'Fail';
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Branches?: readonly Pick<AslDefinition, 'StartAt' | 'States'>[];
  readonly Iterator?: Pick<AslDefinition, 'StartAt' | 'States'>;
  readonly ItemProcessor?: Pick<AslDefinition, 'StartAt' | 'States'>;
  readonly [field: string]: unknown;
}

export interface ReviewDefinition {
  /** The resolved definition, ready for aws-local-stepfunctions. */
  readonly definition: AslDefinition;
  /** Logical id of the AWS::StepFunctions::StateMachine in the template. */
  readonly stateMachineLogicalId: string;
  /** The review function every Task state invokes, with the settings the local context imitates. */
  readonly reviewFunction: {
    readonly logicalId: string;
    readonly arn: string;
    readonly timeoutSeconds: number;
    readonly memoryMb: number;
  };
  /** How long synthesis and resolution took. */
  readonly synthesisMs: number;
}

/** The fake ARN the local runtime gives a resource of the template (`Fn::GetAtt [id, 'Arn']`). */
export function localArnOf(logicalId: string, resourceType: string): string {
  const [, service = 'local', kind = 'resource'] = resourceType.split('::');
  const lower = service.toLowerCase();
  switch (resourceType) {
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
    case 'AWS::StepFunctions::StateMachine':
      return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${logicalId}`;
    case 'AWS::SQS::Queue':
    case 'AWS::SNS::Topic':
      return `arn:aws:${lower}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${logicalId}`;
    default:
      return `arn:aws:${lower}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${kind.toLowerCase()}/${logicalId}`;
  }
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Portico',
  'AWS::NoValue': '',
};

function attributeOf(template: CfnTemplate, logicalId: string, attribute: string): string {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`Fn::GetAtt names ${logicalId}, which is not in the template`);
  if (attribute === 'Arn') return localArnOf(logicalId, resource.Type);
  if (attribute === 'Name') return logicalId;
  throw new Error(`Fn::GetAtt ${logicalId}.${attribute} has no local value`);
}

function refOf(template: CfnTemplate, name: string): string {
  const pseudo = PSEUDO_PARAMETERS[name];
  if (pseudo !== undefined) return pseudo;
  if (!template.Resources[name]) throw new Error(`Ref names ${name}, which is not in the template`);
  // A Ref is the physical name or id; the logical id stands in for it locally.
  return name;
}

function substitute(template: CfnTemplate, text: string, variables: Record<string, unknown>): string {
  return text.replace(/\$\{(!?)([^}]+)\}/g, (_, literal: string, name: string) => {
    if (literal) return `\${${name}}`;
    if (name in variables) return String(resolveIntrinsics(variables[name], template));
    const [logicalId = '', attribute] = name.split('.');
    return attribute ? attributeOf(template, logicalId, attribute) : refOf(template, logicalId);
  });
}

/** Resolves CloudFormation intrinsic functions against the template with the local stand-in values. */
export function resolveIntrinsics(value: unknown, template: CfnTemplate): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, template));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const [name, argument] = entries[0] ?? [];
  if (entries.length === 1 && name && (name === 'Ref' || name.startsWith('Fn::'))) {
    switch (name) {
      case 'Ref':
        return refOf(template, String(argument));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = (
          typeof argument === 'string' ? argument.split('.') : (argument as unknown[])
        ).map(String);
        return attributeOf(template, logicalId ?? '', attribute ?? '');
      }
      case 'Fn::Join': {
        const [separator, parts] = argument as [string, unknown[]];
        return (resolveIntrinsics(parts, template) as unknown[]).map(String).join(separator);
      }
      case 'Fn::Sub': {
        const [text, variables = {}] = (typeof argument === 'string' ? [argument] : argument) as [
          string,
          Record<string, unknown>?,
        ];
        return substitute(template, text, variables);
      }
      case 'Fn::Select': {
        const [index, list] = argument as [number | string, unknown];
        return (resolveIntrinsics(list, template) as unknown[])[Number(index)];
      }
      case 'Fn::Split': {
        const [separator, text] = argument as [string, unknown];
        return String(resolveIntrinsics(text, template)).split(separator);
      }
      default:
        throw new Error(`${name} is not supported by the local definition loader`);
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveIntrinsics(item, template)]));
}

/** The definition of one state machine resource of a template, resolved and parsed. */
export function stateMachineDefinition(template: CfnTemplate, logicalId: string): AslDefinition {
  const resource = template.Resources[logicalId];
  if (resource?.Type !== 'AWS::StepFunctions::StateMachine') {
    throw new Error(`${logicalId} is not an AWS::StepFunctions::StateMachine of the template`);
  }
  const properties = resource.Properties ?? {};
  if (properties.Definition !== undefined) {
    return resolveIntrinsics(properties.Definition, template) as AslDefinition;
  }
  if (properties.DefinitionString === undefined) {
    throw new Error(
      `state machine ${logicalId} has no inline definition (DefinitionS3Location is not supported)`,
    );
  }
  const text = resolveIntrinsics(properties.DefinitionString, template);
  if (typeof text !== 'string') throw new Error(`DefinitionString of ${logicalId} did not resolve to text`);
  const substitutions = properties.DefinitionSubstitutions as Record<string, unknown> | undefined;
  const substituted = substitutions
    ? text.replace(/\$\{(\w+)\}/g, (whole, key: string) =>
        key in substitutions ? String(resolveIntrinsics(substitutions[key], template)) : whole,
      )
    : text;
  return JSON.parse(substituted) as AslDefinition;
}

/** Every state of a definition, with those nested in Parallel branches and Map processors. */
export function allStates(definition: Pick<AslDefinition, 'States'>): [string, AslState][] {
  return Object.entries(definition.States).flatMap(([name, state]) => [
    [name, state] as [string, AslState],
    ...[
      ...(state.Branches ?? []),
      ...[state.Iterator, state.ItemProcessor].filter((nested) => nested !== undefined),
    ].flatMap((nested) => allStates(nested)),
  ]);
}

/** A state machine of the template and the one function its Task states invoke. */
export interface WorkflowDefinition {
  /** The resolved definition, ready for aws-local-stepfunctions. */
  readonly definition: AslDefinition;
  /** Logical id of the AWS::StepFunctions::StateMachine in the template. */
  readonly stateMachineLogicalId: string;
  /** The function every Task state invokes, with the settings the local context imitates. */
  readonly taskFunction: {
    readonly logicalId: string;
    readonly arn: string;
    readonly timeoutSeconds: number;
    readonly memoryMb: number;
  };
}

/** The state machines the local runtime runs, from one synthesis. */
export interface WorkflowDefinitions {
  readonly review: ReviewDefinition;
  /** The background export (lib/export-workflow.ts). */
  readonly export: WorkflowDefinition;
  readonly synthesisMs: number;
}

/** Where the synthesized definitions are kept between stack starts. */
export const WORKFLOW_DEFINITIONS_CACHE = join(
  PROJECT_ROOT,
  'node_modules',
  '.cache',
  'portico',
  'workflow-definitions.json',
);

const TEMPLATE_SOURCES = ['bin', 'lib', 'functions', 'cdk.json', 'package-lock.json'];

/** The fingerprint of what the synthesized template is made from. */
export function workflowSourcesFingerprint(root = PROJECT_ROOT): string {
  return sourceFingerprint(root, TEMPLATE_SOURCES, [process.env.CDK_DEFAULT_ACCOUNT ?? '']);
}

/**
 * The definitions of the app's state machines: from the cache when the sources are unchanged since it was
 * written, else synthesized (and the cache rewritten, durably: stacks starting at once may race, and each
 * writes a whole file). `cache: false` always synthesizes (the test of the loader itself).
 */
export async function loadWorkflowDefinitions(
  options: { cache?: boolean } = {},
): Promise<WorkflowDefinitions> {
  if (options.cache === false) return synthesizeWorkflowDefinitions();
  const started = performance.now();
  const fingerprint = workflowSourcesFingerprint();
  const cached = readCachedDefinitions(fingerprint);
  if (cached) {
    // What this start spent on the definitions: reading them.
    const synthesisMs = Math.round(performance.now() - started);
    return { ...cached, review: { ...cached.review, synthesisMs }, synthesisMs };
  }
  const definitions = await synthesizeWorkflowDefinitions();
  try {
    mkdirSync(dirname(WORKFLOW_DEFINITIONS_CACHE), { recursive: true });
    writeFileDurablySync(WORKFLOW_DEFINITIONS_CACHE, JSON.stringify({ fingerprint, definitions }));
  } catch {
    // A read-only node_modules only loses the cache.
  }
  return definitions;
}

function readCachedDefinitions(fingerprint: string): WorkflowDefinitions | undefined {
  try {
    const cached = JSON.parse(readFileSync(WORKFLOW_DEFINITIONS_CACHE, 'utf8')) as {
      fingerprint?: unknown;
      definitions?: WorkflowDefinitions;
    };
    return cached.fingerprint === fingerprint ? cached.definitions : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Synthesizes the Portico app (bundling and CloudFormation validation skipped: only the template is needed)
 * into a temporary directory, removed afterwards, and answers the definitions of its state machines.
 */
async function synthesizeWorkflowDefinitions(): Promise<WorkflowDefinitions> {
  const started = performance.now();
  const [{ buildPorticoApp }, { Stack }] = await Promise.all([
    import('../lib/portico-app'),
    import('aws-cdk-lib'),
  ]);
  const outdir = mkdtempSync(join(tmpdir(), 'portico-review-definition-'));
  try {
    const { app, stack } = buildPorticoApp({ outdir, bundle: false, validate: false });
    const template = app.synth().getStackByName(stack.stackName).template as CfnTemplate;
    const logicalIdOf = (construct: IConstruct) =>
      Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
    const workflow = (stateMachine: IConstruct, fn: IConstruct): WorkflowDefinition => {
      const stateMachineLogicalId = logicalIdOf(stateMachine);
      const functionLogicalId = logicalIdOf(fn);
      const functionProperties = template.Resources[functionLogicalId]?.Properties ?? {};
      return {
        definition: stateMachineDefinition(template, stateMachineLogicalId),
        stateMachineLogicalId,
        taskFunction: {
          logicalId: functionLogicalId,
          arn: localArnOf(functionLogicalId, 'AWS::Lambda::Function'),
          // Lambda's own defaults when the template leaves them out.
          timeoutSeconds: Number(functionProperties.Timeout ?? 3),
          memoryMb: Number(functionProperties.MemorySize ?? 128),
        },
      };
    };
    const review = workflow(stack.reviewWorkflow.stateMachine, stack.reviewWorkflow.reviewFunction.function);
    const synthesisMs = Math.round(performance.now() - started);
    return {
      review: {
        definition: review.definition,
        stateMachineLogicalId: review.stateMachineLogicalId,
        reviewFunction: review.taskFunction,
        synthesisMs,
      },
      export: workflow(stack.exportWorkflow.stateMachine, stack.exportWorkflow.exportFunction.function),
      synthesisMs,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The review state machine's definition (loadWorkflowDefinitions, for those that need only it). */
export async function loadReviewDefinition(options: { cache?: boolean } = {}): Promise<ReviewDefinition> {
  return (await loadWorkflowDefinitions(options)).review;
}
