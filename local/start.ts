import './node-runtime';
import { PortsInUseError } from './busy-ports';
import { LocalDataRefusedError } from './data-folder';
import { nodeRuntimeNotice } from './node-runtime';
import { startLocalStack } from './stack';
import { parseStartArgs } from './start-options';

/**
 * `npm start`: the whole of Portico on this machine. Flags (or PORTICO_* variables) choose ports, the data
 * folder and the local pace of reviews and jobs (local/start-options.ts; `npm start -- --help`); `--json` prints
 * one line describing the running stack (used by the integration tests).
 */
const command = parseStartArgs(process.argv.slice(2), process.env);
if (command.kind === 'help') {
  console.log(command.text);
  process.exit(0);
}
if (command.kind === 'usage-error') {
  console.error(command.text);
  process.exit(2);
}
const { settings } = command;
const chatty = !(settings.quiet || settings.json);

const stack = await startLocalStack({
  ...(settings.dataDirectory ? { dataDirectory: settings.dataDirectory } : {}),
  ports: settings.ports,
  ...(settings.reviewDaySeconds ? { reviewDaySeconds: settings.reviewDaySeconds } : {}),
  ...(settings.reviewCheckIntervalSeconds
    ? { reviewCheckIntervalSeconds: settings.reviewCheckIntervalSeconds }
    : {}),
  ...(settings.jobSpeedup ? { jobSpeedup: settings.jobSpeedup } : {}),
  ...(settings.demoProducts !== undefined ? { demoProducts: settings.demoProducts } : {}),
  // `npm start` builds the web client before it serves (when web/ changed); --json stacks build on first use.
  buildWebClient: !settings.json,
  ...(chatty
    ? {
        onRequest: (r) => console.log(`${r.method} ${r.path} → ${r.status} (${r.ms} ms)`),
        onReview: ({ type, execution }) => {
          const kind = execution.stateMachineArn.endsWith(':portico-export') ? 'export' : 'review';
          console.log(
            type === 'finished'
              ? `${kind} ${execution.name}: ${execution.status}${execution.error ? ` (${execution.error})` : ''}`
              : `${kind} ${execution.name}: ${type}`,
          );
        },
        onJob: ({ job, ms, result }) => {
          const report = result as { done?: number; failed?: number } | undefined;
          if (report?.done || report?.failed) {
            console.log(`job ${job}: ${report.done ?? 0} done, ${report.failed ?? 0} failed (${ms} ms)`);
          }
        },
      }
    : {}),
}).catch((error: unknown) => {
  // A data folder with an unreadable file: say which and what to do, without a stack trace.
  if (error instanceof LocalDataRefusedError) {
    console.error(error.message);
    if (settings.json) console.log(JSON.stringify({ refused: { file: error.file, reason: error.reason } }));
    process.exit(1);
  }
  if (error instanceof PortsInUseError) {
    console.error(error.message);
    if (settings.json) console.log(JSON.stringify({ refused: { ports: error.busy } }));
    process.exit(1);
  }
  throw error;
});

if (settings.json) {
  const { stop: _stop, ...description } = stack;
  console.log(JSON.stringify({ ready: description }));
} else {
  const jobs = Object.entries(stack.jobIntervalsSeconds)
    .map(([job, seconds]) => `${job} every ${seconds} s`)
    .join(', ');
  console.log(`
Portico is running on this machine.

  Web client     ${stack.webClient.url}       (${stack.webClient.build === 'built' ? `web/dist built in ${(stack.webClient.buildMs / 1000).toFixed(1)} s` : 'web/dist is up to date'}; npm run web:dev for hot reload)
  API            ${stack.apiUrl}        (try: curl ${stack.apiUrl}/v1/me)
  API reference  ${stack.apiReferenceUrl}      (interactive: every operation, schema and example; try it here)
  OpenAPI        ${stack.apiUrl}/openapi.json   (the route table's contract; npm run openapi writes docs/openapi.json)
  Mailbox        ${stack.mailboxUrl}        (emails and one-time codes; JSON at ${stack.mailboxUrl}/store)
  Cognito        ${stack.cognitoEndpoint}   user pool ${stack.userPoolId}, client ${stack.clientId}
  DynamoDB       ${stack.dynamodbEndpoint}   table ${stack.tableName}
  Step Functions ${stack.stepFunctionsEndpoint}   ${stack.reviewStateMachineArn}
                 ${stack.exportStateMachineArn}
                 (definitions synthesized from lib/ in ${stack.review.definitionMs} ms)
  S3 (s3rver)    ${stack.s3Endpoint}   bucket ${stack.exportBucket} (export files; path-style, S3RVER/S3RVER)

  Reviews        a review day lasts ${stack.review.daySeconds} s; decisions are checked every ${stack.review.checkIntervalSeconds} s
  Jobs           ${jobs}
  Operator       ${stack.operator.email}  password ${stack.operator.password}
                 npm run operator -- list | show <id> | approve <id> [note] | reject <id> <reason>
                 npm run import -- --organization <id> [--sites sites.csv] [--products products.json]

  Sign in:     npm run local:token -- <email> <password>
  Reset data:  npm run local:reset   (stop this first)
Press Ctrl+C to stop; data stays in local/.data.
`);
  const notice = nodeRuntimeNotice();
  if (notice) console.log(`${notice}\n`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        // Everything else has stopped; say what did not stop cleanly.
        console.error(
          `Portico stopped, but not cleanly: ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exit(1);
      },
    );
  });
}
