import type { Server } from 'node:http';
import sesLocal from 'aws-ses-v2-local';

/**
 * aws-ses-v2-local: accepts SES v1/v2 SendEmail and shows the mailbox at `/` (JSON at `/store`). Its mailbox
 * lives in memory: mail sent before a restart is gone, accounts and codes are not (they are in DynamoDB Local).
 */
export async function startSesLocal(options: { port: number }): Promise<Server> {
  const start = (sesLocal as unknown as { default?: typeof sesLocal }).default ?? sesLocal;
  return start({ host: '127.0.0.1', port: options.port });
}
