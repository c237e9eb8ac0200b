import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32Header, S3ExportFiles } from '../../../../functions/core/adapters/s3/export-files';
import { S3RVER_CREDENTIALS, startS3Local, type S3Local } from '../../../../local/emulators/s3-local';

/** The export files against s3rver (the local stack's S3): what is written is what is read back. */
describe('S3ExportFiles', () => {
  const BUCKET = 'portico-exports';
  let s3: S3Local;
  let folder: string;
  let spool: string;
  let client: S3Client;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'portico-s3-test-'));
    spool = join(folder, 'tmp');
    await import('node:fs/promises').then((fs) => fs.mkdir(spool));
    s3 = await startS3Local({ port: 0, directory: join(folder, 's3'), buckets: [BUCKET] });
    client = new S3Client({
      region: 'eu-central-1',
      endpoint: s3.url,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
  });

  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  async function* pages(count: number): AsyncGenerator<string> {
    yield '\uFEFFserviceTag,model\r\n';
    for (let page = 0; page < count; page++) {
      yield Array.from({ length: 1000 }, (_, row) => `TAG-${page}-${row},Latitude 7440 – ü\r\n`).join('');
    }
  }

  it('streams the chunks through a temporary file into one PutObject, with their length and CRC32', async () => {
    let expected = '';
    for await (const chunk of pages(3)) expected += chunk;
    const sent: Record<string, string>[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordHeaders' },
    );

    const { bytes } = await new S3ExportFiles(client, BUCKET, spool).write(
      'exports/org-acme/one.csv',
      'text/csv; charset=utf-8',
      pages(3),
    );

    const body = Buffer.from(expected, 'utf8');
    expect(bytes).toBe(body.length);
    const stored = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'exports/org-acme/one.csv' }),
    );
    expect(await stored.Body?.transformToString('utf-8')).toBe(expected);
    expect(stored.ContentType).toBe('text/csv; charset=utf-8');
    // Sent as it is (no aws-chunked re-encoding, which S3-compatible emulators do not all decode), checked by S3.
    expect(sent[0]).toMatchObject({
      'content-length': String(body.length),
      'x-amz-checksum-crc32': crc32Header(crc32(body)),
    });
    expect(sent[0]?.['content-encoding']).toBeUndefined();
    client.middlewareStack.remove('recordHeaders');
    expect(await readdir(spool)).toEqual([]);
  });

  it('writes no object and leaves no temporary file when the rows fail midway', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 'header\r\n';
      throw new Error('export-too-large');
    }

    await expect(
      new S3ExportFiles(client, BUCKET, spool).write('exports/org-acme/failed.csv', 'text/csv', failing()),
    ).rejects.toThrow('export-too-large');

    await expect(
      client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'exports/org-acme/failed.csv' })),
    ).rejects.toMatchObject({ name: 'NotFound' });
    expect(await readdir(spool)).toEqual([]);
  });

  it('writes an empty export (the header alone) too', async () => {
    async function* header(): AsyncGenerator<string> {
      yield 'header\r\n';
    }
    expect(
      await new S3ExportFiles(client, BUCKET, spool).write(
        'exports/org-acme/empty.csv',
        'text/csv',
        header(),
      ),
    ).toEqual({ bytes: 8 });
  });
});
