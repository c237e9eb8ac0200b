import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ExportLinks } from '../../ports';

/**
 * Download links to export files: presigned GETs (SigV4, query string) signed with the function's own role,
 * naming the file for the browser's download.
 */
export class S3ExportLinks implements ExportLinks {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async link(key: string, fileName: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${fileName}"`,
      }),
      { expiresIn: expiresInSeconds },
    );
  }
}
