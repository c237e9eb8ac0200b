import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCognitoTriggers } from '../../../local/emulators/cognito-local';
import { startLambdaInvoke, type LambdaInvokeServer } from '../../../local/lambda-invoke';

// The clients cognito-local invokes its triggers with: the aws-sdk v2 Lambda client, behind its LambdaService.
const require = createRequire(import.meta.url);
interface InvokeOutput {
  StatusCode?: number;
  FunctionError?: string;
  Payload?: Buffer | string;
}
const AWS = require('aws-sdk') as {
  Lambda: new (config: object) => {
    invoke(params: object): { promise(): Promise<InvokeOutput> };
  };
};
const { LambdaService } = require('cognito-local/lib/services/lambda') as {
  LambdaService: new (
    config: Record<string, string>,
    client: unknown,
  ) => { invoke(ctx: object, trigger: string, event: object): Promise<unknown> };
};

let endpoint: LambdaInvokeServer;
let lambda: InstanceType<typeof AWS.Lambda>;
const silent = { logger: { debug: () => undefined, error: () => undefined } };

beforeAll(async () => {
  endpoint = await startLambdaInvoke({
    functions: {
      'portico-echo': {
        timeoutSeconds: 3,
        load: () =>
          Promise.resolve(async (event, context) => ({
            ...(event as object),
            response: { claimsOverrideDetails: { claimsToAddOrOverride: { by: context.functionName } } },
          })),
      },
      'portico-broken': {
        timeoutSeconds: 3,
        load: () =>
          Promise.resolve(() => Promise.reject(new TypeError('Cannot read properties of undefined'))),
      },
      'portico-stuck': {
        timeoutSeconds: 0.05,
        load: () => Promise.resolve(() => new Promise(() => undefined)),
      },
    },
  });
  lambda = new AWS.Lambda({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  await endpoint?.stop();
});

const invoke = (name: string, payload: object) =>
  lambda
    .invoke({ FunctionName: name, InvocationType: 'RequestResponse', Payload: JSON.stringify(payload) })
    .promise();

describe('the local Lambda Invoke endpoint', () => {
  it("answers the handler's result with status 200, the handler given a Lambda context of its name", async () => {
    const result = await invoke('portico-echo', { a: 1 });

    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBeUndefined();
    expect(JSON.parse(String(result.Payload))).toEqual({
      a: 1,
      response: { claimsOverrideDetails: { claimsToAddOrOverride: { by: 'portico-echo' } } },
    });
  });

  it('answers a handler that throws as Lambda does: 200, X-Amz-Function-Error Unhandled, the error', async () => {
    const result = await invoke('portico-broken', {});

    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBe('Unhandled');
    expect(JSON.parse(String(result.Payload))).toEqual({
      errorMessage: 'Cannot read properties of undefined',
      errorType: 'TypeError',
    });
  });

  it('ends an invocation that outlasts the timeout as an Unhandled error', async () => {
    const result = await invoke('portico-stuck', {});

    expect(result.FunctionError).toBe('Unhandled');
    expect(JSON.parse(String(result.Payload))).toEqual({
      errorMessage: 'Task timed out after 0.05 seconds',
      errorType: 'Sandbox.Timedout',
    });
  });

  it('refuses an unknown function with ResourceNotFoundException', async () => {
    await expect(invoke('portico-nothing', {})).rejects.toMatchObject({
      code: 'ResourceNotFoundException',
      statusCode: 404,
    });
  });

  it("is what cognito-local's LambdaService invokes a trigger at: it gets the response back", async () => {
    const service = new LambdaService({ PreTokenGeneration: 'portico-echo' }, lambda);

    const response = await service.invoke(silent, 'PreTokenGeneration', {
      triggerSource: 'TokenGeneration_Authentication',
      userAttributes: { sub: 'user-1' },
      username: 'user-1',
      userPoolId: 'local_pool',
      clientId: 'client',
    });

    expect(response).toEqual({ claimsOverrideDetails: { claimsToAddOrOverride: { by: 'portico-echo' } } });
  });

  it('makes cognito-local fail the sign-in when the trigger fails (why the real trigger never throws)', async () => {
    const service = new LambdaService({ PreTokenGeneration: 'portico-broken' }, lambda);

    await expect(
      service.invoke(silent, 'PreTokenGeneration', { triggerSource: 'TokenGeneration_Authentication' }),
    ).rejects.toThrow(/portico-broken failed with error Cannot read properties of undefined/);
  });
});

describe("writeCognitoTriggers (cognito-local's .cognito/config.json)", () => {
  const folder = mkdtempSync(join(tmpdir(), 'portico-cognito-config-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const file = join(folder, '.cognito', 'config.json');
  const triggers = {
    functions: { PreTokenGeneration: 'portico-pre-token-generation' },
    endpoint: 'http://127.0.0.1:41234',
    region: 'us-east-1',
  };

  it('creates the file with the triggers and the Lambda client', () => {
    writeCognitoTriggers(folder, triggers);

    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      TriggerFunctions: { PreTokenGeneration: 'portico-pre-token-generation' },
      LambdaClient: {
        endpoint: 'http://127.0.0.1:41234',
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      },
    });
  });

  it('keeps what else the file holds and replaces the endpoint of the last start', () => {
    mkdirSync(join(folder, '.cognito'), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        UserPoolDefaults: { UsernameAttributes: ['email'] },
        TriggerFunctions: { CustomMessage: 'portico-custom-message' },
        LambdaClient: { endpoint: 'http://127.0.0.1:1', maxRetries: 0 },
      }),
    );

    writeCognitoTriggers(folder, triggers);

    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      UserPoolDefaults: { UsernameAttributes: ['email'] },
      TriggerFunctions: {
        CustomMessage: 'portico-custom-message',
        PreTokenGeneration: 'portico-pre-token-generation',
      },
      LambdaClient: {
        endpoint: 'http://127.0.0.1:41234',
        maxRetries: 0,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      },
    });
  });
});
