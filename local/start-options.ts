import { parseArgs } from 'node:util';
import { LOCAL_PORTS, type LocalPort } from './busy-ports';
import { isParseArgsError } from './command-line';

/** What `npm start`'s flags (or PORTICO_* variables) ask of the local stack; the rest is local/stack.ts's. */
export interface StartSettings {
  readonly dataDirectory?: string;
  readonly ports: Partial<Record<LocalPort, number>>;
  readonly reviewDaySeconds?: number;
  readonly reviewCheckIntervalSeconds?: number;
  readonly jobSpeedup?: number;
  readonly demoProducts?: number;
  readonly json: boolean;
  readonly quiet: boolean;
}

/** `npm start -- …` read: start with these settings, print the usage, or refuse (exit 2) saying why. */
export type StartCommand =
  | { readonly kind: 'start'; readonly settings: StartSettings }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'usage-error'; readonly text: string };

const OTHER_FLAGS = [
  ['--data-dir <folder>', 'where the local data is kept (local/.data; PORTICO_DATA_DIR)'],
  ['--review-day-seconds <n>', 'seconds in a review day (60; REVIEW_DAY_SECONDS)'],
  ['--review-check-seconds <n>', 'longest wait for an operator decision (5; REVIEW_CHECK_INTERVAL_SECONDS)'],
  ['--job-speedup <n>', 'how much faster than on AWS the jobs run (86400 / day; PORTICO_JOB_SPEEDUP)'],
  ['--demo-products <n>', "products in Acme's demo inventory, first start (3000; PORTICO_DEMO_PRODUCTS)"],
  ['--quiet', 'print the addresses alone, not each request, workflow step and job run'],
  ['--json', 'print one line, {"ready": {…}}, for scripts'],
  ['-h, --help', 'this help'],
] as const;

export const START_USAGE = [
  'usage: npm start -- [flags]',
  '',
  'Starts the whole of Portico on this machine (docs/configuration.md). Flags, each with its default:',
  ...(Object.entries(LOCAL_PORTS) as [LocalPort, (typeof LOCAL_PORTS)[LocalPort]][]).map(
    ([, port]) => `  ${`${port.flag} <port>`.padEnd(30)}${port.what} (${port.defaultPort}; ${port.variable})`,
  ),
  `  ${''.padEnd(30)}0 picks a free port`,
  ...OTHER_FLAGS.map(([flag, meaning]) => `  ${flag.padEnd(30)}${meaning}`),
].join('\n');

/** The variable each flag falls back to, to say where a bad value came from. */
const VARIABLE_OF_FLAG: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.values(LOCAL_PORTS).map((port) => [port.flag, port.variable])),
  '--data-dir': 'PORTICO_DATA_DIR',
  '--review-day-seconds': 'REVIEW_DAY_SECONDS',
  '--review-check-seconds': 'REVIEW_CHECK_INTERVAL_SECONDS',
  '--job-speedup': 'PORTICO_JOB_SPEEDUP',
  '--demo-products': 'PORTICO_DEMO_PRODUCTS',
};

class UsageError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
  }
}

function portOf(value: string, flag: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new UsageError(
      flag,
      `${flag} must be a port number from 0 to 65535 (0 picks a free one), got ${value}`,
    );
  }
  return port;
}

function wholeNumber(value: string, flag: string, least: number): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < least) {
    throw new UsageError(flag, `${flag} must be a whole number (${least} or more), got ${value}`);
  }
  return parsed;
}

function positiveNumber(value: string, flag: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) {
    throw new UsageError(flag, `${flag} must be a number above 0, got ${value}`);
  }
  return parsed;
}

/** Reads `npm start`'s arguments and PORTICO_* variables (a flag wins over its variable). */
export function parseStartArgs(args: readonly string[], env: NodeJS.ProcessEnv): StartCommand {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: {
        'data-dir': { type: 'string', default: env.PORTICO_DATA_DIR },
        'api-port': { type: 'string', default: env.PORTICO_API_PORT },
        'dynamodb-port': { type: 'string', default: env.PORTICO_DYNAMODB_PORT },
        'cognito-port': { type: 'string', default: env.PORTICO_COGNITO_PORT },
        'ses-port': { type: 'string', default: env.PORTICO_SES_PORT },
        'stepfunctions-port': { type: 'string', default: env.PORTICO_STEPFUNCTIONS_PORT },
        's3-port': { type: 'string', default: env.PORTICO_S3_PORT },
        'review-day-seconds': { type: 'string', default: env.REVIEW_DAY_SECONDS },
        'review-check-seconds': { type: 'string', default: env.REVIEW_CHECK_INTERVAL_SECONDS },
        'job-speedup': { type: 'string', default: env.PORTICO_JOB_SPEEDUP },
        'demo-products': { type: 'string', default: env.PORTICO_DEMO_PRODUCTS },
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) return { kind: 'help', text: START_USAGE };
    const ports: Partial<Record<LocalPort, number>> = {};
    for (const [name, port] of Object.entries(LOCAL_PORTS) as [
      LocalPort,
      (typeof LOCAL_PORTS)[LocalPort],
    ][]) {
      const value = values[`${name}-port`];
      if (value) ports[name] = portOf(value, port.flag);
    }
    const day = values['review-day-seconds'];
    const check = values['review-check-seconds'];
    const speedup = values['job-speedup'];
    const demo = values['demo-products'];
    return {
      kind: 'start',
      settings: {
        ...(values['data-dir'] ? { dataDirectory: values['data-dir'] } : {}),
        ports,
        ...(day ? { reviewDaySeconds: wholeNumber(day, '--review-day-seconds', 1) } : {}),
        ...(check ? { reviewCheckIntervalSeconds: wholeNumber(check, '--review-check-seconds', 1) } : {}),
        ...(speedup ? { jobSpeedup: positiveNumber(speedup, '--job-speedup') } : {}),
        ...(demo ? { demoProducts: wholeNumber(demo, '--demo-products', 0) } : {}),
        json: values.json,
        quiet: values.quiet,
      },
    };
  } catch (error) {
    // parseArgs's own errors (an unknown flag, a flag without its value) carry a code and a plain message.
    if (!(error instanceof UsageError || isParseArgsError(error))) throw error;
    const given =
      error instanceof UsageError &&
      args.some((arg) => arg === error.flag || arg.startsWith(`${error.flag}=`));
    if (error instanceof UsageError && !given) {
      return {
        kind: 'usage-error',
        text: `${error.message} (from ${VARIABLE_OF_FLAG[error.flag]})\n\n${START_USAGE}`,
      };
    }
    return { kind: 'usage-error', text: `${error.message}\n\n${START_USAGE}` };
  }
}
