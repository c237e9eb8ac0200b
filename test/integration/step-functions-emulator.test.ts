import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidName,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  type DescribeExecutionOutput,
} from '@aws-sdk/client-sfn';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  lambdaTaskHandler,
  startStepFunctionsEmulator,
  type StepFunctionsEmulator,
} from '../../local/emulators/step-functions';
import { lambdaContext } from '../../local/lambda-context';
import type { AslDefinition } from '../../local/review-definition';

/**
 * The local Step Functions endpoint, driven through the AWS SDK's SFNClient as the functions drive it, with a
 * small definition (Task → Choice → Wait | Fail | Succeed) whose task runs in process.
 */

const MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:it-machine';
const DEFINITION: AslDefinition = {
  StartAt: 'Work',
  // Longer than a Node timer can hold (~24.8 days): the emulator enforces it, not the library.
  TimeoutSeconds: 30 * 24 * 3600,
  States: {
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:Work',
      Parameters: { 'mode.$': '$.mode' },
      ResultPath: '$.work',
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.work.outcome', StringEquals: 'give-up', Next: 'GiveUp' },
        { Variable: '$.work.outcome', StringEquals: 'wait', Next: 'Pause' },
      ],
      Default: 'Done',
    },
    Pause: { Type: 'Wait', SecondsPath: '$.work.seconds', Next: 'Done' },
    Done: { Type: 'Succeed' },
    GiveUp: { Type: 'Fail', Error: 'GaveUp', Cause: 'the task said to give up' },
  },
};

const directory = mkdtempSync(join(tmpdir(), 'portico-sfn-'));
let files = 0;
const freshStateFile = () => join(directory, `executions-${(files += 1)}.json`);
let emulator: StepFunctionsEmulator | undefined;

/** An emulator keeping its executions in `stateFile`, whose task asks the Wait state for `waitSeconds`. */
async function startEmulator(
  options: { stateFile?: string; waitSeconds?: number; taskCalls?: unknown[] } = {},
): Promise<{ emulator: StepFunctionsEmulator; sfn: SFNClient }> {
  emulator = await startStepFunctionsEmulator({
    port: 0,
    stateFile: options.stateFile ?? freshStateFile(),
    stateMachines: [
      {
        arn: MACHINE_ARN,
        definition: DEFINITION,
        taskHandlers: {
          Work: lambdaTaskHandler(
            async (event) => {
              options.taskCalls?.push(event);
              const { mode } = event as { mode: string };
              if (mode === 'throw') throw new TypeError('the task broke');
              return { outcome: mode, seconds: options.waitSeconds ?? 1 };
            },
            () => lambdaContext({ name: 'work', timeoutSeconds: 10 }),
          ),
        },
      },
    ],
  });
  const sfn = new SFNClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return { emulator, sfn };
}

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function finished(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionOutput> {
  for (let tries = 0; tries < 100; tries += 1) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') return execution;
    await sleep(100);
  }
  throw new Error(`${executionArn} is still running`);
}

const start = (sfn: SFNClient, name: string, input: unknown, stateMachineArn = MACHINE_ARN) =>
  sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));

describe('the local Step Functions endpoint', () => {
  it('starts an execution once per name: same input answers it, other input is ExecutionAlreadyExists', async () => {
    const { sfn } = await startEmulator();
    const first = await start(sfn, 'req-1', { mode: 'wait' });
    expect(first.executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:it-machine:req-1');
    expect(first.startDate).toBeInstanceOf(Date);

    const again = await start(sfn, 'req-1', { mode: 'wait' });
    expect(again).toMatchObject({ executionArn: first.executionArn, startDate: first.startDate });
    await expect(start(sfn, 'req-1', { mode: 'other' })).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    const done = await finished(sfn, first.executionArn ?? '');
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      name: 'req-1',
      stateMachineArn: MACHINE_ARN,
      input: JSON.stringify({ mode: 'wait' }),
    });
    expect(JSON.parse(done.output ?? '')).toEqual({ mode: 'wait', work: { outcome: 'wait', seconds: 1 } });
    expect(done.stopDate!.getTime() - done.startDate!.getTime()).toBeGreaterThanOrEqual(900);
    // Like STANDARD workflows on AWS: an ended execution's name cannot be started again.
    await expect(start(sfn, 'req-1', { mode: 'wait' })).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it("answers AWS's errors for unknown state machines and executions, and bad names", async () => {
    const { sfn } = await startEmulator();
    await expect(
      start(sfn, 'x', {}, 'arn:aws:states:us-east-1:000000000000:stateMachine:nope'),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(
      sfn.send(
        new DescribeExecutionCommand({
          executionArn: `${MACHINE_ARN}:nothing`.replace('stateMachine', 'execution'),
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(start(sfn, 'has space', {})).rejects.toBeInstanceOf(InvalidName);
  });

  it('fails an execution that reaches a Fail state, or whose task throws, with error and cause', async () => {
    const { sfn } = await startEmulator();
    const gaveUp = await finished(sfn, (await start(sfn, 'give-up', { mode: 'give-up' })).executionArn ?? '');
    expect(gaveUp).toMatchObject({ status: 'FAILED', error: 'GaveUp', cause: 'the task said to give up' });
    expect(gaveUp.output).toBeUndefined();

    const broke = await finished(sfn, (await start(sfn, 'broke', { mode: 'throw' })).executionArn ?? '');
    expect(broke).toMatchObject({ status: 'FAILED', error: 'TypeError' });
    expect(JSON.parse(broke.cause ?? '')).toEqual({ errorType: 'TypeError', errorMessage: 'the task broke' });
  });

  it('keeps executions on disk and resumes a running one after a restart', async () => {
    const stateFile = freshStateFile();
    const taskCalls: unknown[] = [];
    let { sfn } = await startEmulator({ stateFile, waitSeconds: 60, taskCalls });
    const quick = await start(sfn, 'quick', { mode: 'done' });
    await finished(sfn, quick.executionArn ?? '');
    const { executionArn = '' } = await start(sfn, 'long', { mode: 'wait' });
    await sleep(200);
    await emulator?.stop();
    const stored = JSON.parse(readFileSync(stateFile, 'utf8')) as {
      executions: { name: string; status: string }[];
    };
    expect(stored.executions.map(({ name, status }) => [name, status]).sort()).toEqual([
      ['long', 'RUNNING'],
      ['quick', 'SUCCEEDED'],
    ]);

    // Started again from the beginning: the task runs a second time (tasks are idempotent), then the wait.
    ({ sfn } = await startEmulator({ stateFile, waitSeconds: 0, taskCalls }));
    const resumed = await finished(sfn, executionArn);
    expect(resumed.status).toBe('SUCCEEDED');
    expect(taskCalls).toEqual([{ mode: 'done' }, { mode: 'wait' }, { mode: 'wait' }]);

    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: MACHINE_ARN }));
    expect(listed.executions?.map((execution) => [execution.name, execution.status])).toEqual([
      ['long', 'SUCCEEDED'],
      ['quick', 'SUCCEEDED'],
    ]);
    const failed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: MACHINE_ARN, statusFilter: 'FAILED' }),
    );
    expect(failed.executions).toEqual([]);
  });

  it('refuses a definition with a Task state that has no local handler (it would call AWS)', async () => {
    await expect(
      startStepFunctionsEmulator({
        port: 0,
        stateFile: join(directory, 'refused.json'),
        stateMachines: [{ arn: MACHINE_ARN, definition: DEFINITION, taskHandlers: {} }],
      }),
    ).rejects.toThrow(/no local handler for the Task state\(s\) Work/);
    expect(existsSync(join(directory, 'refused.json'))).toBe(false);
  });
});
