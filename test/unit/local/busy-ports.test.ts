import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { asBusyPort, PortsInUseError, refuseBusyPorts } from '../../../local/busy-ports';
import { startS3Local } from '../../../local/emulators/s3-local';
import { freePort, isPortInUse } from '../../../local/emulators/wait-for-port';

const servers: Server[] = [];
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A port something listens on, as a Portico already running holds its ports (on every address). */
async function takenPort(host = '0.0.0.0'): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, host, listening));
  return (server.address() as { port: number }).port;
}

describe('ports npm start needs', () => {
  it('tells a taken port from a free one', async () => {
    const taken = await takenPort();
    const free = await freePort();

    expect(await isPortInUse(taken)).toBe(true);
    expect(await isPortInUse(free)).toBe(false);
    // Checking leaves the free port free.
    expect(await isPortInUse(free)).toBe(false);
  });

  it('refuses a start naming every taken port with its flag and variable, and never checks 0', async () => {
    const api = await takenPort();
    const s3 = await takenPort();
    const free = await freePort();

    const refused = await refuseBusyPorts({
      api,
      dynamodb: free,
      cognito: free,
      ses: free,
      stepfunctions: 0,
      s3,
    }).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(PortsInUseError);
    expect((refused as PortsInUseError).busy).toEqual([
      { name: 'api', port: api },
      { name: 's3', port: s3 },
    ]);
    const message = (refused as PortsInUseError).message;
    expect(message).toContain('Portico will not start: ports it needs are in use.');
    expect(message).toContain(`${api}, for the API and web client: --api-port or PORTICO_API_PORT`);
    expect(message).toContain(`${s3}, for S3 (s3rver): --s3-port or PORTICO_S3_PORT`);
    expect(message).toContain('Is Portico already running?');
    expect(message).not.toContain('Step Functions');
  });

  it('lets a start go on when every port is free', async () => {
    const free = await freePort();
    await expect(
      refuseBusyPorts({ api: free, dynamodb: 0, cognito: 0, ses: 0, stepfunctions: 0, s3: 0 }),
    ).resolves.toBeUndefined();
  });

  it('names a port taken while listening as the same refusal, and leaves other errors as they are', () => {
    const ports = { api: 3000, dynamodb: 8000, cognito: 9229, ses: 8005, stepfunctions: 8083, s3: 4569 };
    const lost = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:4569'), {
      code: 'EADDRINUSE',
      port: 4569,
    });

    expect((asBusyPort(lost, ports) as PortsInUseError).busy).toEqual([{ name: 's3', port: 4569 }]);
    const elsewhere = Object.assign(new Error('EADDRINUSE'), { code: 'EADDRINUSE', port: 1234 });
    expect(asBusyPort(elsewhere, ports)).toBe(elsewhere);
    const other = new Error('boom');
    expect(asBusyPort(other, ports)).toBe(other);
  });

  it('s3rver on a taken port fails its start instead of ending the process', async () => {
    const port = await takenPort();
    const directory = mkdtempSync(join(tmpdir(), 'portico-s3-'));
    folders.push(directory);

    await expect(startS3Local({ port, directory, buckets: ['exports'] })).rejects.toMatchObject({
      code: 'EADDRINUSE',
      port,
    });
  });

  it('s3rver on a free port serves its buckets and stops', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'portico-s3-'));
    folders.push(directory);
    const s3 = await startS3Local({ port: 0, directory, buckets: ['exports'] });

    const listing = await fetch(`${s3.url}/`);
    expect(listing.status).toBe(200);
    expect(await listing.text()).toContain('<Name>exports</Name>');
    await s3.stop();
    await expect(fetch(`${s3.url}/`)).rejects.toThrow();
  });
});
