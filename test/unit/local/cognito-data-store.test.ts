import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DurableJsonDataStore,
  DurableJsonDataStoreFactory,
  removeLeftoverTemporaryFiles,
  serializeStore,
} from '../../../local/emulators/cognito-data-store';
import { temporaryFileOf, UnreadableDataFileError } from '../../../local/durable-file';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const ctx = { logger: { debug: () => undefined } } as never;
const folders: string[] = [];
const folder = () => {
  const made = mkdtempSync(join(tmpdir(), 'portico-store-'));
  folders.push(made);
  return made;
};
afterEach(() => folders.splice(0).forEach((made) => rmSync(made, { recursive: true, force: true })));

describe('DurableJsonDataStore (cognito-local data, crash-safe)', () => {
  it('creates the file with the defaults and reads back what was set, dates included', async () => {
    const file = join(folder(), 'local_pool.json');
    const store = await DurableJsonDataStore.open(file, { Users: {}, Options: { Id: 'local_pool' } });
    const created = new Date('2026-12-05T08:00:00.000Z');

    await store.set(ctx, ['Users', 'u1'], { Username: 'u1', UserCreateDate: created });
    await store.delete(ctx, ['Users', 'missing']);

    const reopened = await DurableJsonDataStore.open(file, {});
    expect(await reopened.get(ctx, ['Users', 'u1'])).toEqual({ Username: 'u1', UserCreateDate: created });
    expect(await reopened.get(ctx, 'Options')).toEqual({ Id: 'local_pool' });
    expect(await reopened.get(ctx, ['Users', 'nobody'], 'fallback')).toBe('fallback');
  });

  it('keeps every one of many concurrent writes (each resolves once a snapshot holding it is on disk)', async () => {
    const file = join(folder(), 'local_pool.json');
    const store = await DurableJsonDataStore.open(file, { Users: {} });

    await Promise.all(
      Array.from({ length: 60 }, (_, n) => store.set(ctx, ['Users', `u${n}`], { Username: `u${n}` })),
    );

    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { Users: Record<string, unknown> };
    expect(Object.keys(onDisk.Users)).toHaveLength(60);
  });

  it('refuses a torn file (a write cut short) instead of opening it as an empty pool', async () => {
    const file = join(folder(), 'local_pool.json');
    const whole = serializeStore({ Users: { u1: { Username: 'u1' } }, Options: { Id: 'local_pool' } });
    writeFileSync(file, whole.slice(0, whole.length / 2));

    await expect(DurableJsonDataStore.open(file, { Users: {} })).rejects.toThrow(UnreadableDataFileError);
    // Unchanged: nothing was written over it.
    expect(readFileSync(file, 'utf8')).toBe(whole.slice(0, whole.length / 2));
  });

  it('refuses a file left with a longer write’s tail after a shorter one, and an empty file', async () => {
    const file = join(folder(), 'local_pool.json');
    const longer = serializeStore({ Users: { u1: { Username: 'u1' }, u2: { Username: 'u2' } } });
    const shorter = serializeStore({ Users: { u1: { Username: 'u1' } } });
    writeFileSync(file, shorter + longer.slice(shorter.length));
    await expect(DurableJsonDataStore.open(file, {})).rejects.toThrow(/not valid JSON/);

    writeFileSync(file, '');
    await expect(DurableJsonDataStore.open(file, {})).rejects.toThrow(/is empty/);
  });

  it('reads the last whole snapshot when a write was killed before its rename (a temporary file is left)', async () => {
    const directory = folder();
    const file = join(directory, 'local_pool.json');
    const store = await DurableJsonDataStore.open(file, { Users: {} });
    await store.set(ctx, ['Users', 'u1'], { Username: 'u1' });
    writeFileSync(temporaryFileOf(file), '{"Users": {"u1": {"Usern');

    const reopened = await new DurableJsonDataStoreFactory(directory).create(ctx, 'local_pool', {});
    expect(await reopened.get(ctx, ['Users', 'u1'])).toEqual({ Username: 'u1' });
    removeLeftoverTemporaryFiles(directory);
    expect(readdirSync(directory)).toEqual(['local_pool.json']);
  });

  it(
    'loses no acknowledged write when its process is killed with SIGKILL mid-burst',
    { timeout: 30_000 },
    async () => {
      const file = join(folder(), 'local_pool.json');
      const writer = spawn(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'test/unit/local/support/store-writer.ts'), file],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const acknowledged = new Set<string>();
      const exited = new Promise((done) => writer.once('exit', done));
      createInterface({ input: writer.stdout! }).on('line', (line) => {
        const n = /^ack (\d+)$/.exec(line)?.[1];
        if (n !== undefined) acknowledged.add(`user-${n}`);
        // Killed at an arbitrary moment, writes in flight.
        if (acknowledged.size === 150) writer.kill('SIGKILL');
      });
      await exited;

      expect(existsSync(file)).toBe(true);
      const reopened = await DurableJsonDataStore.open(file, {});
      const users = (await reopened.get<Record<string, unknown>>(ctx, 'Users')) ?? {};
      expect(acknowledged.size).toBeGreaterThanOrEqual(150);
      for (const username of acknowledged) expect(users[username]).toBeDefined();
    },
  );
});
