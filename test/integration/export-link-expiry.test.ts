import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ExportLinks } from '../../functions/core/adapters/s3/export-links';
import { S3RVER_CREDENTIALS, startS3Local, type S3Local } from '../../local/emulators/s3-local';

/**
 * Parity of the local S3 (s3rver, what `npm start` runs) with AWS on an export's download link: the presigned GET
 * the export routes hand out (the production adapter, S3ExportLinks) downloads while it is valid and is refused
 * (403 AccessDenied, as on AWS) once its X-Amz-Expires has passed. s3rver does not check signatures
 * (local/emulators/s3-local.ts), but it does check expiry: this test pins that, so an emulator upgrade that
 * stopped doing it would fail here rather than let an expired link download locally.
 */

const BUCKET = 'portico-exports-parity';
const KEY = 'exports/org-acme/parity.csv';

let directory: string;
let s3: S3Local;
let links: S3ExportLinks;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'portico-s3-expiry-'));
  s3 = await startS3Local({ port: 0, directory, buckets: [BUCKET] });
  const client = new S3Client({
    endpoint: s3.url,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
  });
  await client.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: KEY,
      Body: 'serviceTag\r\nABC123\r\n',
      ContentType: 'text/csv',
    }),
  );
  links = new S3ExportLinks(client, BUCKET);
});

afterAll(async () => {
  await s3?.stop();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe('an export download link on the local S3', () => {
  it('downloads the file while valid, and answers 403 AccessDenied once expired', async () => {
    const url = await links.link(KEY, 'products-2026-12-06.csv', 1);

    const fresh = await fetch(url);
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toBe('serviceTag\r\nABC123\r\n');
    expect(fresh.headers.get('content-disposition')).toBe('attachment; filename="products-2026-12-06.csv"');

    // X-Amz-Date has one-second precision: 2.5 s is past the 1-second lifetime whatever the rounding.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/AccessDenied[^]*expired/i);
  });

  it('answers 403 for a link whose lifetime is over before it is used (a day-old link)', async () => {
    const url = new URL(await links.link(KEY, 'products.csv', 60));
    // The same link, dated a day earlier: what a person opening yesterday's email holds (unsigned locally).
    const dated = url.searchParams.get('X-Amz-Date') ?? '';
    const yesterday = new Date(
      Date.UTC(
        Number(dated.slice(0, 4)),
        Number(dated.slice(4, 6)) - 1,
        Number(dated.slice(6, 8)) - 1,
        Number(dated.slice(9, 11)),
        Number(dated.slice(11, 13)),
        Number(dated.slice(13, 15)),
      ),
    );
    url.searchParams.set(
      'X-Amz-Date',
      yesterday
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, ''),
    );
    const answer = await fetch(url);
    expect(answer.status).toBe(403);
  });
});
