import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Node's own errors for a command line that does not fit its flags (an unknown flag, a missing value, …). */
export function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

/**
 * The flags of a local command (`npm run import`, `npm run local:reset`): a command line that does not fit
 * prints what is wrong and the usage, and exits 2, instead of a Node stack trace.
 */
export function flagsOrUsage<T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    console.error(`${error.message}\n\n${usage}`);
    process.exit(2);
  }
}
