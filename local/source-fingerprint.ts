import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `path` (itself when it is a file; nothing when it does not exist). */
export function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(path, entry.name)) : [join(path, entry.name)],
  );
}

/**
 * Names, sizes and modification times of the files under `entries` (relative to `root`), plus any `extra`
 * values: cheap to compute (no file is read), and it changes with any edit, checkout or added file.
 */
export function sourceFingerprint(
  root: string,
  entries: readonly string[],
  extra: readonly string[] = [],
): string {
  const hash = createHash('sha256');
  for (const file of entries.flatMap((entry) => filesUnder(join(root, entry))).sort()) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${relative(root, file)}\0${size}\0${mtimeMs}\n`);
  }
  for (const value of extra) hash.update(`\0${value}`);
  return hash.digest('hex');
}
