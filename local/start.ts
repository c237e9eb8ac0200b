import { parseArgs } from 'node:util';
import { startLocalStack } from './stack';

/**
 * `npm start`: the whole of Portico on this machine. Flags (or PORTICO_* variables) choose ports and the data
 * folder; `--json` prints one line describing the running stack (used by the integration tests).
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: process.env.PORTICO_DATA_DIR },
    'api-port': { type: 'string', default: process.env.PORTICO_API_PORT },
    'dynamodb-port': { type: 'string', default: process.env.PORTICO_DYNAMODB_PORT },
    'cognito-port': { type: 'string', default: process.env.PORTICO_COGNITO_PORT },
    'ses-port': { type: 'string', default: process.env.PORTICO_SES_PORT },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

const port = (value: string | undefined) => (value === undefined ? undefined : Number(value));

const stack = await startLocalStack({
  ...(values['data-dir'] ? { dataDirectory: values['data-dir'] } : {}),
  ports: {
    ...(values['api-port'] ? { api: port(values['api-port']) } : {}),
    ...(values['dynamodb-port'] ? { dynamodb: port(values['dynamodb-port']) } : {}),
    ...(values['cognito-port'] ? { cognito: port(values['cognito-port']) } : {}),
    ...(values['ses-port'] ? { ses: port(values['ses-port']) } : {}),
  },
  ...(values.quiet || values.json
    ? {}
    : { onRequest: (r) => console.log(`${r.method} ${r.path} → ${r.status} (${r.ms} ms)`) }),
});

if (values.json) {
  const { stop: _stop, ...description } = stack;
  console.log(JSON.stringify({ ready: description }));
} else {
  console.log(`
Portico is running on this machine.

  API          ${stack.apiUrl}        (try: curl ${stack.apiUrl}/v1/me)
  Mailbox      ${stack.mailboxUrl}        (emails and one-time codes; JSON at ${stack.mailboxUrl}/store)
  Cognito      ${stack.cognitoEndpoint}   user pool ${stack.userPoolId}, client ${stack.clientId}
  DynamoDB     ${stack.dynamodbEndpoint}   table ${stack.tableName}

  Sign in:     npm run local:token -- <email> <password>
  Reset data:  npm run local:reset   (stop this first)
Press Ctrl+C to stop; data stays in local/.data.
`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void stack.stop().then(() => process.exit(0));
  });
}
