import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * How the local stack keeps its JSON files (cognito-local's pools, stack.json, the Step Functions emulator's
 * executions) so that a hard kill (`kill -9`, an out-of-memory kill, a closed laptop) can never leave one torn:
 * the new content is written to a temporary file beside it, flushed to disk (fsync), renamed over the old one
 * (an atomic replacement on POSIX file systems) and the folder is flushed so the rename itself is durable. A
 * reader therefore finds either the whole old content or the whole new one; a kill mid-write leaves at most a
 * `*.tmp` file, which the next write replaces.
 */

/** A data file the local stack cannot read: `npm start` refuses rather than replace it with an empty one. */
export class UnreadableDataFileError extends Error {
  override readonly name = 'UnreadableDataFileError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file} is unreadable (${reason}).`);
  }
}

/** The temporary file a durable write of `file` goes through (never a `.json`, so no reader lists it). */
export function temporaryFileOf(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
}

function syncDirectory(directory: string): void {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(directory, 'r');
    fsyncSync(descriptor);
  } catch {
    // Some file systems (and Windows) cannot fsync a folder; the rename is still atomic there.
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** Replaces `file` with `text` atomically and durably (write to a temporary file, fsync, rename, fsync folder). */
export function writeFileDurablySync(file: string, text: string, mode = 0o644): void {
  const temporary = temporaryFileOf(file);
  const descriptor = openSync(temporary, 'w', mode);
  try {
    writeSync(descriptor, text);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, file);
  syncDirectory(dirname(file));
}

/** The asynchronous twin of writeFileDurablySync, for servers that must not block while the disk flushes. */
export async function writeFileDurably(file: string, text: string, mode = 0o644): Promise<void> {
  const temporary = temporaryFileOf(file);
  const handle = await open(temporary, 'w', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  try {
    const folder = await open(dirname(file), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // As in syncDirectory.
  }
}

/**
 * A JSON file's content, parsed with `reviver`; UnreadableDataFileError when it is empty, is not JSON or does
 * not hold an object (a file torn by a writer that did not write durably, or edited by hand).
 */
export function readJsonObjectFile(
  file: string,
  reviver?: (this: unknown, key: string, value: unknown) => unknown,
): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UnreadableDataFileError(file, error instanceof Error ? error.message : String(error));
  }
  if (text.trim() === '') throw new UnreadableDataFileError(file, 'it is empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, reviver);
  } catch (error) {
    throw new UnreadableDataFileError(
      file,
      `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UnreadableDataFileError(file, 'it does not hold a JSON object');
  }
  return parsed as Record<string, unknown>;
}
