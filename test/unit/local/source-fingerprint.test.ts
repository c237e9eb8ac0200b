import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sourceFingerprint } from '../../../local/source-fingerprint';

describe('sourceFingerprint (the key of the web build and of the cached workflow definitions)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'portico-fingerprint-'));
    mkdirSync(join(root, 'lib', 'nested'), { recursive: true });
    writeFileSync(join(root, 'lib', 'nested', 'a.ts'), 'one');
    writeFileSync(join(root, 'cdk.json'), '{}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const fingerprint = (extra: string[] = []) => sourceFingerprint(root, ['lib', 'cdk.json', 'absent'], extra);

  it('is stable while nothing changes, and ignores files outside the entries', () => {
    const before = fingerprint();
    writeFileSync(join(root, 'elsewhere.ts'), 'x');
    expect(fingerprint()).toBe(before);
  });

  it('changes with an edit, a touched file, an added file or an extra value', () => {
    const before = fingerprint();
    writeFileSync(join(root, 'lib', 'nested', 'a.ts'), 'two!');
    const edited = fingerprint();
    expect(edited).not.toBe(before);
    utimesSync(join(root, 'cdk.json'), new Date(0), new Date(0));
    const touched = fingerprint();
    expect(touched).not.toBe(edited);
    writeFileSync(join(root, 'lib', 'b.ts'), '');
    const added = fingerprint();
    expect(added).not.toBe(touched);
    expect(fingerprint(['account'])).not.toBe(added);
  });
});
