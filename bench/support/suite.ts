import { startDynamoDbLocal } from '../../local/emulators/dynamodb-local';
import { freePort } from '../../local/emulators/wait-for-port';

/** One part of `npm run bench`: it prints its own tables and returns what goes to bench/results.json. */
export interface BenchSuite {
  /** The name given on the command line (`npm run bench -- <name>`) and the key in results.json. */
  readonly name: string;
  /** One line for `npm run bench -- --list`. */
  readonly description: string;
  readonly run: () => Promise<Record<string, unknown>>;
}

/** The region every bench client uses; nothing leaves the machine. */
export const BENCH_REGION = 'eu-west-1';

/** A whole number from the environment, or `fallback` when the variable is unset. */
export function positive(variable: string, fallback: number): number {
  const value = process.env[variable] === undefined ? fallback : Number(process.env[variable]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${variable} must be a positive whole number`);
  return value;
}

/** Credentials and region for local emulators, so no AWS profile on the machine is ever read. */
export function useLocalCredentials(): void {
  Object.assign(process.env, {
    AWS_REGION: BENCH_REGION,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.LOG_LEVEL ??= 'WARN';
}

/** Runs `work` against a DynamoDB Local started in memory on a free port, and stops it afterwards. */
export async function withDynamoDbLocal<T>(work: (endpoint: string) => Promise<T>): Promise<T> {
  const port = await freePort();
  console.log(`Starting DynamoDB Local in memory on port ${port} …`);
  const dynamodbLocal = await startDynamoDbLocal({ port, compilation: 'full' });
  const stop = () => {
    if (dynamodbLocal.exitCode === null && dynamodbLocal.signalCode === null) dynamodbLocal.kill('SIGTERM');
  };
  const interrupted = () => {
    stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    return await work(`http://127.0.0.1:${port}`);
  } finally {
    process.off('SIGINT', interrupted);
    stop();
  }
}

/** Prints rows as a table: the first row is the header, the first two columns are left-aligned. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const [index, row] of rows.entries()) {
    console.log(
      row
        .map((cell, column) =>
          column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join('  '),
    );
    if (index === 0) console.log(widths.map((width) => '─'.repeat(width)).join('  '));
  }
}
