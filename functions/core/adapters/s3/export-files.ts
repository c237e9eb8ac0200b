import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ExportFiles } from '../../ports';

/**
 * Export files in the exports bucket. A file is written in two steps, each with a fixed amount of memory
 * whatever its size: its chunks go to a temporary file in the function's /tmp (one chunk, a page of rows, in
 * memory at a time, with the file stream's back pressure) while its size and CRC32 are counted; then one
 * PutObject streams that file to S3 with its length and checksum (S3 checks the checksum, so a file damaged on
 * the way is refused). One request per export, where a multipart upload makes at least three; S3 takes up to
 * 5 GB in one PutObject, and the largest export (MAX_JOB_EXPORT_PRODUCTS as JSON) is about 50 MB, well within
 * the function's 512 MB of /tmp. The temporary folder is removed whatever happens.
 *
 * Why not lib-storage's Upload from the stream, as before: it holds a whole 5 MiB part in memory before it sends
 * anything, so every export below 5 MiB (a CSV of up to about 60,000 products) was held whole, and memory grew
 * with the number of products up to that size (docs/performance.md).
 */
export class S3ExportFiles implements ExportFiles {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /** Where temporary files go (the function's /tmp). */
    private readonly folder: string = tmpdir(),
  ) {}

  async write(key: string, contentType: string, chunks: AsyncIterable<string>): Promise<{ bytes: number }> {
    const folder = await mkdtemp(join(this.folder, 'portico-export-'));
    try {
      const path = join(folder, 'file');
      const { bytes, checksum } = await spool(chunks, path);
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: createReadStream(path),
          ContentLength: bytes,
          ContentType: contentType,
          // Given, the SDK sends the file as it is (it would otherwise re-encode a stream to add a checksum).
          ChecksumCRC32: crc32Header(checksum),
        }),
      );
      return { bytes };
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
}

/** Writes the chunks to `path`, one at a time, and counts their bytes and CRC32. */
async function spool(
  chunks: AsyncIterable<string>,
  path: string,
): Promise<{ readonly bytes: number; readonly checksum: number }> {
  const file = createWriteStream(path);
  let bytes = 0;
  let checksum = 0;
  try {
    for await (const chunk of chunks) {
      const buffer = Buffer.from(chunk, 'utf8');
      bytes += buffer.length;
      checksum = crc32(buffer, checksum);
      if (!file.write(buffer)) await once(file, 'drain');
    }
    file.end();
    await finished(file);
  } catch (error) {
    file.destroy();
    throw error;
  }
  return { bytes, checksum };
}

/** A CRC32 as S3's `x-amz-checksum-crc32` header carries it: the 4 bytes big-endian, in base64. */
export function crc32Header(checksum: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(checksum >>> 0);
  return bytes.toString('base64');
}
