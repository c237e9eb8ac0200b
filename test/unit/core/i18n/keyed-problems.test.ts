import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as en from '../../../../functions/http/messages/compiled/en';
import * as details from '../../../../functions/core/i18n/details/compiled/en';

/**
 * Every problem a use case, domain rule, adapter or the HTTP layer raises has a translated detail (issue 17):
 * each `new XxxError(…)` of functions/** is `.keyed(problemDetails.key, values)` with a message of
 * functions/core/i18n/details (or `.keyed('key', values)` with one of the HTTP layer's details in
 * functions/http/messages), or is on the short list below with its reason. A problem without one would
 * answer English to a French, German or Japanese reader. Likewise a problem carrying a `nextStep` extension
 * names the translation of its description (`.nextStepKeyed(answerWords.nextStepVerifyEmail)`, or
 * `nextStepWordsOf(state)`).
 */

const FUNCTIONS = join(process.cwd(), 'functions');
const PROBLEMS =
  /^(ValidationError|MalformedRequestError|UnsupportedMediaTypeError|PayloadTooLargeError|UnauthorizedError|ForbiddenError|NotFoundError|ConflictError|UnprocessableError|InvalidCodeError|TooManyRequestsError|ServiceUnavailableError)$/;

/** Problems that stay English on purpose, each with why (file relative to functions/, the problem's class). */
const ENGLISH_ONLY: readonly { file: string; problem: string; why: string }[] = [];

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'compiled' ? [] : files(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

interface Raised {
  readonly where: string;
  readonly file: string;
  readonly problem: string;
  /** The keys `.keyed(…)` names (both branches of a `a ? 'x' : 'y'`), undefined when there is no `.keyed`. */
  readonly keys: readonly string[] | undefined;
  /** The English detail when it is fixed text and `.keyed` passes no values (checked against the catalog). */
  readonly fixed: string | undefined;
  /** Whether its extensions (an object literal) carry a `nextStep`. */
  readonly nextStep: boolean;
  /** The methods called on it in a chain (`keyed`, `nextStepKeyed`). */
  readonly chain: readonly string[];
}

/** The names of the methods called in a chain on `node` (`new X(…).keyed(…).nextStepKeyed(…)`). */
function chainOf(node: ts.Node): string[] {
  const names: string[] = [];
  let outer = node;
  for (;;) {
    while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
    const access = outer.parent;
    if (access === undefined || !ts.isPropertyAccessExpression(access)) return names;
    const call = access.parent;
    if (call === undefined || !ts.isCallExpression(call)) return names;
    names.push(access.name.text);
    outer = call;
  }
}

/** Whether one of the arguments of a `new` is an object literal with a `nextStep` member. */
function carriesNextStep(node: ts.NewExpression): boolean {
  return (node.arguments ?? []).some(
    (argument) =>
      ts.isObjectLiteralExpression(argument) &&
      argument.properties.some(
        (property) =>
          property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === 'nextStep',
      ),
  );
}

/** Problems whose type comes first, before the detail. */
const TYPED = /^(ForbiddenError|ConflictError|UnprocessableError|InvalidCodeError)$/;

/** The text of a literal, or of literals joined by `+`; undefined for anything computed. */
function literalText(node: ts.Expression | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = literalText(node.left);
    const right = literalText(node.right);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  return undefined;
}

/**
 * The keys a `.keyed(…)` argument can name: `problemDetails.key` (a detail of functions/core/i18n/details), a
 * literal (one of functions/http/messages), or each branch of a conditional.
 */
function keysOf(argument: ts.Expression): string[] {
  if (ts.isStringLiteralLike(argument)) return [`http:${argument.text}`];
  if (
    ts.isPropertyAccessExpression(argument) &&
    ts.isIdentifier(argument.expression) &&
    argument.expression.text === 'problemDetails'
  ) {
    return [argument.name.text];
  }
  if (ts.isParenthesizedExpression(argument)) return keysOf(argument.expression);
  if (ts.isConditionalExpression(argument))
    return [...keysOf(argument.whenTrue), ...keysOf(argument.whenFalse)];
  return ['(not a literal)'];
}

/** Every `new <Problem>(…)` of a file, with the key of the `.keyed(…)` called on it, if any. */
function raisedIn(path: string): Raised[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const file = relative(FUNCTIONS, path);
  const found: Raised[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && PROBLEMS.test(node.expression.text)) {
      let outer: ts.Node = node;
      while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
      const access = outer.parent;
      const call = access?.parent;
      const keyed =
        access !== undefined &&
        ts.isPropertyAccessExpression(access) &&
        access.name.text === 'keyed' &&
        call !== undefined &&
        ts.isCallExpression(call)
          ? call.arguments[0]
          : undefined;
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push({
        where: `functions/${file}:${line + 1}`,
        file,
        problem: node.expression.text,
        keys: keyed === undefined ? undefined : keysOf(keyed),
        fixed:
          keyed !== undefined && (call as ts.CallExpression).arguments.length === 1
            ? literalText(node.arguments?.[TYPED.test(node.expression.text) ? 1 : 0])
            : undefined,
        nextStep: carriesNextStep(node),
        chain: chainOf(node),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const raised = files(FUNCTIONS).flatMap(raisedIn);

type English = (values?: Readonly<Record<string, unknown>>) => string;
const httpDetails: Readonly<Record<string, English>> = en.details;
const coreDetails: Readonly<Record<string, English>> = details;

/** The English message a key names: `http:key` among the HTTP layer's details, else a core detail. */
function messageOf(key: string): English | undefined {
  const [group, name] = key.startsWith('http:') ? [httpDetails, key.slice(5)] : [coreDetails, key];
  return Object.hasOwn(group, name) ? group[name] : undefined;
}

describe('problem details', () => {
  it('finds the problems the code raises', () => {
    expect(raised.length).toBeGreaterThan(50);
  });

  it('are keyed to a translated detail, unless listed as English on purpose', () => {
    const english = raised
      .filter((problem) => problem.keys === undefined)
      .filter(
        (problem) =>
          !ENGLISH_ONLY.some(
            (allowed) => allowed.file === problem.file && allowed.problem === problem.problem,
          ),
      )
      .map((problem) => `${problem.where} ${problem.problem}`);
    expect(english, 'add .keyed(key, values) and the key to functions/http/messages/*.json').toEqual([]);
  });

  it('name the English text the thrower wrote (for a fixed detail)', () => {
    const differing = raised.flatMap((problem) => {
      const [key] = problem.keys ?? [];
      if (problem.fixed === undefined || problem.keys?.length !== 1 || key === undefined) return [];
      const english = messageOf(key)?.();
      return english === undefined || english === problem.fixed
        ? []
        : [`${problem.where} ${key}: ${english}`];
    });
    expect(raised.filter((problem) => problem.fixed !== undefined).length).toBeGreaterThan(40);
    expect(differing).toEqual([]);
  });

  it('carrying a next step name the translation of its description', () => {
    const withNextStep = raised.filter((problem) => problem.nextStep);
    expect(withNextStep.length).toBeGreaterThan(10);
    const english = withNextStep
      .filter((problem) => !problem.chain.includes('nextStepKeyed'))
      .map((problem) => `${problem.where} ${problem.problem}`);
    expect(english, 'add .nextStepKeyed(answerWords.nextStepXxx) (functions/core/i18n/answers)').toEqual([]);
  });

  it('name messages that exist', () => {
    const unknown = raised.flatMap((problem) =>
      (problem.keys ?? [])
        .filter((key) => messageOf(key) === undefined)
        .map((key) => `${problem.where} ${key}`),
    );
    expect(unknown).toEqual([]);
  });
});
