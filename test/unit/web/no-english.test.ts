import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No user-visible English is left in the web client outside its message files (web/src/messages, issue 17):
 * every string literal and template text of web/src/**\/*.ts that reads as words (two words with a space, or a
 * capitalised word) must be a message key, machine-facing, or on the short allow-list below with its reason.
 */

const WEB = join(process.cwd(), 'web', 'src');
const SKIPPED = ['api-schema.ts', join('messages', 'compiled')];

/** Literals that read as words but are not shown as text, each with why. */
const ALLOWED: readonly { file: string; text: RegExp; why: string }[] = [
  {
    file: 'i18n.ts',
    text: /^(English|Français|Deutsch|日本語)$/,
    why: 'each language named in itself, for the switcher',
  },
  {
    file: 'auth.ts',
    text: /^AWSCognitoIdentityProviderService\.InitiateAuth$/,
    why: 'Cognito operation header',
  },
  {
    file: 'auth.ts',
    text: /^(NetworkError|NoToken|NoRefreshToken|UnknownError)$/,
    why: 'error codes, not shown',
  },
  { file: 'app.ts', text: /^(AccountMissing)$/, why: 'error name' },
  { file: 'auth.ts', text: /^CognitoError$/, why: 'error name' },
  { file: 'api.ts', text: /^(ApiProblem|Bearer \{\})$/, why: 'error name, auth scheme' },
  { file: 'views/product-export.ts', text: /^Bearer \{\}$/, why: 'auth scheme' },
  {
    file: 'api.ts',
    text: /^(Accept|Authorization|Idempotency-Key|Content-Type|Retry-After|Accept-Language)$/,
    why: 'HTTP headers',
  },
  { file: 'auth.ts', text: /^(Content-Type|X-Amz-Target)$/, why: 'HTTP headers' },
  { file: 'views/product-export.ts', text: /^(Content-Disposition|Authorization)$/, why: 'HTTP headers' },
  { file: 'views/chart.ts', text: /^(viewBox|preserveAspectRatio)$/, why: 'SVG attributes' },
  { file: 'views/groups.ts', text: /^PRODUCTS$/, why: 'API enum' },
  { file: 'views/product.ts', text: /^TH$/, why: 'tag name' },
  { file: 'api.ts', text: /^application\/json, application\/problem\+json$/, why: 'Accept header' },
  {
    file: 'api.ts',
    text: /^no value for \{\} in \{\}$/,
    why: 'a programming error (a path parameter left out)',
  },
  { file: 'countries.ts', text: /^ZZ EU/, why: 'region codes' },
  { file: 'views/paging.ts', text: /^TH$/, why: 'tag name' },
];

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (SKIPPED.some((skip) => relative(WEB, path) === skip)) return [];
    if (entry.isDirectory()) return files(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Reads as words a person would read: two words with a space between, or one capitalised word. */
function readsAsWords(text: string): boolean {
  // Paths (`/portal?group=…`), dotted message keys and file names are not read as words.
  if (/^\.?\//.test(text) || /^[\w-]+(\.[\w-]+)+$/.test(text)) return false;
  const words = text.replace(/\{[^}]*\}/g, ' ');
  return (
    /\p{L}{2,}[,.:;!?’]?\s+\p{L}{2,}/u.test(words) ||
    /(^|\s)\p{Lu}\p{Ll}+/u.test(words) ||
    /(?!\p{ASCII})\p{L}/u.test(words)
  );
}

/** Attributes and options whose values are machine-facing. */
const MACHINE_PROPERTIES = new Set(
  'class id name type autocomplete inputmode accept rel role for href value pointer key tone'.split(' '),
);

/** Positions where a literal is never shown: imports, types, keys, t()'s key, comparisons, class names. */
function machineFacing(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return true;
  if (ts.isLiteralTypeNode(parent)) return true;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return true;
  if (ts.isPropertyAssignment(parent) && MACHINE_PROPERTIES.has(parent.name.getText().replace(/'/g, ''))) {
    return true;
  }
  if (ts.isPropertySignature(parent) || ts.isElementAccessExpression(parent)) return true;
  if (ts.isBinaryExpression(parent) && /=== |!== |== |!= /.test(`${parent.operatorToken.getText()} `))
    return true;
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression.getText();
    if (callee === 't' && parent.arguments[0] === node) return true;
    if (
      /(^|\.)(querySelector|querySelectorAll|closest|getElementById|getItem|setItem|removeItem|addEventListener|includes|startsWith|endsWith|split|replace|join|has|createElementNS|getAttribute|removeAttribute|toggle|replaceWith)$/.test(
        callee,
      )
    ) {
      return true;
    }
    if (callee === 'h' && parent.arguments[0] === node) return true;
  }
  if (ts.isCaseClause(parent)) return true;
  return false;
}

/** The literals of one file that read as words and are neither machine-facing nor allowed. */
function englishIn(file: string, text: string): string[] {
  const found: string[] = [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const check = (node: ts.Node, literal: string) => {
    if (!readsAsWords(literal) || machineFacing(node)) return;
    if (ALLOWED.some((allowed) => allowed.file === file && allowed.text.test(literal))) return;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${file}:${line + 1}: ${JSON.stringify(literal)}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) check(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      check(node, [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('{}'));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the web client', () => {
  it('shows no English outside web/src/messages: every word a person reads is a message key', () => {
    const found = files(WEB).flatMap((path) => englishIn(relative(WEB, path), readFileSync(path, 'utf8')));
    expect(found, 'put these words in web/src/messages/*.json and show them with t()').toEqual([]);
  });

  it('would catch the usual ways English slips in (the check itself works)', () => {
    const view = [
      "h('h1', {}, 'Your account');",
      "h('p', {}, `Welcome, ${name}`);",
      "field({ name: 'email', label: 'Email', hint: 'Use your work address.' });",
      "app.announce('Saved.');",
      "button.textContent = 'Sign out';",
      "h('ol', { 'aria-label': 'Review progress' });",
      "const LABELS = { ACTIVE: 'Active business account' };",
      "h('span', {}, '日本語の文');",
      // Not words a person reads: keys, classes, paths, enums, comparisons.
      "h('p', { class: 'form-message field-error' }, t('signIn.title'), 'ACTIVE');",
      "if (state === 'Some Value') app.navigate(`/portal?group=${id}`);",
    ].join('\n');
    expect(englishIn('views/example.ts', view).map((line) => line.replace(/^[^:]*:\d+: /, ''))).toEqual([
      '"Your account"',
      '"Welcome, {}"',
      '"Email"',
      '"Use your work address."',
      '"Saved."',
      '"Sign out"',
      '"Review progress"',
      '"Active business account"',
      '"日本語の文"',
    ]);
  });
});
