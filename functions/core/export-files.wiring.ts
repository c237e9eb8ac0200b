import { createS3Client } from './adapters/aws-clients';
import { S3ExportFiles } from './adapters/s3/export-files';
import { ConfigurationError } from './config';
import type { ExportFiles } from './ports';
import { config } from './wiring';

let files: ExportFiles | undefined;

/**
 * The export files (S3: spooled to /tmp, then one PutObject; adapters/s3/export-files.ts). Kept out of wiring.ts
 * so that only the export function bundles the file writer.
 */
export function exportFiles(): ExportFiles {
  if (files) return files;
  const { bucketName, forcePathStyle } = config().exports;
  if (!bucketName) throw new ConfigurationError('EXPORT_BUCKET_NAME is not set for this function');
  files = new S3ExportFiles(createS3Client({ forcePathStyle }), bucketName);
  return files;
}
