import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The local stack's DynamoDB endpoint: a small HTTP proxy in front of DynamoDB Local, so that a transaction it
 * answers is on disk (docs/identity.md, "DynamoDB Local and a hard kill").
 *
 * DynamoDB Local (shared database on disk) can answer a TransactWriteItems before it is durable: killed with
 * SIGKILL right after, the acknowledged transaction is gone after the restart (test/crash/dynamodb-local-kill.probe.ts).
 * A single PutItem answered after it was never lost in the probe's rounds. So after every successful
 * TransactWriteItems the proxy writes one scratch item (`LOCAL#FLUSH` in every key attribute) to the same table
 * and only then answers the client. Every other request goes through unchanged, byte for byte. DynamoDB on AWS
 * acknowledges a transaction only once it is durable: this exists on the local stack only (local/stack.ts), and
 * nothing in functions/ knows about it. Every client of the local stack (functions, jobs, scripts, tests) reaches
 * DynamoDB Local through it, since it listens on the stack's DynamoDB port.
 */

export const FLUSH_KEY_VALUE = 'LOCAL#FLUSH';
const TARGET_PREFIX = 'DynamoDB_20120810.';

export interface DurableProxy {
  readonly server: Server;
  readonly port: number;
  /** Successful transactions followed by the scratch write (for tests and diagnostics). */
  readonly flushes: () => number;
  close(): Promise<void>;
}

type KeySchema = { name: string; type: 'S' | 'N' | 'B' }[];

interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export async function startDurableDynamoDbProxy(options: {
  /** The port clients use (0: one the OS picks). */
  port: number;
  /** DynamoDB Local's own port. */
  upstreamPort: number;
  host?: string;
}): Promise<DurableProxy> {
  const host = options.host ?? '127.0.0.1';
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const keySchemas = new Map<string, Promise<KeySchema>>();
  let flushes = 0;

  const upstream = (method: string, path: string, headers: IncomingHttpHeaders, body: Buffer) =>
    new Promise<UpstreamAnswer>((resolve, reject) => {
      const outgoing = request(
        {
          host,
          port: options.upstreamPort,
          method,
          path,
          agent,
          headers: { ...headers, host: `${host}:${options.upstreamPort}`, 'content-length': body.length },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 500,
              headers: response.headers,
              body: Buffer.concat(chunks),
            }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  /** Calls DynamoDB Local with a JSON operation, signed as the client's request was (it checks no signature). */
  const call = async (operation: string, input: unknown, like: IncomingHttpHeaders) => {
    const headers: IncomingHttpHeaders = {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `${TARGET_PREFIX}${operation}`,
      ...(like.authorization ? { authorization: like.authorization } : {}),
      ...(like['x-amz-date'] ? { 'x-amz-date': like['x-amz-date'] } : {}),
    };
    const answer = await upstream('POST', '/', headers, Buffer.from(JSON.stringify(input)));
    if (answer.status !== 200) {
      throw new Error(
        `DynamoDB Local answered ${operation} with ${answer.status}: ${answer.body.toString()}`,
      );
    }
    return JSON.parse(answer.body.toString()) as Record<string, unknown>;
  };

  const keySchemaOf = (table: string, like: IncomingHttpHeaders): Promise<KeySchema> => {
    let schema = keySchemas.get(table);
    if (!schema) {
      schema = call('DescribeTable', { TableName: table }, like).then((described) => {
        const description = described.Table as {
          KeySchema: { AttributeName: string }[];
          AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
        };
        return description.KeySchema.map(({ AttributeName }) => ({
          name: AttributeName,
          type:
            description.AttributeDefinitions.find((d) => d.AttributeName === AttributeName)?.AttributeType ??
            'S',
        }));
      });
      // A failed look-up (e.g. the table was just deleted) is tried again next time.
      schema.catch(() => keySchemas.delete(table));
      keySchemas.set(table, schema);
    }
    return schema;
  };

  /** One PutItem of the scratch item to the transaction's first table, answered before the client is. */
  const flush = async (transaction: Buffer, like: IncomingHttpHeaders) => {
    const { TransactItems } = JSON.parse(transaction.toString()) as {
      TransactItems?: Record<string, { TableName?: string } | undefined>[];
    };
    const first = TransactItems?.[0];
    const table = first && Object.values(first).find((operation) => operation?.TableName)?.TableName;
    if (!table) return;
    const schema = await keySchemaOf(table, like);
    const item = Object.fromEntries(
      schema.map(({ name, type }) => [
        name,
        {
          [type]:
            type === 'N'
              ? '0'
              : type === 'B'
                ? Buffer.from(FLUSH_KEY_VALUE).toString('base64')
                : FLUSH_KEY_VALUE,
        },
      ]),
    );
    await call('PutItem', { TableName: table, Item: item }, like);
    flushes += 1;
  };

  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      void (async () => {
        try {
          const answer = await upstream(
            incoming.method ?? 'POST',
            incoming.url ?? '/',
            incoming.headers,
            body,
          );
          if (
            answer.status === 200 &&
            incoming.headers['x-amz-target'] === `${TARGET_PREFIX}TransactWriteItems`
          ) {
            await flush(body, incoming.headers);
          }
          const headers = { ...answer.headers };
          delete headers['transfer-encoding'];
          delete headers.connection;
          delete headers['keep-alive'];
          outgoing.writeHead(answer.status, { ...headers, 'content-length': answer.body.length });
          outgoing.end(answer.body);
        } catch (error) {
          // DynamoDB Local is gone or the scratch write failed: the transaction's durability is unknown, so it is
          // not acknowledged (an InternalServerError, as DynamoDB answers when it cannot tell).
          const message = JSON.stringify({
            __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
            message: `local DynamoDB proxy: ${error instanceof Error ? error.message : String(error)}`,
          });
          if (!outgoing.headersSent) {
            outgoing.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
          }
          outgoing.end(message);
        }
      })();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    flushes: () => flushes,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
