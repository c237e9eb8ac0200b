import '../polyfills';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { readJsonObjectFile, writeFileDurablySync } from '../durable-file';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import type { Context } from 'aws-lambda';
import {
  ExecutionAbortedError,
  ExecutionError,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { allStates, type AslDefinition } from '../review-definition';

/**
 * A small Step Functions endpoint for one machine. It speaks the service's wire protocol (AWS JSON 1.0:
 * `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>`), so the AWS SDK's SFNClient — the one the
 * functions use, found through AWS_ENDPOINT_URL_SFN — talks to it as it would to AWS. Executions run the
 * state machine's definition with aws-local-stepfunctions; every Task state calls a local handler (never AWS).
 *
 * Operations: StartExecution, DescribeExecution, ListExecutions, StopExecution, DescribeStateMachine,
 * ListStateMachines. Errors have AWS's shape (`{"__type": "ExecutionDoesNotExist", "message": …}`, 400).
 *
 * Executions are STANDARD workflows: StartExecution with the name of a running execution and the same input
 * answers that execution; a different input, or a name whose execution has ended, is ExecutionAlreadyExists.
 * Every execution is kept as JSON in `stateFile`. One still RUNNING when the emulator stopped is started again
 * from the beginning with the same input when it starts next — so the tasks must be idempotent, which Step
 * Functions' retries already require.
 */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** A Task state's local implementation: gets the state's effective input (after InputPath and Parameters). */
export type LocalTaskHandler = (input: unknown) => Promise<unknown>;

export interface LocalStateMachine {
  readonly arn: string;
  readonly definition: AslDefinition;
  /** One handler per Task state, by state name; a Task state without one is an error at start-up. */
  readonly taskHandlers: Readonly<Record<string, LocalTaskHandler>>;
}

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  status: ExecutionStatus;
  /** ISO time. */
  readonly startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** How often the local stack started this execution again after a restart (not an AWS field). */
  resumed?: number;
}

export interface ExecutionEvent {
  readonly type: 'started' | 'resumed' | 'finished';
  readonly execution: Readonly<ExecutionRecord>;
}

export interface StepFunctionsEmulatorOptions {
  readonly port: number;
  readonly host?: string;
  /** JSON file keeping every execution across restarts. */
  readonly stateFile: string;
  readonly stateMachines: readonly LocalStateMachine[];
  readonly onExecution?: (event: ExecutionEvent) => void;
}

export interface StepFunctionsEmulator {
  readonly url: string;
  readonly server: Server;
  /** A copy of every execution, newest first. */
  executions(): ExecutionRecord[];
  /** Stops taking requests and interrupts running executions, which stay RUNNING on disk. */
  stop(): Promise<void>;
}

/** An error answered in AWS's JSON 1.0 shape. */
class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/**
 * What Step Functions sees when a Lambda function throws: `Error` is the error's type and `Cause` the JSON of
 * `{errorType, errorMessage}`. A task state's Retry and Catch match on that name, as on AWS.
 */
export class LambdaFunctionError extends Error {
  constructor(error: unknown) {
    const errorType = error instanceof Error ? error.name || 'Error' : 'Error';
    const errorMessage = error instanceof Error ? error.message : String(error);
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * A Task state handler that invokes a Lambda handler module in process (what a `LambdaInvoke` task with
 * `payloadResponseOnly` does): the state's input is the event, the return value (as JSON) the result.
 */
export function lambdaTaskHandler(handler: LambdaHandler, context: () => Context): LocalTaskHandler {
  return async (input) => {
    let result: unknown;
    try {
      result = await handler(input, context());
    } catch (error) {
      throw new LambdaFunctionError(error);
    }
    return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as unknown);
  };
}

/** AWS's rules for execution names: 1 to 80 characters, no whitespace, brackets, wildcards or control characters. */
function isValidExecutionName(name: string): boolean {
  if (name.length < 1 || name.length > 80 || /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name)) return false;
  return [...name].every((character) => {
    const code = character.charCodeAt(0);
    return code > 0x1f && (code < 0x7f || code > 0x9f);
  });
}
const MAX_INPUT_BYTES = 256 * 1024;
/** Node's timers hold at most 2^31-1 ms (~24.8 days); longer execution timeouts are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const epochSeconds = (iso: string) => Date.parse(iso) / 1000;

/** What DescribeExecution and ListExecutions both answer about an execution. */
function executionSummary(record: ExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    ...(record.stopDate ? { stopDate: epochSeconds(record.stopDate) } : {}),
  };
}
const nameOfArn = (arn: string) => arn.split(':').at(-1) ?? arn;

interface PreparedMachine {
  readonly source: LocalStateMachine;
  readonly name: string;
  readonly runnable: StateMachine;
  readonly timeoutSeconds: number | undefined;
  readonly createdAt: string;
}

interface RunningExecution {
  abort(): void;
  readonly timer: { current?: NodeJS.Timeout };
  readonly settled: Promise<void>;
}

function prepare(machine: LocalStateMachine): PreparedMachine {
  const taskStates = allStates(machine.definition).filter(([, state]) => state.Type === 'Task');
  const missing = taskStates.map(([name]) => name).filter((name) => !machine.taskHandlers[name]);
  if (missing.length) {
    // Without a local handler aws-local-stepfunctions would call the real AWS Lambda.
    throw new Error(`${machine.arn}: no local handler for the Task state(s) ${missing.join(', ')}`);
  }
  // The execution timeout is enforced here: the library arms one timer for it, which Node cannot hold for
  // more than ~24.8 days (Portico's review allows 30).
  const { TimeoutSeconds: timeoutSeconds, ...runnable } = machine.definition;
  return {
    source: machine,
    name: nameOfArn(machine.arn),
    runnable: new StateMachine(runnable as StateMachineDefinition),
    timeoutSeconds,
    createdAt: new Date().toISOString(),
  };
}

function loadExecutions(stateFile: string): Map<string, ExecutionRecord> {
  if (!existsSync(stateFile)) return new Map();
  const stored = readJsonObjectFile(stateFile) as { executions?: ExecutionRecord[] };
  return new Map((stored.executions ?? []).map((execution) => [execution.executionArn, execution]));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new ServiceError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ServiceError('SerializationException', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ServiceError('ValidationException', `1 validation error detected: '${field}' must not be null`);
  }
  return value;
}

export async function startStepFunctionsEmulator(
  options: StepFunctionsEmulatorOptions,
): Promise<StepFunctionsEmulator> {
  const machines = new Map(options.stateMachines.map((machine) => [machine.arn, prepare(machine)]));
  const executions = loadExecutions(options.stateFile);
  const running = new Map<string, RunningExecution>();

  mkdirSync(dirname(options.stateFile), { recursive: true });
  const save = () => {
    writeFileDurablySync(
      options.stateFile,
      `${JSON.stringify({ executions: [...executions.values()] }, null, 2)}\n`,
    );
  };

  const finish = (
    record: ExecutionRecord,
    outcome: Partial<ExecutionRecord> & { status: ExecutionStatus },
  ) => {
    // An execution ends once (a StopExecution may race with the last state).
    if (record.status !== 'RUNNING') return;
    Object.assign(record, outcome, { stopDate: new Date().toISOString() });
    running.delete(record.executionArn);
    save();
    options.onExecution?.({ type: 'finished', execution: { ...record } });
  };

  function run(record: ExecutionRecord): void {
    const machine = machines.get(record.stateMachineArn);
    if (!machine) {
      finish(record, {
        status: 'FAILED',
        error: 'States.Runtime',
        cause: `The state machine ${record.stateMachineArn} no longer exists on this machine.`,
      });
      return;
    }
    const execution = machine.runnable.run(JSON.parse(record.input) as never, {
      overrides: { taskResourceLocalHandlers: machine.source.taskHandlers as never },
      context: {
        Execution: { Id: record.executionArn, Name: record.name },
        StateMachine: { Id: machine.source.arn, Name: machine.name },
      },
    });
    // The library queues every event until someone reads them; read them so a long review does not pile up.
    void (async () => {
      for await (const _event of execution.eventLogs) {
        // drained
      }
    })();

    const timer: RunningExecution['timer'] = {};
    let timedOut = false;
    if (machine.timeoutSeconds !== undefined) {
      const deadline = Date.parse(record.startDate) + machine.timeoutSeconds * 1000;
      const arm = () => {
        const left = deadline - Date.now();
        if (left > MAX_TIMER_MS) timer.current = setTimeout(arm, MAX_TIMER_MS);
        else
          timer.current = setTimeout(
            () => {
              timedOut = true;
              execution.abort();
            },
            Math.max(0, left),
          );
      };
      arm();
    }

    const settled = execution.result.then(
      (output) => finish(record, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) }),
      (error: unknown) => {
        if (timedOut) {
          finish(record, { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution timed out.' });
        } else if (error instanceof ExecutionAbortedError) {
          // Stopped by StopExecution (already recorded) or by the emulator stopping (stays RUNNING).
          running.delete(record.executionArn);
        } else {
          const failure =
            error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
          finish(record, {
            status: 'FAILED',
            error: failure instanceof Error ? failure.name : 'States.Runtime',
            cause: failure instanceof Error ? failure.message : String(failure),
          });
        }
      },
    );
    void settled.finally(() => clearTimeout(timer.current));
    running.set(record.executionArn, { abort: execution.abort, timer, settled });
  }

  const machineOf = (arn: string): PreparedMachine => {
    const machine = machines.get(arn);
    if (!machine)
      throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  };
  const executionOf = (arn: string): ExecutionRecord => {
    const record = executions.get(arn);
    if (!record) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  };

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    StartExecution(body) {
      const machine = machineOf(requiredString(body, 'stateMachineArn'));
      const name = body.name === undefined ? randomUUID() : String(body.name);
      if (!isValidExecutionName(name)) throw new ServiceError('InvalidName', `Invalid Name: '${name}'`);
      const input = body.input === undefined ? '{}' : String(body.input);
      if (Buffer.byteLength(input) > MAX_INPUT_BYTES) {
        throw new ServiceError('InvalidExecutionInput', 'The input is larger than 256 KB.');
      }
      try {
        JSON.parse(input);
      } catch {
        throw new ServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${input}'`);
      }
      const executionArn = `${machine.source.arn.replace(':stateMachine:', ':execution:')}:${name}`;
      const existing = executions.get(executionArn);
      if (existing) {
        if (existing.status === 'RUNNING' && existing.input === input) {
          return { executionArn, startDate: epochSeconds(existing.startDate) };
        }
        throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
      }
      const record: ExecutionRecord = {
        executionArn,
        stateMachineArn: machine.source.arn,
        name,
        input,
        status: 'RUNNING',
        startDate: new Date().toISOString(),
      };
      executions.set(executionArn, record);
      save();
      options.onExecution?.({ type: 'started', execution: { ...record } });
      run(record);
      return { executionArn, startDate: epochSeconds(record.startDate) };
    },

    DescribeExecution(body) {
      const record = executionOf(requiredString(body, 'executionArn'));
      return {
        ...executionSummary(record),
        input: record.input,
        inputDetails: { included: true },
        ...(record.output !== undefined ? { output: record.output, outputDetails: { included: true } } : {}),
        ...(record.error !== undefined ? { error: record.error } : {}),
        ...(record.cause !== undefined ? { cause: record.cause } : {}),
      };
    },

    ListExecutions(body) {
      const machine = machineOf(requiredString(body, 'stateMachineArn'));
      const maxResults = Math.min(Math.max(Number(body.maxResults ?? 100) || 100, 1), 1000);
      const offset = body.nextToken ? Number(Buffer.from(String(body.nextToken), 'base64url').toString()) : 0;
      if (!Number.isInteger(offset) || offset < 0) throw new ServiceError('InvalidToken', 'Invalid Token');
      const matching = sortedExecutions().filter(
        (record) =>
          record.stateMachineArn === machine.source.arn &&
          (body.statusFilter === undefined || record.status === body.statusFilter),
      );
      const page = matching.slice(offset, offset + maxResults);
      const next = offset + page.length;
      return {
        executions: page.map(executionSummary),
        ...(next < matching.length ? { nextToken: Buffer.from(String(next)).toString('base64url') } : {}),
      };
    },

    StopExecution(body) {
      const record = executionOf(requiredString(body, 'executionArn'));
      if (record.status === 'RUNNING') {
        const execution = running.get(record.executionArn);
        finish(record, {
          status: 'ABORTED',
          ...(body.error !== undefined ? { error: String(body.error) } : {}),
          ...(body.cause !== undefined ? { cause: String(body.cause) } : {}),
        });
        execution?.abort();
      }
      return { stopDate: epochSeconds(record.stopDate ?? new Date().toISOString()) };
    },

    DescribeStateMachine(body) {
      const machine = machineOf(requiredString(body, 'stateMachineArn'));
      return {
        stateMachineArn: machine.source.arn,
        name: machine.name,
        status: 'ACTIVE',
        definition: JSON.stringify(machine.source.definition),
        roleArn: `arn:aws:iam::000000000000:role/${machine.name}-role`,
        type: 'STANDARD',
        creationDate: epochSeconds(machine.createdAt),
      };
    },

    ListStateMachines() {
      return {
        stateMachines: [...machines.values()].map((machine) => ({
          stateMachineArn: machine.source.arn,
          name: machine.name,
          type: 'STANDARD',
          creationDate: epochSeconds(machine.createdAt),
        })),
      };
    },
  };

  function sortedExecutions(): ExecutionRecord[] {
    return [...executions.values()].sort((a, b) => b.startDate.localeCompare(a.startDate));
  }

  const reply = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, {
      'Content-Type': 'application/x-amz-json-1.0',
      'x-amzn-RequestId': randomUUID(),
    });
    response.end(JSON.stringify(body));
  };

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || (request.url ?? '/').split('?')[0] !== '/') {
      throw new ServiceError('UnknownOperationException', 'Send operations as POST / (AWS JSON 1.0).', 404);
    }
    const target = String(request.headers['x-amz-target'] ?? '');
    const [prefix, operationName = ''] = target.split('.');
    const operation = prefix === 'AWSStepFunctions' ? operations[operationName] : undefined;
    if (!operation) throw new ServiceError('UnknownOperationException', `Unknown operation ${target}`);
    const body = await readJson(request);
    reply(response, 200, operation(body));
  }

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (error instanceof ServiceError) {
        reply(response, error.status, { __type: error.type, message: error.message });
      } else {
        reply(response, 500, {
          __type: 'InternalFailure',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  // Executions that were running when the emulator stopped start again, from the beginning.
  for (const record of executions.values()) {
    if (record.status !== 'RUNNING') continue;
    record.resumed = (record.resumed ?? 0) + 1;
    options.onExecution?.({ type: 'resumed', execution: { ...record } });
    run(record);
  }
  save();

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    executions: () => sortedExecutions().map((record) => ({ ...record })),
    async stop() {
      const interrupted = [...running.values()];
      for (const execution of interrupted) {
        clearTimeout(execution.timer.current);
        execution.abort();
      }
      await Promise.all(interrupted.map((execution) => execution.settled));
      await new Promise((done) => server.close(done));
    },
  };
}
