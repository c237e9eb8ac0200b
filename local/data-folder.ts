import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cognitoDataFiles } from './emulators/cognito-data-store';
import { readJsonObjectFile, UnreadableDataFileError } from './durable-file';

/**
 * The files of a local data folder (`local/.data` or `--data-dir`), and the check `npm start` makes before it
 * starts anything: every file must be readable, or the start is refused with the file and what to do. Nothing
 * is ever replaced by an empty one: a pool that had users, or a table that had accounts, is never silently
 * started afresh.
 */

export const DATA_FOLDER_LAYOUT = {
  state: 'stack.json',
  cognito: 'cognito',
  dynamodb: 'dynamodb',
  dynamodbFile: join('dynamodb', 'shared-local-instance.db'),
  executions: join('stepfunctions', 'executions.json'),
  /** s3rver's buckets and objects (the export files). */
  s3: 's3',
} as const;

/** Why `npm start` will not go on with this data folder; the message says what to do. */
export class LocalDataRefusedError extends Error {
  override readonly name = 'LocalDataRefusedError';
  constructor(
    readonly file: string,
    readonly reason: string,
    dataDirectory: string,
  ) {
    const reset =
      'npm run local:reset' +
      (relative(process.cwd(), dataDirectory) === join('local', '.data')
        ? ''
        : ` -- --data-dir ${dataDirectory}`);
    super(
      [
        `Portico will not start: ${file} ${reason}.`,
        'Nothing was changed. Starting anyway would lose data (people could no longer sign in while their',
        'accounts remain, or accounts would vanish while their sign-ins remain). Either:',
        `  - restore ${file} (and the rest of ${dataDirectory}) from a backup, then npm start again; or`,
        `  - start afresh: ${reset}   (removes every local account, organization and email).`,
      ].join('\n'),
    );
  }
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

function checkSqliteFile(file: string): string | undefined {
  if (statSync(file).size === 0) return undefined; // DynamoDB Local creates it empty and fills it on first use.
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const descriptor = openSync(file, 'r');
  try {
    readSync(descriptor, header, 0, header.length, 0);
  } finally {
    closeSync(descriptor);
  }
  return header.toString('latin1') === SQLITE_HEADER
    ? undefined
    : 'is not a DynamoDB Local (SQLite) database';
}

/** Refuses (LocalDataRefusedError) when one of the folder's data files cannot be read. */
export function checkDataFolder(dataDirectory: string): void {
  const jsonFiles = [
    join(dataDirectory, DATA_FOLDER_LAYOUT.state),
    ...cognitoDataFiles(join(dataDirectory, DATA_FOLDER_LAYOUT.cognito)),
    join(dataDirectory, DATA_FOLDER_LAYOUT.executions),
  ].filter((file) => existsSync(file));
  for (const file of jsonFiles) {
    try {
      readJsonObjectFile(file);
    } catch (error) {
      if (error instanceof UnreadableDataFileError) {
        throw new LocalDataRefusedError(file, `is unreadable (${error.reason})`, dataDirectory);
      }
      throw error;
    }
  }
  const database = join(dataDirectory, DATA_FOLDER_LAYOUT.dynamodbFile);
  if (existsSync(database)) {
    const problem = checkSqliteFile(database);
    if (problem) throw new LocalDataRefusedError(database, problem, dataDirectory);
  }
}

/** An error of the emulators' own start, as a refusal when it is an unreadable file. */
export function asRefusal(error: unknown, dataDirectory: string): unknown {
  return error instanceof UnreadableDataFileError
    ? new LocalDataRefusedError(error.file, `is unreadable (${error.reason})`, dataDirectory)
    : error;
}
