import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { PRE_TOKEN_GENERATION_TIMEOUT_SECONDS } from '../functions/auth/token-claims';
import type { FunctionEnvironment } from '../functions/core/config';
import { asBusyPort, LOCAL_PORTS, type LocalPort, refuseBusyPorts } from './busy-ports';
import { asRefusal, checkDataFolder, DATA_FOLDER_LAYOUT, LocalDataRefusedError } from './data-folder';
import { startCognitoLocal } from './emulators/cognito-local';
import { startDurableDynamoDbProxy } from './emulators/dynamodb-durable-proxy';
import { startDynamoDbLocal } from './emulators/dynamodb-local';
import type { ExecutionEvent } from './emulators/step-functions';
import { freePort } from './emulators/wait-for-port';
import { lambdaContext } from './lambda-context';
import { type InvokedHandler, startLambdaInvoke } from './lambda-invoke';
import {
  DEFAULT_DATA_DIRECTORY,
  loadState,
  PROJECT_ROOT,
  saveState,
  type OperatorCredentials,
} from './local-state';
import { loadWorkflowDefinitions } from './review-definition';
import type { JobRun } from './scheduler';
import type { WebBuildOutcome } from './web-client';

/**
 * The modules a start needs once its emulators are up: the AWS SDK, the route table with every route module,
 * the emulators that run in this process, the bootstrap and the seed. Importing them costs about 2 s of CPU
 * (tsx transforming and Node evaluating them), so a start imports them while DynamoDB Local's JVM and
 * cognito-local, separate processes, start on the other core (docs/performance.md, "Stack start"); only light
 * modules are imported statically above.
 */
async function stackModules() {
  const [
    { API_REFERENCE_PATH },
    { DynamoDBClient },
    { createCognitoClient, createDynamoDocumentClient },
    { DynamoOrganizationDirectory },
    { DynamoPortalInventoryWriter },
    { dayOf },
    { RECONCILE_IDENTITIES_EVENT, RECONCILE_IDENTITIES_SCHEDULE },
    { SCHEDULED_JOBS },
    { routeList },
    { startApiServer },
    { cognitoAuthorizer },
    bootstrap,
    { startS3Local },
    { startSesLocal },
    { startStepFunctionsEmulator },
    { LOCAL_EXPORT_STATE_MACHINE_ARN, localExportStateMachine },
    { LOCAL_REVIEW_STATE_MACHINE_ARN, localReviewStateMachine },
    { startScheduler },
    { DEFAULT_DEMO_PRODUCTS, seedDemoData, seedDemoInventory },
    { localWebClient },
  ] = await Promise.all([
    import('./api-reference'),
    import('@aws-sdk/client-dynamodb'),
    import('../functions/core/adapters/aws-clients'),
    import('../functions/core/adapters/dynamodb/organization.directory'),
    import('../functions/core/adapters/dynamodb/portal-inventory.writer'),
    import('../functions/core/domain/portal'),
    import('../functions/jobs/identity-reconciliation'),
    import('../functions/jobs/scheduled-jobs'),
    import('../functions/routes'),
    import('./api-server'),
    import('./authorizer'),
    import('./bootstrap'),
    import('./emulators/s3-local'),
    import('./emulators/ses-local'),
    import('./emulators/step-functions'),
    import('./export-workflow'),
    import('./review-workflow'),
    import('./scheduler'),
    import('./seed'),
    import('./web-client'),
  ]);
  return {
    API_REFERENCE_PATH,
    DynamoDBClient,
    createCognitoClient,
    createDynamoDocumentClient,
    DynamoOrganizationDirectory,
    DynamoPortalInventoryWriter,
    dayOf,
    RECONCILE_IDENTITIES_EVENT,
    RECONCILE_IDENTITIES_SCHEDULE,
    SCHEDULED_JOBS,
    routeList,
    startApiServer,
    cognitoAuthorizer,
    ...bootstrap,
    startS3Local,
    startSesLocal,
    startStepFunctionsEmulator,
    LOCAL_EXPORT_STATE_MACHINE_ARN,
    localExportStateMachine,
    LOCAL_REVIEW_STATE_MACHINE_ARN,
    localReviewStateMachine,
    startScheduler,
    DEFAULT_DEMO_PRODUCTS,
    seedDemoData,
    seedDemoInventory,
    localWebClient,
  };
}

export { DEFAULT_DATA_DIRECTORY, PROJECT_ROOT } from './local-state';
export const LOCAL_TABLE_NAME = 'portico-local';
/** The bucket background exports are written to (s3rver, under the data folder's s3/). */
export const LOCAL_EXPORT_BUCKET = 'portico-exports-local';
const LOCAL_REGION = 'us-east-1';

/**
 * Local pace of the organization review: a review day lasts a minute (a 2-business-day review takes two
 * minutes), operators' decisions are picked up within 5 seconds, and people who stop half way through
 * onboarding are reminded after 10 minutes.
 */
export const LOCAL_REVIEW_DEFAULTS = {
  reviewDaySeconds: 60,
  reviewCheckIntervalSeconds: 5,
  reminderAfterSeconds: 600,
} as const;

/** The user pool's pre-token-generation trigger (lib/identity.ts), as cognito-local invokes it. */
export const LOCAL_PRE_TOKEN_GENERATION_FUNCTION = 'portico-pre-token-generation';

/** The scheduled jobs' timeout on AWS (lib/schedules.ts); their budget counts down from it. */
const JOBS_FUNCTION_TIMEOUT_SECONDS = 300;

export interface LocalStackOptions {
  /** Where DynamoDB Local, cognito-local and the Step Functions emulator keep their data; `local/.data` by default (git-ignored). */
  readonly dataDirectory?: string;
  /** 0 picks a free port. */
  readonly ports?: Partial<Record<LocalPort, number>>;
  /** REVIEW_DAY_SECONDS of the functions; else that variable, else 60. */
  readonly reviewDaySeconds?: number;
  /** REVIEW_CHECK_INTERVAL_SECONDS of the functions; else that variable, else 5. */
  readonly reviewCheckIntervalSeconds?: number;
  /** REMINDER_AFTER_SECONDS of the functions; else that variable, else 600. */
  readonly reminderAfterSeconds?: number;
  /**
   * How many times faster than on AWS the scheduled jobs run. Default: as much faster as the review day is
   * shorter (86400 / review day seconds: 1440 with the default day, so most jobs run every 5 s and the daily
   * one every minute).
   */
  readonly jobSpeedup?: number;
  /** Products of org-acme's generated demo inventory (3,000 by default; 0: no inventory). */
  readonly demoProducts?: number;
  readonly onRequest?: (entry: { method: string; path: string; status: number; ms: number }) => void;
  /** Review executions starting, resuming after a restart, and ending. */
  readonly onReview?: (event: ExecutionEvent) => void;
  /** Every run of a scheduled job (failures are also written to stderr). */
  readonly onJob?: (run: JobRun) => void;
  /**
   * Build web/dist (when web/ changed) before serving, as `npm start` does; else it is built on the first page
   * request, so stacks that never serve a page (most tests') never build it. @default false
   */
  readonly buildWebClient?: boolean;
}

export interface LocalStack {
  readonly apiUrl: string;
  /** The interactive API reference of the live OpenAPI document (local/api-reference.ts). */
  readonly apiReferenceUrl: string;
  /** The web client, on the API's origin (local/web-client.ts), and how its build went at start. */
  readonly webClient: {
    readonly url: string;
    readonly build: WebBuildOutcome | 'on-first-request';
    readonly buildMs: number;
  };
  readonly mailboxUrl: string;
  readonly dynamodbEndpoint: string;
  readonly cognitoEndpoint: string;
  readonly stepFunctionsEndpoint: string;
  /** s3rver, holding the export files. */
  readonly s3Endpoint: string;
  readonly exportBucket: string;
  readonly exportStateMachineArn: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly tableName: string;
  readonly region: string;
  readonly reviewStateMachineArn: string;
  /** The seeded support operator (member of the operators' group). */
  readonly operator: OperatorCredentials;
  readonly review: {
    readonly daySeconds: number;
    readonly checkIntervalSeconds: number;
    /** How long synthesizing the CDK app for the state machine definition took. */
    readonly definitionMs: number;
  };
  /** Seconds between two runs of each scheduled job. */
  readonly jobIntervalsSeconds: Readonly<Record<string, number>>;
  readonly seededOrganizations: number;
  /** Demo products created by this start (0 when they were all there already). */
  readonly seededProducts: number;
  stop(): Promise<void>;
}

async function portFor(value: number | undefined, fallback: number): Promise<number> {
  if (value === 0) return freePort();
  return value ?? fallback;
}

/** An option, else the environment variable, else the local default; a positive whole number. */
function setting(option: number | undefined, variable: string, fallback: number): number {
  const value = option ?? (process.env[variable] === undefined ? fallback : Number(process.env[variable]));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${variable} must be a positive whole number`);
  return value;
}

/**
 * Promise.all that waits for every promise to settle before it rejects, so that a start that fails stops
 * everything that did start (each `started` promise has recorded its process or server by then).
 */
async function settledInOrder<T extends readonly unknown[]>(promises: {
  readonly [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

/**
 * Brings the whole system up on one machine: DynamoDB Local, cognito-local, aws-ses-v2-local and the Step
 * Functions emulator running the review state machine synthesized from lib/; the table, user pool and operator
 * (created when missing); the demo organizations; the route table served on HTTP; and the scheduled jobs.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDirectory = resolve(options.dataDirectory ?? DEFAULT_DATA_DIRECTORY);
  mkdirSync(dataDirectory, { recursive: true });
  // Before anything starts: an unreadable file stops the start (LocalDataRefusedError) and changes nothing.
  checkDataFolder(dataDirectory);
  const state = loadState(dataDirectory);
  const ports = {
    api: await portFor(options.ports?.api, LOCAL_PORTS.api.defaultPort),
    dynamodb: await portFor(options.ports?.dynamodb, LOCAL_PORTS.dynamodb.defaultPort),
    cognito: await portFor(options.ports?.cognito, LOCAL_PORTS.cognito.defaultPort),
    ses: await portFor(options.ports?.ses, LOCAL_PORTS.ses.defaultPort),
    // 0 is passed on: the emulator listens on a port the OS picks, so no other process can take it first.
    stepfunctions: options.ports?.stepfunctions ?? LOCAL_PORTS.stepfunctions.defaultPort,
    s3: await portFor(options.ports?.s3, LOCAL_PORTS.s3.defaultPort),
  };
  // Before anything starts: a taken port (a Portico already running) stops the start and leaves nothing behind.
  await refuseBusyPorts(ports);
  const endpoints = {
    dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
    cognito: `http://127.0.0.1:${ports.cognito}`,
    ses: `http://127.0.0.1:${ports.ses}`,
    s3: `http://127.0.0.1:${ports.s3}`,
  };
  const review = {
    daySeconds: setting(
      options.reviewDaySeconds,
      'REVIEW_DAY_SECONDS',
      LOCAL_REVIEW_DEFAULTS.reviewDaySeconds,
    ),
    checkIntervalSeconds: setting(
      options.reviewCheckIntervalSeconds,
      'REVIEW_CHECK_INTERVAL_SECONDS',
      LOCAL_REVIEW_DEFAULTS.reviewCheckIntervalSeconds,
    ),
    reminderAfterSeconds: setting(
      options.reminderAfterSeconds,
      'REMINDER_AFTER_SECONDS',
      LOCAL_REVIEW_DEFAULTS.reminderAfterSeconds,
    ),
  };
  const jobSpeedup = options.jobSpeedup ?? Math.max(1, 86_400 / review.daySeconds);

  // The handlers and the bootstrap below find the emulators through the SDK's own endpoint variables.
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  // Before any handler module (and the logger, which reads its level once) is loaded.
  process.env.LOG_LEVEL ??= 'WARN';
  // No CloudWatch reads the local console: the functions' EMF metric lines would only be noise.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

  // Synthesizing the CDK app takes about a second; it runs while the emulators start.
  const workflowDefinitions = loadWorkflowDefinitions();
  workflowDefinitions.catch(() => undefined);

  const children: ChildProcess[] = [];
  const servers: Server[] = [];
  const stoppers: (() => Promise<void>)[] = [];
  const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
  // However this process ends short of a stop (an uncaught error, process.exit), DynamoDB Local and cognito-local
  // end with it instead of holding their ports for the next start. Only SIGKILL of this process skips it.
  const killChildren = () => children.filter(running).forEach((child) => child.kill('SIGKILL'));
  process.once('exit', killChildren);
  const stop = async () => {
    // Jobs and review executions first (they call the emulators), then the servers and the emulators. A step
    // that fails does not keep the rest from stopping: its error is thrown once everything has stopped.
    const failures: unknown[] = [];
    for (const stopOne of [...stoppers].reverse())
      await stopOne().catch((error: unknown) => failures.push(error));
    stoppers.length = 0;
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (!running(child)) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      ),
    );
    process.off('exit', killChildren);
    if (failures.length > 0) throw failures[0];
  };

  let setFunctionEnvironment = () => {};
  const functionEnvironmentSet = new Promise<void>((resolve) => (setFunctionEnvironment = resolve));

  // Whatever has started is stopped again when the start fails (a failed start ends like a stop).
  const starting: Promise<unknown>[] = [];
  const started = <T>(promise: Promise<T>, keep: (value: T) => void): Promise<T> => {
    const kept = promise.then((value) => (keep(value), value));
    starting.push(kept.catch(() => undefined));
    return kept;
  };

  try {
    // The emulators in their own processes first, so that they start while this process imports the rest.
    // DynamoDB Local listens on a port of its own; the stack's DynamoDB port is a proxy that makes each answered
    // transaction durable before answering it (dynamodb-durable-proxy.ts; local only, as AWS needs none).
    const dynamodbLocalPort = await freePort();
    const dynamodbLocal = started(
      startDynamoDbLocal({ port: dynamodbLocalPort, dataDirectory: join(dataDirectory, 'dynamodb') }),
      (child) => children.push(child),
    ).then(() =>
      started(startDurableDynamoDbProxy({ port: ports.dynamodb, upstreamPort: dynamodbLocalPort }), (proxy) =>
        stoppers.push(() => proxy.close()),
      ),
    );
    // The user pool's triggers run in this process, behind a Lambda endpoint cognito-local invokes (on a port
    // the OS picks, named in cognito-local's config before it starts); a trigger's module is loaded once the
    // function environment below is set, so an invocation before that waits for it.
    const lambdaInvoke = await started(
      startLambdaInvoke({
        functions: {
          [LOCAL_PRE_TOKEN_GENERATION_FUNCTION]: {
            timeoutSeconds: PRE_TOKEN_GENERATION_TIMEOUT_SECONDS,
            load: async () => {
              await functionEnvironmentSet;
              const module = (await import('../functions/auth/pre-token-generation.handler')) as {
                handler: InvokedHandler;
              };
              return module.handler;
            },
          },
        },
      }),
      (invoke) => stoppers.push(() => invoke.stop()),
    );
    const cognitoLocal = started(
      startCognitoLocal({
        port: ports.cognito,
        dataDirectory: join(dataDirectory, 'cognito'),
        triggers: {
          functions: { PreTokenGeneration: LOCAL_PRE_TOKEN_GENERATION_FUNCTION },
          endpoint: lambdaInvoke.url,
          region: LOCAL_REGION,
        },
      }),
      (child) => children.push(child),
    );
    const modules = stackModules();
    // Handled by the Promise.all below; until then a rejection must not count as unhandled.
    for (const pending of [dynamodbLocal, cognitoLocal, modules]) pending.catch(() => undefined);
    const {
      createCognitoClient,
      createDynamoDocumentClient,
      DynamoDBClient,
      DynamoOrganizationDirectory,
      DynamoPortalInventoryWriter,
      dayOf,
      ensureOperator,
      ensureTable,
      ensureUserPool,
      generateOperatorPassword,
      MissingUserPoolError,
      seedDemoData,
      seedDemoInventory,
      startS3Local,
      startSesLocal,
      tableExists,
      DEFAULT_DEMO_PRODUCTS,
      LOCAL_EXPORT_STATE_MACHINE_ARN,
      LOCAL_OPERATOR_EMAIL,
      LOCAL_REVIEW_STATE_MACHINE_ARN,
    } = await modules;

    // The table once DynamoDB Local answers, the user pool once cognito-local does: each as soon as it can.
    const table = dynamodbLocal.then(async () => {
      const dynamodb = new DynamoDBClient({});
      // A folder that was set up once (stack.json names its pool) must still hold its table and its pool.
      if (state.userPool && !(await tableExists(dynamodb, LOCAL_TABLE_NAME))) {
        throw new LocalDataRefusedError(
          join(dataDirectory, DATA_FOLDER_LAYOUT.dynamodb),
          `has no table ${LOCAL_TABLE_NAME} although ${DATA_FOLDER_LAYOUT.state} says this folder was set up`,
          dataDirectory,
        );
      }
      await ensureTable(dynamodb, LOCAL_TABLE_NAME);
    });
    const cognito = createCognitoClient();
    const pool = cognitoLocal.then(() =>
      ensureUserPool(cognito, state.userPool).catch((error: unknown) => {
        if (!(error instanceof MissingUserPoolError)) throw error;
        throw new LocalDataRefusedError(
          join(
            dataDirectory,
            DATA_FOLDER_LAYOUT.cognito,
            '.cognito',
            'db',
            `${state.userPool?.userPoolId}.json`,
          ),
          `is missing although ${DATA_FOLDER_LAYOUT.state} names that user pool`,
          dataDirectory,
        );
      }),
    );
    const [, userPool, , s3] = await settledInOrder([
      table,
      pool,
      started(startSesLocal({ port: ports.ses }), (server) => servers.push(server)),
      // Stopped after the executions that write to it (stoppers run in reverse).
      started(
        startS3Local({
          port: ports.s3,
          directory: join(dataDirectory, DATA_FOLDER_LAYOUT.s3),
          buckets: [LOCAL_EXPORT_BUCKET],
          accessKeys: [{ accessKeyId: 'local', secretAccessKey: 'local' }],
        }),
        (s3) => stoppers.push(() => s3.stop()),
      ),
    ] as const);
    state.userPool = { userPoolId: userPool.userPoolId, clientId: userPool.clientId };
    state.operator ??= { email: LOCAL_OPERATOR_EMAIL, password: generateOperatorPassword() };
    await ensureOperator(cognito, userPool.userPoolId, state.operator);
    saveState(dataDirectory, state);
    const documents = createDynamoDocumentClient();
    const directory = new DynamoOrganizationDirectory(documents, LOCAL_TABLE_NAME);
    const seededOrganizations = await seedDemoData(directory);
    const demoProducts = options.demoProducts ?? DEFAULT_DEMO_PRODUCTS;
    let seededProducts = 0;
    if (demoProducts > 0) {
      // The end dates are spread around the first seeding's day, so a restart imports the very same rows.
      state.demoInventoryDay ??= dayOf(new Date());
      saveState(dataDirectory, state);
      const seeded = await seedDemoInventory(
        {
          organizations: directory,
          inventory: new DynamoPortalInventoryWriter(documents, LOCAL_TABLE_NAME),
          clock: { now: () => new Date() },
        },
        { products: demoProducts, anchorDay: state.demoInventoryDay },
      );
      seededProducts = seeded.products.reduce((sum, report) => sum + report.created, 0);
    }

    const functionEnvironment: FunctionEnvironment = {
      TABLE_NAME: LOCAL_TABLE_NAME,
      USER_POOL_ID: userPool.userPoolId,
      USER_POOL_CLIENT_ID: userPool.clientId,
      MAIL_FROM_ADDRESS: 'no-reply@portico.example',
      PORTAL_URL: process.env.PORTAL_URL ?? `http://localhost:${ports.api}`,
      CODE_SECRET: state.codeSecret,
      REVIEWER_EMAIL: 'reviewers@portico.example',
      REVIEW_STATE_MACHINE_ARN: LOCAL_REVIEW_STATE_MACHINE_ARN,
      REVIEW_DAY_SECONDS: String(review.daySeconds),
      REVIEW_CHECK_INTERVAL_SECONDS: String(review.checkIntervalSeconds),
      REMINDER_AFTER_SECONDS: String(review.reminderAfterSeconds),
      EXPORT_BUCKET_NAME: LOCAL_EXPORT_BUCKET,
      EXPORT_STATE_MACHINE_ARN: LOCAL_EXPORT_STATE_MACHINE_ARN,
      S3_FORCE_PATH_STYLE: 'true',
    };
    Object.assign(process.env, functionEnvironment);
    // PORTICO_FUNCTION_ENDPOINT_URL_<SERVICE> sends the functions (not the bootstrap above, nor the authorizer)
    // somewhere other than the emulator, e.g. to a fault-injecting proxy in front of it (test/resilience).
    for (const service of ['DYNAMODB', 'COGNITO_IDENTITY_PROVIDER', 'SESV2', 'S3']) {
      const endpoint = process.env[`PORTICO_FUNCTION_ENDPOINT_URL_${service}`];
      if (endpoint) process.env[`AWS_ENDPOINT_URL_${service}`] = endpoint;
    }
    setFunctionEnvironment();

    const {
      cognitoAuthorizer,
      localExportStateMachine,
      localReviewStateMachine,
      localWebClient,
      RECONCILE_IDENTITIES_EVENT,
      RECONCILE_IDENTITIES_SCHEDULE,
      routeList,
      SCHEDULED_JOBS,
      startApiServer,
      startScheduler,
      startStepFunctionsEmulator,
      API_REFERENCE_PATH,
    } = await modules;
    // Loaded only now: handler modules read their settings when first called, from the environment above.
    const [
      { handler: reviewTaskHandler },
      { handler: exportTaskHandler },
      { handler: scheduledJobHandler },
      { handler: reconciliationHandler },
      definitions,
    ] = await Promise.all([
      import('../functions/review/review-task.handler') as Promise<{ handler: Handler }>,
      import('../functions/exports/export-task.handler') as Promise<{ handler: Handler }>,
      import('../functions/jobs/scheduled-job.handler') as Promise<{ handler: Handler }>,
      import('../functions/jobs/reconcile-identities.handler') as Promise<{ handler: Handler }>,
      workflowDefinitions,
    ]);
    const definition = definitions.review;

    // Executions left RUNNING by the last stop resume as soon as the emulator is up.
    const stepFunctions = await startStepFunctionsEmulator({
      port: ports.stepfunctions,
      stateFile: join(dataDirectory, 'stepfunctions', 'executions.json'),
      stateMachines: [
        localReviewStateMachine(definition, reviewTaskHandler),
        localExportStateMachine(definitions.export, exportTaskHandler),
      ],
      ...(options.onReview ? { onExecution: options.onReview } : {}),
    });
    stoppers.push(() => stepFunctions.stop());
    // Only the functions that start reviews use it (the API's submit route and the jobs), none of them yet.
    process.env.AWS_ENDPOINT_URL_SFN = stepFunctions.url;

    const webClient = localWebClient({
      projectRoot: PROJECT_ROOT,
      config: {
        cognitoEndpoint: endpoints.cognito,
        region: LOCAL_REGION,
        userPoolClientId: userPool.clientId,
      },
    });
    const webBuild = options.buildWebClient ? await webClient.prepare() : undefined;
    const { server: apiServer, url: apiUrl } = await startApiServer({
      port: ports.api,
      routes: routeList,
      projectRoot: PROJECT_ROOT,
      webClient,
      authorizer: cognitoAuthorizer({
        issuer: `${endpoints.cognito}/${userPool.userPoolId}`,
        clientIds: [userPool.clientId],
      }),
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    });
    servers.push(apiServer);
    state.endpoints = {
      api: apiUrl,
      cognito: endpoints.cognito,
      stepFunctions: stepFunctions.url,
      mailbox: endpoints.ses,
      dynamodb: endpoints.dynamodb,
    };
    saveState(dataDirectory, state);

    const scheduler = startScheduler({
      // reconcile-identities runs in its own function on AWS (lib/schedules.ts), on the same timer here.
      jobs: { ...SCHEDULED_JOBS, [RECONCILE_IDENTITIES_EVENT.job]: RECONCILE_IDENTITIES_SCHEDULE },
      speedup: jobSpeedup,
      run: (job) =>
        job === RECONCILE_IDENTITIES_EVENT.job
          ? reconciliationHandler(
              RECONCILE_IDENTITIES_EVENT,
              lambdaContext({
                name: 'identity-reconciliation',
                timeoutSeconds: JOBS_FUNCTION_TIMEOUT_SECONDS,
              }),
            )
          : scheduledJobHandler(
              { job },
              lambdaContext({ name: 'jobs', timeoutSeconds: JOBS_FUNCTION_TIMEOUT_SECONDS }),
            ),
      onRun: (run) => {
        if (run.error !== undefined) {
          const reason = run.error instanceof Error ? run.error.message : String(run.error);
          console.error(`scheduled job ${run.job} failed: ${reason}`);
        }
        options.onJob?.(run);
      },
    });
    stoppers.push(() => scheduler.stop());

    return {
      apiUrl,
      apiReferenceUrl: `${apiUrl}${API_REFERENCE_PATH}`,
      webClient: {
        url: `${apiUrl}/`,
        build: webBuild?.outcome ?? 'on-first-request',
        buildMs: webBuild?.ms ?? 0,
      },
      mailboxUrl: endpoints.ses,
      dynamodbEndpoint: endpoints.dynamodb,
      cognitoEndpoint: endpoints.cognito,
      stepFunctionsEndpoint: stepFunctions.url,
      s3Endpoint: s3.url,
      exportBucket: LOCAL_EXPORT_BUCKET,
      exportStateMachineArn: LOCAL_EXPORT_STATE_MACHINE_ARN,
      userPoolId: userPool.userPoolId,
      clientId: userPool.clientId,
      tableName: LOCAL_TABLE_NAME,
      region: LOCAL_REGION,
      reviewStateMachineArn: LOCAL_REVIEW_STATE_MACHINE_ARN,
      operator: state.operator,
      review: {
        daySeconds: review.daySeconds,
        checkIntervalSeconds: review.checkIntervalSeconds,
        definitionMs: definition.synthesisMs,
      },
      jobIntervalsSeconds: scheduler.intervals,
      seededOrganizations,
      seededProducts,
      stop,
    };
  } catch (error) {
    // Emulators still starting are stopped once they are up (or have failed).
    while (starting.length) await Promise.all(starting.splice(0));
    // What failed the start is the error to report, not a stop step that failed after it.
    await stop().catch(() => undefined);
    throw asRefusal(asBusyPort(error, ports), dataDirectory);
  }
}
