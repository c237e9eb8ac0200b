import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3ExportLinks } from '../../../../functions/core/adapters/s3/export-links';
import { exportObjectKey } from '../../../../functions/core/domain/export-job';

/**
 * What a download link carries, pinned here because the local S3 (s3rver) does not check signatures: a link
 * tampered with still downloads there, while AWS answers 403. The link is a SigV4 presigned GET of the one
 * export file, valid for the seconds asked, naming the file for the browser.
 */
describe('export download links', () => {
  const client = new S3Client({
    region: 'eu-central-1',
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-example' },
  });
  const files = new S3ExportLinks(client, 'portico-exports');
  const key = exportObjectKey({
    organizationId: 'org-acme',
    exportId: '3f8e2a10-5c4b-4d7e-9a21-6b0c1d2e3f40',
    format: 'csv',
  });

  it('is a SigV4 presigned GET of the one file, expiring after the seconds asked, offering it by name', async () => {
    const url = new URL(await files.link(key, 'products-2026-12-05.csv', 900));

    expect(url.protocol).toBe('https:');
    expect(url.hostname).toBe('portico-exports.s3.eu-central-1.amazonaws.com');
    expect(url.pathname).toBe(`/${key}`);
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIAEXAMPLE\/\d{8}\/eu-central-1\/s3\/aws4_request$/,
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('response-content-disposition')).toBe(
      'attachment; filename="products-2026-12-05.csv"',
    );
  });

  it('signs each file apart: another key or another lifetime is another signature', async () => {
    const signatureOf = async (objectKey: string, seconds: number) =>
      new URL(await files.link(objectKey, 'products.csv', seconds)).searchParams.get('X-Amz-Signature');

    const first = await signatureOf(key, 900);
    expect(await signatureOf(key.replace('org-acme', 'org-other'), 900)).not.toBe(first);
    expect(await signatureOf(key, 901)).not.toBe(first);
  });
});
