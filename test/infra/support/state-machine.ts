import type { Template } from 'aws-cdk-lib/assertions';

/** The parts of Amazon States Language the Portico tests look at. */
export interface AslRetrier {
  readonly ErrorEquals: string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
}

export interface AslCatcher {
  readonly ErrorEquals: string[];
  readonly ResultPath?: string | null;
  readonly Next: string;
}

export interface AslChoiceRule {
  readonly Variable?: string;
  readonly StringEquals?: string;
  readonly Next: string;
}

export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly ResultPath?: string | null;
  readonly Retry?: AslRetrier[];
  readonly Catch?: AslCatcher[];
  readonly Choices?: AslChoiceRule[];
  readonly Default?: string;
  readonly Seconds?: number;
  readonly SecondsPath?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
  readonly TimeoutSeconds?: number;
  readonly Comment?: string;
}

/**
 * A deploy-time reference as text, named the way cdk-nag names them: `{ Fn::GetAtt: [Id, Arn] }` is
 * `<Id.Arn>`, `{ Ref: Id }` is `<Id>`; a pseudo parameter such as `{ Ref: AWS::Partition }` is
 * `<AWS::Partition>`.
 */
export function renderReference(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const reference = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
    if (typeof reference.Ref === 'string') return `<${reference.Ref}>`;
    const getAtt = reference['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt.length === 2) return `<${getAtt.join('.')}>`;
  }
  throw new Error(`cannot render ${JSON.stringify(value)} as text`);
}

/** The text an `Fn::Join` (or a plain string) stands for, with every reference rendered by renderReference. */
export function resolveJoin(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: unknown } | null)?.['Fn::Join'];
  if (!Array.isArray(join) || typeof join[0] !== 'string' || !Array.isArray(join[1])) {
    throw new Error(`expected a string or Fn::Join, got ${JSON.stringify(value)}`);
  }
  const [separator, parts] = join as [string, unknown[]];
  return parts.map((part) => (typeof part === 'string' ? part : renderReference(part))).join(separator);
}

/** The parsed definition of the state machine with this logical id. */
export function definitionOf(template: Template, stateMachineLogicalId: string): AslDefinition {
  const resource = (template.toJSON().Resources as Record<string, { Type: string; Properties?: object }>)[
    stateMachineLogicalId
  ];
  if (resource?.Type !== 'AWS::StepFunctions::StateMachine') {
    throw new Error(`${stateMachineLogicalId} is not a state machine of the template`);
  }
  const { DefinitionString } = resource.Properties as { DefinitionString?: unknown };
  return JSON.parse(resolveJoin(DefinitionString)) as AslDefinition;
}

/** Every state a state may go to next: Next, Default, each choice and each catcher. */
export function successorsOf(state: AslState): string[] {
  return [
    ...(state.Next ? [state.Next] : []),
    ...(state.Default ? [state.Default] : []),
    ...(state.Choices ?? []).map((choice) => choice.Next),
    ...(state.Catch ?? []).map((catcher) => catcher.Next),
  ];
}

/** The names of the states reachable from StartAt. */
export function reachableStates(definition: AslDefinition): Set<string> {
  const seen = new Set<string>();
  const pending = [definition.StartAt];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    const state = definition.States[name];
    if (state) pending.push(...successorsOf(state));
  }
  return seen;
}
