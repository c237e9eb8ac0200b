import './node-runtime';
import { parseArgs } from 'node:util';
import type { operatorRequestView } from '../functions/core/use-cases/organization-request-view';
import { apiUrlOf, LocalStackNotFound, readLocalState, signInLocally } from './local-state';

/**
 * `npm run operator -- <command>`: a support operator's console for the running local stack. It signs in as the
 * seeded operator (credentials in local/.data/stack.json) and calls the operators' API routes over HTTP, as a
 * back-office client would.
 *
 *   list [open|closed]           organization requests, newest first
 *   show <requestId>             one request: organization, requesters, decision, history
 *   approve <requestId> [note]   approve (the review applies it at its next check)
 *   reject <requestId> <reason>  reject; the reason is emailed to the requesters
 *   reconcile                    run identity reconciliation until its pass is complete (docs/identity.md)
 *
 * `--json` prints the API's answers as they are.
 */

type RequestView = ReturnType<typeof operatorRequestView>;

const USAGE = `usage: npm run operator -- [--json] <command>
  list [open|closed]            organization requests, newest first (default: open)
  show <requestId>              one request with its requesters and history
  approve <requestId> [note]    approve the request
  reject <requestId> <reason>   reject the request (the reason is shown to the requesters)
  reconcile                     run identity reconciliation until its pass over the user pool is complete`;

class CommandError extends Error {}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function problemText(answer: Answer): string {
  const { title, detail, errors } = answer.body as { title?: string; detail?: string; errors?: unknown[] };
  const lines = [`${answer.status} ${title ?? 'error'}${detail ? `: ${detail}` : ''}`];
  for (const error of (errors ?? []) as { pointer?: string; detail?: string }[]) {
    lines.push(`  ${error.pointer ?? ''} ${error.detail ?? ''}`);
  }
  return lines.join('\n');
}

async function operatorApi() {
  const state = readLocalState();
  if (!state.operator)
    throw new CommandError('The local stack has no operator yet: start it with `npm start`.');
  const apiUrl = apiUrlOf(state);
  let token: string;
  try {
    token = await signInLocally(state, state.operator.email, state.operator.password);
  } catch (error) {
    throw new CommandError(
      `Could not sign in as ${state.operator.email} (${error instanceof Error ? error.message : String(error)}). Is \`npm start\` running?`,
    );
  }
  return async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> => {
    let response: Response;
    try {
      response = await fetch(`${apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new CommandError(`The local API at ${apiUrl} does not answer. Is \`npm start\` running?`);
    }
    const text = await response.text();
    const answer = {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    };
    if (response.status >= 400) throw new CommandError(problemText(answer));
    return answer;
  };
}

const day = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');

function table(rows: readonly string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatList(status: string, requests: readonly RequestView[]): string {
  if (!requests.length) return `No ${status} organization requests.`;
  const rows = requests.map((request) => [
    request.requestId,
    request.stage,
    request.domain,
    request.organization.legalName,
    String(request.requesters.length),
    day(request.submittedAt),
    day(request.decision ? request.decision.decidedAt : request.escalateAt),
  ]);
  return [
    `${requests.length} ${status} organization request${requests.length === 1 ? '' : 's'}:`,
    '',
    table([
      [
        'REQUEST',
        'STAGE',
        'DOMAIN',
        'ORGANIZATION',
        'PEOPLE',
        'SUBMITTED',
        status === 'open' ? 'DECIDE BY' : 'DECIDED',
      ],
      ...rows,
    ]),
  ].join('\n');
}

function formatRequest(request: RequestView): string {
  const organization = request.organization;
  const address = Object.values(organization.address).filter(Boolean).join(', ');
  const lines = [
    `Request       ${request.requestId}  (${request.stage})`,
    `Domain        ${request.domain}`,
    `Organization  ${organization.legalName}, ${organization.country}  [${request.organizationId}]`,
    `              ${address}`,
    `              ${organization.website}  ${organization.phone}`,
  ];
  if (organization.taxId) lines.push(`              tax id ${organization.taxId}`);
  if (organization.dunsNumber) lines.push(`              D-U-N-S ${organization.dunsNumber}`);
  lines.push(`Submitted     ${day(request.submittedAt)}   updated ${day(request.updatedAt)}`);
  if (request.escalateAt || request.expiresAt) {
    lines.push(`Deadlines     escalate ${day(request.escalateAt)}   expire ${day(request.expiresAt)}`);
  }
  lines.push('Requesters');
  for (const person of request.requesters) {
    lines.push(
      `  ${person.firstName} ${person.lastName} <${person.email}>  since ${day(person.requestedAt)}`,
    );
  }
  if (request.decision) {
    const decision = request.decision;
    lines.push(
      `Decision      ${decision.outcome} by ${decision.decidedBy.email} at ${day(decision.decidedAt)}`,
      ...(decision.reason ? [`              reason: ${decision.reason}`] : []),
      ...(decision.note ? [`              note: ${decision.note}`] : []),
    );
  }
  if (request.mergedInto) lines.push(`Merged into   ${request.mergedInto}`);
  if (request.closedReason) lines.push(`Closed        ${request.closedReason}`);
  if (request.attention) {
    lines.push(
      `Attention     failed in ${request.attention.failedIn} at ${day(request.attention.at)}: ${request.attention.error}`,
    );
  }
  lines.push('History');
  for (const event of request.history) {
    lines.push(
      `  ${day(event.at)}  ${event.event}${event.detail ? ` — ${event.detail}` : ''}${event.by ? ` (${event.by})` : ''}`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const print = (text: string, body: unknown) =>
    console.log(values.json ? JSON.stringify(body, null, 2) : text);
  const requestPath = (id: string | undefined) => {
    if (!id) throw new CommandError(`${command} needs a request id.\n${USAGE}`);
    return `/v1/operator/organization-requests/${encodeURIComponent(id)}`;
  };

  switch (command) {
    case 'list': {
      const status = rest[0] ?? 'open';
      if (status !== 'open' && status !== 'closed')
        throw new CommandError(`list takes open or closed.\n${USAGE}`);
      const api = await operatorApi();
      const requests: RequestView[] = [];
      let cursor: string | null = null;
      do {
        const query: string = new URLSearchParams({
          status,
          limit: '100',
          ...(cursor ? { cursor } : {}),
        }).toString();
        const page = (await api('GET', `/v1/operator/organization-requests?${query}`)).body as {
          items: RequestView[];
          nextCursor: string | null;
        };
        requests.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      print(formatList(status, requests), { items: requests });
      return;
    }
    case 'show': {
      const path = requestPath(rest[0]);
      const { body } = await (await operatorApi())('GET', path);
      print(formatRequest(body as RequestView), body);
      return;
    }
    case 'approve':
    case 'reject': {
      const path = `${requestPath(rest[0])}/decision`;
      const text = rest.slice(1).join(' ').trim();
      if (command === 'reject' && !text) throw new CommandError(`reject needs a reason.\n${USAGE}`);
      const decision =
        command === 'approve'
          ? { outcome: 'APPROVE', ...(text ? { note: text } : {}) }
          : { outcome: 'REJECT', reason: text };
      const { status, body } = await (await operatorApi())('POST', path, decision);
      const heading =
        status === 201
          ? `Recorded: ${command === 'approve' ? 'approved' : 'rejected'}. The review applies it at its next check.`
          : 'This decision was already recorded; nothing changed.';
      print(`${heading}\n\n${formatRequest(body as RequestView)}`, body);
      return;
    }
    case 'reconcile': {
      const api = await operatorApi();
      const runs: Record<string, unknown>[] = [];
      let run: Record<string, unknown>;
      do {
        run = (await api('POST', '/v1/operator/identity-reconciliation')).body;
        runs.push(run);
      } while (run.unfinished === true);
      const total = (field: string) => runs.reduce((sum, one) => sum + Number(one[field] ?? 0), 0);
      const flagged = new Set(runs.flatMap((one) => one.organizationsWithoutUsableAdministrator as string[]));
      print(
        [
          `Checked ${total('checked')} sign-ins in ${runs.length} run${runs.length === 1 ? '' : 's'}:`,
          `  removed without an account  ${total('removedIdentities')}`,
          `  accounts suspended          ${total('suspendedAccounts')}`,
          `  suspensions lifted          ${total('liftedSuspensions')}`,
          `  address items backfilled    ${total('backfilledAddressItems')}`,
          `  repairs failed (retried)    ${total('failed')}`,
          flagged.size
            ? `Organizations without an administrator who can sign in: ${[...flagged].join(', ')}`
            : 'Every organization has an administrator who can sign in.',
        ].join('\n'),
        { runs },
      );
      return;
    }
    default:
      throw new CommandError(`Unknown command ${command}.\n${USAGE}`);
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof CommandError || error instanceof LocalStackNotFound) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
