import type { Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { StructuredLogger, toLogLine, type LogLevel } from '../../../functions/core/logger';

const NOW = new Date('2026-11-26T10:00:00.000Z');

function capture(level?: string) {
  const lines: string[] = [];
  const logger = new StructuredLogger({
    serviceName: 'portico',
    level,
    write: (line) => lines.push(line),
    now: () => NOW,
  });
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, entries };
}

function lambdaContext(requestId: string): Context {
  return {
    functionName: 'portico-getAccount',
    memoryLimitInMB: '512',
    invokedFunctionArn: 'arn:aws:lambda:eu-central-1:111111111111:function:portico-getAccount',
    awsRequestId: requestId,
  } as Context;
}

function request(requestId: string): Request<unknown, unknown, Error, Context> {
  return { event: {}, context: lambdaContext(requestId), response: undefined, error: null, internal: {} };
}

describe('StructuredLogger', () => {
  it('writes one JSON line per entry with level, message, time, service and the attributes', () => {
    const { logger, lines, entries } = capture();

    logger.info('scheduled job finished', { job: 'remind-stalled-onboarding', done: 3 });

    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(entries()).toEqual([
      {
        level: 'INFO',
        message: 'scheduled job finished',
        timestamp: '2026-11-26T10:00:00.000Z',
        service: 'portico',
        job: 'remind-stalled-onboarding',
        done: 3,
      },
    ]);
  });

  it.each<[string | undefined, LogLevel[]]>([
    [undefined, ['INFO', 'WARN', 'ERROR']],
    ['debug', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
    ['WARN', ['WARN', 'ERROR']],
    ['ERROR', ['ERROR']],
    ['SILENT', []],
  ])('at level %s writes %j', (level, written) => {
    const { logger, entries } = capture(level);

    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');

    expect(entries().map((entry) => entry.level)).toEqual(written);
  });

  it('says so when the level is unknown, and logs at INFO', () => {
    const { logger, entries } = capture('LOUD');

    logger.debug('hidden');
    logger.info('shown');

    expect(logger.level).toBe('INFO');
    expect(entries().map(({ level, message }) => [level, message])).toEqual([
      ['WARN', 'unknown log level; logging at INFO'],
      ['INFO', 'shown'],
    ]);
  });

  it('writes an error as its name, message, stack, own fields and cause', () => {
    const { logger, entries } = capture();
    const cause = new Error('socket hang up');
    const error = Object.assign(new TypeError('send failed', { cause }), { code: 'ECONNRESET' });

    logger.error('email could not be sent', { error });

    const logged = entries()[0]?.error as Record<string, unknown>;
    expect(logged).toMatchObject({ name: 'TypeError', message: 'send failed', code: 'ECONNRESET' });
    expect(logged.stack).toEqual(expect.stringContaining('TypeError: send failed'));
    expect(logged.cause).toMatchObject({ name: 'Error', message: 'socket hang up' });
  });

  it('keeps its own fields when an attribute has the same name', () => {
    const { logger, entries } = capture();

    logger.warn('the real message', { message: 'spoofed', level: 'DEBUG', requestId: 'r-1' });

    expect(entries()[0]).toMatchObject({ message: 'the real message', level: 'WARN', requestId: 'r-1' });
  });

  it('adds the Lambda context and cold start to the lines of an invocation, and drops appended keys after it', async () => {
    const { logger, entries } = capture();
    const middleware = logger.injectLambdaContext();

    await middleware.before?.(request('request-1'));
    logger.appendKeys({ organizationRequestId: 'orq-1' });
    logger.info('first');
    await middleware.after?.(request('request-1'));
    logger.info('between');
    await middleware.before?.(request('request-2'));
    logger.info('second');
    await middleware.onError?.(request('request-2'));

    const [first, between, second] = entries();
    expect(first).toMatchObject({
      message: 'first',
      cold_start: true,
      function_name: 'portico-getAccount',
      function_memory_size: 512,
      function_request_id: 'request-1',
      organizationRequestId: 'orq-1',
    });
    expect(between).not.toHaveProperty('function_request_id');
    expect(between).not.toHaveProperty('organizationRequestId');
    expect(second).toMatchObject({ message: 'second', cold_start: false, function_request_id: 'request-2' });
    expect(second).not.toHaveProperty('organizationRequestId');
  });
});

describe('toLogLine', () => {
  it('writes a cycle as [Circular] and a repeated, non-circular object in full', () => {
    const shared = { id: 'x' };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;

    expect(JSON.parse(toLogLine({ cyclic }))).toEqual({
      cyclic: { shared: { id: 'x' }, again: { id: 'x' }, self: '[Circular]' },
    });
  });

  it('writes an error that refers to itself once', () => {
    const error = new Error('loop') as Error & { self?: unknown };
    error.self = error;

    expect(JSON.parse(toLogLine({ error }))).toMatchObject({
      error: { message: 'loop', self: '[Circular]' },
    });
  });

  it('writes bigints as strings', () => {
    expect(JSON.parse(toLogLine({ count: 12n }))).toEqual({ count: '12' });
  });
});
