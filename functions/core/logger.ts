import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * The structured logger every module shares: one JSON object per line on stdout, which CloudWatch Logs
 * Insights reads field by field. Never log codes, passwords or tokens.
 *
 * Why not Powertools' Logger: it added 21 KB and about 7 ms to every function's cold start
 * (`npm run bench -- bundles coldstart`), for the four things used here: levels, Lambda context fields, keys
 * for one invocation, and errors as objects. The field names are Powertools' own, so queries carry over.
 */

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const SEVERITY: Readonly<Record<LogLevel, number>> = {
  DEBUG: 10,
  INFO: 20,
  WARN: 30,
  ERROR: 40,
  SILENT: 100,
};

export type LogAttributes = Readonly<Record<string, unknown>>;

export interface StructuredLoggerOptions {
  readonly serviceName: string;
  /** `LOG_LEVEL`, else Lambda's `AWS_LAMBDA_LOG_LEVEL` (advanced logging controls), else INFO. */
  readonly level?: string;
  /** Where each line goes. @default process.stdout */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** An error as a plain object: name, message, stack, its own fields (`code`, `$metadata` …) and its cause. */
function errorFields(error: Error): Record<string, unknown> {
  return {
    ...Object.fromEntries(Object.entries(error)),
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  };
}

/** JSON.stringify that writes errors as objects, bigints as strings, and `[Circular]` for a cycle. */
export function toLogLine(entry: LogAttributes): string {
  // The objects on the path to the value being written: as written (what `this` is) and as they were.
  const written: unknown[] = [];
  const originals: unknown[] = [];
  return JSON.stringify(entry, function replace(this: unknown, _key, value: unknown) {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value !== 'object' || value === null) return value;
    // `this` is the object holding `value`: drop the ancestors that are not on its path any more.
    while (written.length > 0 && written.at(-1) !== this) {
      written.pop();
      originals.pop();
    }
    if (originals.includes(value)) return '[Circular]';
    const replacement = value instanceof Error ? errorFields(value) : value;
    written.push(replacement);
    originals.push(value);
    return replacement;
  });
}

export class StructuredLogger {
  readonly #serviceName: string;
  readonly #write: (line: string) => void;
  readonly #now: () => Date;
  #level: LogLevel = 'INFO';
  /** Lambda context fields of the invocation in progress. */
  #context: LogAttributes = {};
  /** Keys appended during the invocation in progress; dropped when it ends. */
  #keys: Record<string, unknown> = {};
  #coldStart = true;

  constructor(options: StructuredLoggerOptions) {
    this.#serviceName = options.serviceName;
    this.#write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.#now = options.now ?? (() => new Date());
    const level = options.level?.toUpperCase();
    if (level === undefined || level === '') return;
    if (isLogLevel(level)) this.#level = level;
    else this.warn('unknown log level; logging at INFO', { level: options.level });
  }

  get level(): LogLevel {
    return this.#level;
  }

  setLogLevel(level: LogLevel): void {
    this.#level = level;
  }

  /** Adds keys to every line until the invocation in progress ends. */
  appendKeys(keys: LogAttributes): void {
    Object.assign(this.#keys, keys);
  }

  debug(message: string, attributes?: LogAttributes): void {
    this.#log('DEBUG', message, attributes);
  }

  info(message: string, attributes?: LogAttributes): void {
    this.#log('INFO', message, attributes);
  }

  warn(message: string, attributes?: LogAttributes): void {
    this.#log('WARN', message, attributes);
  }

  error(message: string, attributes?: LogAttributes): void {
    this.#log('ERROR', message, attributes);
  }

  /**
   * Middy middleware: every line of an invocation carries its request id, function and cold start; keys
   * appended during it are dropped when it ends, so one invocation's keys never reach the next.
   */
  injectLambdaContext<TEvent, TResult>(): MiddlewareObj<TEvent, TResult, Error, Context> {
    const end = () => {
      this.#context = {};
      this.#keys = {};
    };
    return {
      before: ({ context }) => {
        end();
        const traceId = process.env._X_AMZN_TRACE_ID?.match(/Root=([^;]+)/)?.[1];
        this.#context = {
          cold_start: this.#coldStart,
          function_name: context.functionName,
          function_memory_size: Number(context.memoryLimitInMB),
          function_arn: context.invokedFunctionArn,
          function_request_id: context.awsRequestId,
          ...(traceId ? { xray_trace_id: traceId } : {}),
        };
        this.#coldStart = false;
      },
      after: end,
      onError: end,
    };
  }

  /**
   * Writes a line that is a record rather than a message for a person, such as a CloudWatch Embedded Metric
   * Format object (functions/core/metrics.ts): at every level but SILENT, since lowering the log level must not
   * make metrics disappear. The record's own fields win over the line's.
   */
  record(message: string, fields: LogAttributes): void {
    if (this.#level === 'SILENT') return;
    this.#write(toLogLine({ ...this.#line('INFO', message), ...fields }));
  }

  /** The fields every line starts with: level, message, time, service and the invocation's context. */
  #line(level: LogLevel, message: string): Record<string, unknown> {
    return {
      level,
      message,
      timestamp: this.#now().toISOString(),
      service: this.#serviceName,
      ...this.#context,
    };
  }

  #log(level: LogLevel, message: string, attributes: LogAttributes = {}): void {
    if (SEVERITY[level] < SEVERITY[this.#level]) return;
    const entry = this.#line(level, message);
    // The line's own fields win over an attribute of the same name.
    for (const [key, value] of Object.entries({ ...this.#keys, ...attributes })) entry[key] ??= value;
    this.#write(toLogLine(entry));
  }
}

export const logger = new StructuredLogger({
  serviceName: 'portico',
  level: process.env.LOG_LEVEL ?? process.env.AWS_LAMBDA_LOG_LEVEL,
});
