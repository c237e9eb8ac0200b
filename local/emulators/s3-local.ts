import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import s3rverAccounts from 's3rver/lib/models/account.js';

/**
 * s3rver (3.7.1): an S3 endpoint for one machine that keeps buckets and objects as files under `directory`, so
 * they survive a restart (and a kill -9: an object is a file; an export that was being written when the process
 * died is written again when its execution resumes). The functions reach it through AWS_ENDPOINT_URL_S3 with
 * path-style addresses (S3_FORCE_PATH_STYLE=true). It accepts the access key `S3RVER` / `S3RVER`, and the one the
 * local functions sign with for every emulator (`accessKeys`).
 *
 * What it does not do: it does not check signatures, so a presigned link whose signature or expiry was tampered
 * with still downloads here (AWS answers 403). It does check a presigned link's expiry (403 AccessDenied, as
 * AWS; pinned by test/integration/export-link-expiry.test.ts). test/unit/core/adapters/s3-export-links.test.ts
 * pins what the links carry (SigV4 query, expiry, file name), and test/integration/portal.test.ts the rest.
 */

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3Local {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startS3Local(options: {
  readonly port: number;
  readonly directory: string;
  /** Buckets to create when missing. */
  readonly buckets: readonly string[];
  /** Access keys to accept besides S3RVER's own. */
  readonly accessKeys?: readonly { readonly accessKeyId: string; readonly secretAccessKey: string }[];
}): Promise<S3Local> {
  mkdirSync(options.directory, { recursive: true });
  for (const key of options.accessKeys ?? []) {
    s3rverAccounts.DUMMY_ACCOUNT.createKeyPair(key.accessKeyId, key.secretAccessKey);
  }
  const server = new S3rver({
    port: options.port,
    address: '127.0.0.1',
    silent: true,
    directory: options.directory,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  // Not server.run(): s3rver listens without an 'error' listener, so a taken port would end this process with
  // an uncaught exception (and leave the emulators started before it running) instead of failing the start.
  await server.configureBuckets();
  const http = await new Promise<Server>((resolve, reject) => {
    const listening: Server = server.listen(options.port, '127.0.0.1', () => {
      listening.off('error', reject);
      resolve(listening);
    });
    listening.once('error', reject);
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((done) => http.close(() => done())),
  };
}
