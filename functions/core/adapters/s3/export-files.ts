import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ExportFiles } from '../../ports';

/** S3's smallest part (5 MiB): with two parts in flight, an export holds about 10 MiB whatever its size. */
const PART_BYTES = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/**
 * Export files in the exports bucket. A file is written by lib-storage's Upload from a stream: one PutObject
 * when it is small, else a multipart upload whose parts are sent as they fill (an abandoned one is aborted, and
 * the bucket's lifecycle rule removes any left behind).
 */
export class S3ExportFiles implements ExportFiles {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async write(key: string, contentType: string, chunks: AsyncIterable<string>): Promise<{ bytes: number }> {
    let bytes = 0;
    const body = Readable.from(
      (async function* () {
        for await (const chunk of chunks) {
          const buffer = Buffer.from(chunk, 'utf8');
          bytes += buffer.length;
          yield buffer;
        }
      })(),
    );
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: PART_BYTES,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    await upload.done();
    return { bytes };
  }
}
