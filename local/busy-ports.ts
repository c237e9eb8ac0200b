import { isPortInUse } from './emulators/wait-for-port';

/** The ports `npm start` listens on, each with the flag and variable that choose it (local/start-options.ts). */
export const LOCAL_PORTS = {
  api: {
    what: 'the API and web client',
    flag: '--api-port',
    variable: 'PORTICO_API_PORT',
    defaultPort: 3000,
  },
  dynamodb: {
    what: 'DynamoDB',
    flag: '--dynamodb-port',
    variable: 'PORTICO_DYNAMODB_PORT',
    defaultPort: 8000,
  },
  cognito: {
    what: 'Cognito',
    flag: '--cognito-port',
    variable: 'PORTICO_COGNITO_PORT',
    defaultPort: 9229,
  },
  ses: {
    what: 'the SES emulator and mailbox',
    flag: '--ses-port',
    variable: 'PORTICO_SES_PORT',
    defaultPort: 8005,
  },
  stepfunctions: {
    what: 'Step Functions',
    flag: '--stepfunctions-port',
    variable: 'PORTICO_STEPFUNCTIONS_PORT',
    defaultPort: 8083,
  },
  s3: { what: 'S3 (s3rver)', flag: '--s3-port', variable: 'PORTICO_S3_PORT', defaultPort: 4569 },
} as const;

export type LocalPort = keyof typeof LOCAL_PORTS;

export interface BusyPort {
  readonly name: LocalPort;
  readonly port: number;
}

/**
 * A start refused before anything started because ports it needs are taken, most often by a Portico already
 * running. Without this check the emulators started first would be left running when a later one fails.
 */
export class PortsInUseError extends Error {
  override readonly name = 'PortsInUseError';
  constructor(readonly busy: readonly BusyPort[]) {
    const lines = busy.map(({ name, port }) => {
      const { what, flag, variable } = LOCAL_PORTS[name];
      return `  - ${port}, for ${what}: ${flag} or ${variable}`;
    });
    const [first] = busy;
    const example = first ? `npm start -- ${LOCAL_PORTS[first.name].flag} 0` : 'npm start';
    super(
      [
        `Portico will not start: ${busy.length === 1 ? 'a port it needs is' : 'ports it needs are'} in use.`,
        ...lines,
        'Is Portico already running? Stop it (Ctrl+C in its terminal), or choose other ports with the flags above',
        `(0 picks a free one, e.g. ${example}; docs/configuration.md). Nothing was started.`,
      ].join('\n'),
    );
  }
}

/** Refuses the start (PortsInUseError) when any of the fixed ports is taken; 0 (a free port) is never checked. */
export async function refuseBusyPorts(ports: Readonly<Record<LocalPort, number>>): Promise<void> {
  const busy: BusyPort[] = [];
  // One at a time: two checks of one port side by side would take it from each other.
  for (const [name, port] of Object.entries(ports) as [LocalPort, number][]) {
    if (port !== 0 && (await isPortInUse(port))) busy.push({ name, port });
  }
  if (busy.length > 0) throw new PortsInUseError(busy);
}

/**
 * A listen that failed on one of the stack's ports (taken between refuseBusyPorts and the listen) as the same
 * refusal; any other error as it is.
 */
export function asBusyPort(error: unknown, ports: Readonly<Record<LocalPort, number>>): unknown {
  const { code, port } = (error ?? {}) as { code?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE') return error;
  const name = (Object.keys(ports) as LocalPort[]).find((candidate) => ports[candidate] === port);
  return name ? new PortsInUseError([{ name, port: ports[name] }]) : error;
}
