import './node-runtime';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { ImportKind, ImportReport } from '../functions/core/domain/portal-import';
import { flagsOrUsage } from './command-line';
import { splitCsv, splitJson, mergeReports, type ImportPart } from './import-files';
import { apiUrlOf, LocalStackNotFound, readLocalState, signInLocally } from './local-state';

/**
 * `npm run import -- --organization <id> [--sites <file>] [--products <file>]`: an operator's bulk import of
 * sites and products (CSV with a header row, or JSON) into an organization, over the operators' API. Sites go
 * first, so products can name them. Files are sent in requests of at most 2,000 rows; the answers are merged
 * into one report per file, rows and lines numbered as in the file. Against the running local stack by default
 * (signed in as its operator); `--api` and `--token` name another API and an operator's ID token.
 * Exits 1 when rows were rejected or the API refused a request.
 */

const USAGE = `usage: npm run import -- --organization <id> [--sites <file.csv|file.json>] [--products <file.csv|file.json>]
                         [--api <url> --token <operator ID token>] [--json]`;

/** Rows per request: well within the API's 5,000 and its 29-second timeout. */
const ROWS_PER_REQUEST = 2000;

class CommandError extends Error {}

const { values } = flagsOrUsage(
  {
    options: {
      organization: { type: 'string' },
      sites: { type: 'string' },
      products: { type: 'string' },
      api: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  USAGE,
);

async function connection(): Promise<{ readonly apiUrl: string; readonly token: string }> {
  if (values.api && values.token) return { apiUrl: values.api.replace(/\/$/, ''), token: values.token };
  if (values.api || values.token) throw new CommandError(`--api and --token go together.\n${USAGE}`);
  const state = readLocalState();
  if (!state.operator)
    throw new CommandError('The local stack has no operator yet: start it with `npm start`.');
  try {
    return {
      apiUrl: apiUrlOf(state),
      token: await signInLocally(state, state.operator.email, state.operator.password),
    };
  } catch (error) {
    throw new CommandError(
      `Could not sign in as ${state.operator.email} (${error instanceof Error ? error.message : String(error)}). Is \`npm start\` running?`,
    );
  }
}

function partsOf(file: string): ImportPart[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const extension = extname(file).toLowerCase();
  try {
    if (extension === '.csv') return splitCsv(text, ROWS_PER_REQUEST);
    if (extension === '.json') return splitJson(text, ROWS_PER_REQUEST);
  } catch (error) {
    throw new CommandError(
      `${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  throw new CommandError(`${file}: name a .csv or a .json file.`);
}

function problemText(status: number, body: Record<string, unknown>): string {
  const { title, detail, errors } = body as { title?: string; detail?: string; errors?: unknown[] };
  const lines = [`${status} ${title ?? 'error'}${detail ? `: ${detail}` : ''}`];
  for (const error of (errors ?? []) as { pointer?: string; detail?: string }[]) {
    lines.push(`  ${error.pointer ?? ''} ${error.detail ?? ''}`);
  }
  return lines.join('\n');
}

async function importFile(
  target: { readonly apiUrl: string; readonly token: string },
  organizationId: string,
  kind: ImportKind,
  file: string,
): Promise<ImportReport> {
  const answers: Array<{ part: ImportPart; report: ImportReport }> = [];
  const path = `/v1/operator/organizations/${encodeURIComponent(organizationId)}/imports/${kind}`;
  for (const part of partsOf(file)) {
    let response: Response;
    try {
      response = await fetch(`${target.apiUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': part.contentType },
        body: part.body,
      });
    } catch {
      throw new CommandError(`The API at ${target.apiUrl} does not answer. Is \`npm start\` running?`);
    }
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // Not JSON: reported below with the status.
    }
    if (response.status !== 200) {
      throw new CommandError(
        `${file} (rows from ${part.rowOffset + 1}): ${problemText(response.status, body)}`,
      );
    }
    answers.push({ part, report: body as unknown as ImportReport });
  }
  return mergeReports(organizationId, kind, answers);
}

function reportText(file: string, report: ImportReport): string {
  const lines = [
    `${file} → ${report.kind} of ${report.organizationId}: ${report.received} rows, ${report.created} created, ` +
      `${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected} rejected`,
  ];
  for (const row of report.rejectedRows) {
    const where = `row ${row.row}${row.line === undefined ? '' : ` (line ${row.line})`}${row.key ? ` ${row.key}` : ''}`;
    for (const error of row.errors) lines.push(`  ${where}: ${error.field || 'row'} ${error.detail}`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const organizationId = values.organization;
  if (!organizationId || (!values.sites && !values.products)) throw new CommandError(USAGE);
  const target = await connection();
  const files = [
    ...(values.sites ? [['sites', values.sites] as const] : []),
    ...(values.products ? [['products', values.products] as const] : []),
  ];
  const reports: ImportReport[] = [];
  for (const [kind, file] of files) {
    const report = await importFile(target, organizationId, kind, file);
    reports.push(report);
    if (!values.json) console.log(reportText(file, report));
  }
  if (values.json) console.log(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
  return reports.some((report) => report.rejected > 0) ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof CommandError || error instanceof LocalStackNotFound) {
    console.error(error.message);
    process.exit(error.message === USAGE ? 2 : 1);
  }
  throw error;
}
