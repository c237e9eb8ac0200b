import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as en from '../../../../functions/http/messages/compiled/en';

/**
 * Every problem a use case, domain rule, adapter or the HTTP layer raises has a translated detail (issue 17):
 * each `new XxxError(…)` of functions/** is `.keyed('key', values)` with a key of `details` in
 * functions/http/messages, or is on the short list below with its reason. A problem without a key would
 * answer English to a French, German or Japanese reader.
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

/** The keys a `.keyed(…)` argument can name: a literal, or each literal branch of a conditional. */
function keysOf(argument: ts.Expression): string[] {
  if (ts.isStringLiteralLike(argument)) return [argument.text];
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
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const raised = files(FUNCTIONS).flatMap(raisedIn);

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
    const details: Readonly<Record<string, () => string>> = en.details;
    const differing = raised.flatMap((problem) =>
      problem.fixed !== undefined &&
      problem.keys?.length === 1 &&
      Object.hasOwn(details, problem.keys[0] ?? '')
        ? details[problem.keys[0] ?? '']?.() === problem.fixed
          ? []
          : [`${problem.where} ${problem.keys[0] ?? ''}`]
        : [],
    );
    expect(raised.filter((problem) => problem.fixed !== undefined).length).toBeGreaterThan(40);
    expect(differing).toEqual([]);
  });

  it('name keys that exist among the details', () => {
    const unknown = raised.flatMap((problem) =>
      (problem.keys ?? [])
        .filter((key) => !Object.hasOwn(en.details, key))
        .map((key) => `${problem.where} ${key}`),
    );
    expect(unknown).toEqual([]);
  });
});
