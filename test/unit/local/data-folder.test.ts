import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDataFolder, LocalDataRefusedError } from '../../../local/data-folder';

const folders: string[] = [];
function dataFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'portico-data-'));
  folders.push(folder);
  mkdirSync(join(folder, 'cognito', '.cognito', 'db'), { recursive: true });
  mkdirSync(join(folder, 'dynamodb'), { recursive: true });
  mkdirSync(join(folder, 'stepfunctions'), { recursive: true });
  writeFileSync(join(folder, 'stack.json'), '{"codeSecret":"k"}\n');
  writeFileSync(join(folder, 'cognito', '.cognito', 'config.json'), '{}\n');
  writeFileSync(join(folder, 'cognito', '.cognito', 'db', 'clients.json'), '{"Clients":{}}\n');
  writeFileSync(join(folder, 'cognito', '.cognito', 'db', 'local_pool.json'), '{"Users":{"u1":{}}}\n');
  writeFileSync(join(folder, 'stepfunctions', 'executions.json'), '{"executions":[]}\n');
  writeFileSync(join(folder, 'dynamodb', 'shared-local-instance.db'), 'SQLite format 3\u0000 and pages');
  return folder;
}
afterEach(() => folders.splice(0).forEach((made) => rmSync(made, { recursive: true, force: true })));

function refusal(folder: string): LocalDataRefusedError {
  try {
    checkDataFolder(folder);
  } catch (error) {
    if (error instanceof LocalDataRefusedError) return error;
    throw error;
  }
  throw new Error('the folder was accepted');
}

describe('checkDataFolder (npm start refuses unreadable data)', () => {
  it('accepts a whole folder, and a new empty one', () => {
    expect(() => checkDataFolder(dataFolder())).not.toThrow();
    const empty = mkdtempSync(join(tmpdir(), 'portico-data-'));
    folders.push(empty);
    expect(() => checkDataFolder(empty)).not.toThrow();
  });

  it.each([
    ['the user pool', join('cognito', '.cognito', 'db', 'local_pool.json'), '{"Users":{"u1":{"Attri'],
    ['the app clients', join('cognito', '.cognito', 'db', 'clients.json'), ''],
    ['stack.json', 'stack.json', '{"codeSecret":"k"}\n"}'],
    ['the executions', join('stepfunctions', 'executions.json'), '[]'],
  ])('refuses when %s file is unreadable, naming it and what to do', (_, file, content) => {
    const folder = dataFolder();
    writeFileSync(join(folder, file), content);

    const error = refusal(folder);

    expect(error.file).toBe(join(folder, file));
    expect(error.message).toContain(join(folder, file));
    expect(error.message).toContain(`npm run local:reset -- --data-dir ${folder}`);
    expect(error.message).toMatch(/restore/);
  });

  it('refuses a DynamoDB Local database that is not SQLite', () => {
    const folder = dataFolder();
    writeFileSync(join(folder, 'dynamodb', 'shared-local-instance.db'), 'garbage');

    expect(refusal(folder).reason).toMatch(/not a DynamoDB Local/);
  });
});
