import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * The stand-in for one Lambda instance in the memory-sizing probe (bench/support/handler-probe.ts): a plain
 * `node` process (no tsx) that loads one handler bundle built as lib/portico-function.ts builds it, then
 * invokes it with the events the parent sends, one at a time, and reports for each the wall time, the CPU time
 * of this process (process.cpuUsage around the call: the handler, the AWS SDK, JSON, logging) and its memory.
 * This file is itself bundled by esbuild before it runs.
 */

type Message = {
  readonly id: number;
  readonly event: unknown;
  readonly functionName: string;
  /** The function's timeout: middy (and the handlers) budget against getRemainingTimeInMillis. */
  readonly timeoutMs: number;
};

const memory = () => {
  const usage = process.memoryUsage();
  return {
    rssMb: usage.rss / 2 ** 20,
    heapUsedMb: usage.heapUsed / 2 ** 20,
    peakRssMb: peakRssMb(),
  };
};
/**
 * The process's peak RSS (VmHWM). Not resourceUsage().maxRSS: Linux carries that over from the parent across
 * fork and exec, so a small child reports its parent's peak.
 */
function peakRssMb(): number {
  try {
    const kb = /^VmHWM:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function main(): Promise<void> {
  const bundle = process.argv[2];
  if (!bundle) throw new Error('usage: probe-harness <handler bundle>');
  const before = memory();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const module = (await import(pathToFileURL(bundle).href)) as {
    handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
  };
  const init = {
    initMs: performance.now() - started,
    initCpuMs: cpuMs(process.cpuUsage(cpuBefore)),
    baseRssMb: before.rssMb,
    ...memory(),
  };
  process.send?.({ type: 'ready', ...init });

  let queue = Promise.resolve();
  process.on('message', (message: Message) => {
    queue = queue.then(async () => {
      const deadline = Date.now() + message.timeoutMs;
      const context = {
        callbackWaitsForEmptyEventLoop: false,
        functionName: `portico-${message.functionName}`,
        functionVersion: '$LATEST',
        invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:portico-${message.functionName}`,
        memoryLimitInMB: '512',
        awsRequestId: randomUUID(),
        logGroupName: `/aws/lambda/portico-${message.functionName}`,
        logStreamName: 'probe',
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
      };
      const cpu = process.cpuUsage();
      const start = performance.now();
      const { statusCode, body } = await module.handler(message.event, context).catch((error: unknown) => ({
        statusCode: 0,
        body: error instanceof Error ? error.message : String(error),
      }));
      const wallMs = performance.now() - start;
      const used = cpuMs(process.cpuUsage(cpu));
      process.send?.({
        type: 'result',
        id: message.id,
        statusCode,
        body: statusCode >= 200 && statusCode < 300 ? body.slice(0, 2000) : body.slice(0, 500),
        wallMs,
        cpuMs: used,
        ...memory(),
      });
    });
  });
  process.once('disconnect', () => process.exit(0));
}

void main();
