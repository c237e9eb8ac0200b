/** The part of s3rver 3.7.1's API the local stack uses (the package ships no types). */
declare module 's3rver' {
  import type { Server } from 'node:http';

  interface S3rverOptions {
    readonly port?: number;
    readonly address?: string;
    readonly silent?: boolean;
    readonly directory: string;
    readonly configureBuckets?: readonly { readonly name: string; readonly configs: readonly string[] }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    /** Creates the configured buckets and listens; answers the server's address. */
    run(): Promise<{ readonly address: string; readonly port: number }>;
    /** Creates the configured buckets (what run() does before it listens). */
    configureBuckets(): Promise<unknown>;
    /** Listens on a new HTTP server serving the emulator, and answers it (errors are the server's events). */
    listen(port: number, host: string, listening: () => void): Server;
    close(): Promise<void>;
  }
}

/** s3rver's account registry: the access keys it accepts (SigV4 signatures themselves are not checked). */
declare module 's3rver/lib/models/account.js' {
  const accounts: {
    readonly DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
  };
  export default accounts;
}
