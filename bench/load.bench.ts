import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { benchProducts, benchSites } from './support/dataset';
import {
  apiEvent,
  buildProbeBundles,
  loadsNativeCode,
  startProbeInstance,
  type CallFigures,
} from './support/handler-probe';
import {
  ACME_REGISTRATION,
  BENCH_PASSWORD,
  call,
  claimsOf,
  expectStatus,
  MailboxCodes,
  signIn,
  signUpBody,
  startBenchStack,
  type BenchStack,
} from './support/local-api';
import { descendants, procAvailable, processUsage } from './support/process-usage';
import { mean, percentile, round } from './support/stats';
import { positive, printTable, type BenchSuite } from './support/suite';
import {
  FUNCTION_ENDPOINT_VARIABLES,
  PROXIED_SERVICES,
  startTimingProxies,
  type ProxiedService,
  type TimingProxies,
  type UpstreamSnapshot,
} from './support/timing-proxy';
import { routes } from '../functions/routes';
import type { RouteDefinition } from '../functions/routes';
import type { ProductRecord } from '../functions/core/domain/portal';

/**
 * `npm run bench -- load`: the local stack as `npm start` runs it, driven over HTTP at rising concurrency, with
 * the time the functions wait on each emulator measured by timing proxies; then the memory-sizing probe, which
 * runs each handler bundle alone and derives Lambda duration and cost per memory size. See bench/README.md.
 */

// ── autocannon (no types of its own) ─────────────────────────────────────────────────────────────────────────

interface AutocannonResult {
  readonly requests: { readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly mean: number };
  readonly duration: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodeStats: Readonly<Record<string, { readonly count: number }>>;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

// ── settings and assumptions ─────────────────────────────────────────────────────────────────────────────────

function concurrencyLevels(): number[] {
  const text = process.env.BENCH_LOAD_CONCURRENCY ?? '1,4,16,32';
  const levels = text.split(',').map((part) => Number(part.trim()));
  if (levels.some((level) => !Number.isInteger(level) || level < 1)) {
    throw new Error('BENCH_LOAD_CONCURRENCY must be whole numbers separated by commas, e.g. 1,4,16,32');
  }
  return levels;
}

/** AWS Lambda arm64 prices (us-east-1, first tier), assumed for the cost columns. */
export const LAMBDA_PRICES = { perGbSecond: 0.0000133334, perMillionRequests: 0.2 } as const;
/** Lambda gives one full vCPU at 1,769 MB and a proportional share below. */
const ONE_VCPU_MB = 1769;
const MEMORY_SIZES = [256, 512, 1024, 1769] as const;
/**
 * Assumed in-region latencies of one call on AWS, for the duration estimate (the emulators' own latencies say
 * nothing about AWS). DynamoDB transactions are slower than single-item calls.
 */
export const AWS_CALL_MS = { dynamodb: 6, dynamodbTransaction: 12, cognito: 50, ses: 40 } as const;

// ── the suite ────────────────────────────────────────────────────────────────────────────────────────────────

export const loadBench: BenchSuite = {
  name: 'load',
  description:
    'the local stack under load (journey, /v1/me, Summary): throughput, latency, emulator share; Lambda memory sizing',
  run,
};

interface Processes {
  readonly api: number;
  readonly cognito: number | undefined;
  readonly dynamodb: number | undefined;
  readonly proxies: number;
}

async function run(): Promise<Record<string, unknown>> {
  const seconds = positive('BENCH_LOAD_SECONDS', 10);
  const levels = concurrencyLevels();
  const probeCalls = positive('BENCH_PROBE_CALLS', 20);
  const demoProducts = positive('BENCH_LOAD_DEMO_PRODUCTS', 200);
  const loadBefore = os.loadavg();

  const proxies = await startTimingProxies();
  console.log(
    `Starting the local stack (demo products: ${demoProducts}) with its functions behind timing proxies …`,
  );
  let stack: BenchStack | undefined;
  const interrupted = () => {
    void Promise.all([stack?.stop(), proxies.close()]).then(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  try {
    stack = await startBenchStack({
      env: Object.fromEntries(
        PROXIED_SERVICES.map((service) => [FUNCTION_ENDPOINT_VARIABLES[service], proxies.urls[service]]),
      ),
      demoProducts,
    });
    await proxies.setUpstreams({
      dynamodb: stack.dynamodbEndpoint,
      cognito: stack.cognitoEndpoint,
      ses: stack.mailboxUrl,
    });
    const children = descendants(stack.pid);
    const processes: Processes = {
      api: stack.pid,
      cognito: children.find((child) => child.command.includes('cognito-local'))?.pid,
      dynamodb: children.find((child) => /DynamoDBLocal|java/.test(child.command))?.pid,
      proxies: proxies.pid,
    };
    const mailbox = new MailboxCodes(stack.mailboxUrl);
    const runId = Date.now().toString(36);

    console.log('Setting up: one verified person for /v1/me, an Acme administrator and an Acme member …');
    const meToken = await journeyOnce(stack, mailbox, `me-${runId}@globex.example`);
    await activeAcmePerson(stack, mailbox, `admin-${runId}@acme.example`);
    const memberEmail = `member-${runId}@acme.example`;
    const memberToken = await activeAcmePerson(stack, mailbox, memberEmail);
    expectStatus(
      await call(stack.apiUrl, 'GET', '/v1/portal/summary', { token: memberToken }),
      200,
      'summary',
    );

    const scenarios: Scenario[] = [
      {
        name: 'journey',
        drive: (c) => driveJourneys(stack as BenchStack, mailbox, `${runId}-c${c}`, c, seconds),
      },
      { name: 'GET /v1/me', drive: (c) => driveGet(stack as BenchStack, '/v1/me', meToken, c, seconds) },
      {
        name: 'GET /v1/portal/summary',
        drive: (c) => driveGet(stack as BenchStack, '/v1/portal/summary', memberToken, c, seconds),
      },
    ];
    const levelResults: LevelResult[] = [];
    for (const scenario of scenarios) {
      for (const concurrency of levels) {
        process.stdout.write(`  ${scenario.name} at ${concurrency} … `);
        const result = await measureLevel(scenario, concurrency, processes, proxies);
        console.log(`${result.requestsPerSecond} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
        levelResults.push(result);
      }
    }
    const loadAfterLoad = os.loadavg();
    printLoadTables(levelResults);

    console.log(
      '\nMemory sizing: each handler bundled as CDK bundles it, run alone in a plain node process …',
    );
    const sizing = await memoryProbe(stack, proxies, mailbox, runId, probeCalls);
    printSizingTables(sizing);

    return {
      settings: { seconds, levels, probeCalls, demoProducts, jobSpeedup: 1 },
      loadAverage: {
        before: loadBefore.map((value) => round(value, 2)),
        afterLoad: loadAfterLoad.map((value) => round(value, 2)),
        end: os.loadavg().map((value) => round(value, 2)),
      },
      cpuCounted: {
        api: 'the local/start.ts process: HTTP server, local JWT authorizer, handlers, AWS SDK clients, aws-ses-v2-local (mail and the mailbox reads)',
        cognito: 'cognito-local (its own node process)',
        dynamodb: 'DynamoDB Local (java)',
        proxies: 'the timing proxies (their own process)',
        driver: 'this process: autocannon or the journey driver',
        measuredFromProc: procAvailable,
      },
      levels: levelResults,
      assumptions: { lambdaPrices: LAMBDA_PRICES, awsCallMs: AWS_CALL_MS, oneVcpuMb: ONE_VCPU_MB },
      sizing,
    };
  } finally {
    process.off('SIGINT', interrupted);
    await stack?.stop();
    await proxies.close();
  }
}

// ── set-up helpers ───────────────────────────────────────────────────────────────────────────────────────────

async function journeyOnce(stack: BenchStack, mailbox: MailboxCodes, email: string): Promise<string> {
  expectStatus(await call(stack.apiUrl, 'POST', '/v1/signup', { body: signUpBody(email) }), 202, 'sign-up');
  const code = await mailbox.codeFor(email);
  expectStatus(
    await call(stack.apiUrl, 'POST', '/v1/signup/verify', { body: { email, code } }),
    200,
    'verify',
  );
  return signIn(stack, email);
}

async function activeAcmePerson(stack: BenchStack, mailbox: MailboxCodes, email: string): Promise<string> {
  const token = await journeyOnce(stack, mailbox, email);
  const put = (path: string, body: unknown) => call(stack.apiUrl, 'PUT', path, { token, body });
  expectStatus(await put('/v1/me/access-type', { accessType: 'CUSTOMER_EMPLOYEE' }), 200, 'access type');
  expectStatus(await put('/v1/me/registration', ACME_REGISTRATION), 200, 'registration');
  return token;
}

// ── load levels ──────────────────────────────────────────────────────────────────────────────────────────────

interface Drive {
  readonly requests: number;
  readonly elapsedSeconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The sum of all API requests' latencies as the client saw them. */
  readonly apiMs: number;
  readonly statuses: Record<string, number>;
  readonly errors: number;
  readonly extra?: Record<string, number>;
}
interface Scenario {
  readonly name: string;
  readonly drive: (concurrency: number) => Promise<Drive>;
}

interface LevelResult {
  readonly scenario: string;
  readonly concurrency: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly statuses: Record<string, number>;
  readonly unexpected: number;
  readonly throttled: number;
  readonly apiSeconds: number;
  readonly emulatorSeconds: Record<ProxiedService, number>;
  readonly emulatorCalls: Record<ProxiedService, number>;
  /** Σ of the emulator calls' durations ÷ Σ of the API requests' durations (parallel calls each count). */
  readonly emulatorShare: number;
  /** Time with any emulator call in flight ÷ Σ API durations: a request's real wait, at concurrency 1 only. */
  readonly emulatorWallShare: number | undefined;
  /** API process CPU time ÷ Σ API durations. */
  readonly apiCpuShare: number;
  readonly cpuMs: { api: number; cognito: number; dynamodb: number; proxies: number; driver: number };
  readonly apiCpuMsPerRequest: number;
  readonly apiPeakRssMb: number;
  readonly extra?: Record<string, number>;
  readonly upstream: UpstreamSnapshot;
}

async function measureLevel(
  scenario: Scenario,
  concurrency: number,
  processes: Processes,
  proxies: TimingProxies,
): Promise<LevelResult> {
  const cpu = (pid: number | undefined) => (pid === undefined ? 0 : processUsage(pid).cpuMs);
  const driverCpu = process.cpuUsage();
  const before = {
    api: cpu(processes.api),
    cognito: cpu(processes.cognito),
    dynamodb: cpu(processes.dynamodb),
    proxies: cpu(processes.proxies),
  };
  await proxies.takeTotals();
  const drive = await scenario.drive(concurrency);
  const upstream = await proxies.takeTotals();
  const driverUsage = process.cpuUsage(driverCpu);
  const cpuMs = {
    api: cpu(processes.api) - before.api,
    cognito: cpu(processes.cognito) - before.cognito,
    dynamodb: cpu(processes.dynamodb) - before.dynamodb,
    proxies: cpu(processes.proxies) - before.proxies,
    driver: (driverUsage.user + driverUsage.system) / 1000,
  };
  const emulatorMs = PROXIED_SERVICES.reduce((sum, service) => sum + upstream[service].ms, 0);
  const expected = (status: string) => status.startsWith('2') || status === '429';
  return {
    scenario: scenario.name,
    concurrency,
    requests: drive.requests,
    requestsPerSecond: round(drive.requests / drive.elapsedSeconds, 1),
    p50Ms: round(drive.p50Ms, 1),
    p99Ms: round(drive.p99Ms, 1),
    statuses: drive.statuses,
    unexpected:
      drive.errors +
      Object.entries(drive.statuses)
        .filter(([status]) => !expected(status))
        .reduce((sum, [, count]) => sum + count, 0),
    throttled: drive.statuses['429'] ?? 0,
    apiSeconds: round(drive.apiMs / 1000, 2),
    emulatorSeconds: Object.fromEntries(
      PROXIED_SERVICES.map((service) => [service, round(upstream[service].ms / 1000, 2)]),
    ) as Record<ProxiedService, number>,
    emulatorCalls: Object.fromEntries(
      PROXIED_SERVICES.map((service) => [service, upstream[service].calls]),
    ) as Record<ProxiedService, number>,
    emulatorShare: drive.apiMs === 0 ? 0 : round(emulatorMs / drive.apiMs, 3),
    emulatorWallShare:
      concurrency === 1 && drive.apiMs > 0 ? round(upstream.anyBusyMs / drive.apiMs, 3) : undefined,
    apiCpuShare: drive.apiMs === 0 ? 0 : round(cpuMs.api / drive.apiMs, 3),
    cpuMs: Object.fromEntries(
      Object.entries(cpuMs).map(([name, ms]) => [name, Math.round(ms)]),
    ) as LevelResult['cpuMs'],
    apiCpuMsPerRequest: drive.requests === 0 ? 0 : round(cpuMs.api / drive.requests, 2),
    apiPeakRssMb: round(processUsage(processes.api).peakRssMb, 0),
    ...(drive.extra ? { extra: drive.extra } : {}),
    upstream,
  };
}

async function driveGet(
  stack: BenchStack,
  path: string,
  token: string,
  connections: number,
  seconds: number,
): Promise<Drive> {
  const result = await autocannon({
    url: `${stack.apiUrl}${path}`,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, stats]) => [status, stats.count]),
  );
  return {
    requests: result.requests.total,
    elapsedSeconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    apiMs: result.latency.mean * result.requests.total,
    statuses,
    errors: result.errors + result.timeouts,
  };
}

/**
 * `concurrency` people at once, each going through sign-up → code from the mailbox → verify → sign-in
 * (Cognito, not the API) → GET /v1/me, then starting again with a new address, until the time is up. Every
 * address is new, so no per-address throttle is met. Latencies are of the three API requests; the mailbox wait
 * and the sign-in are reported apart.
 */
async function driveJourneys(
  stack: BenchStack,
  mailbox: MailboxCodes,
  prefix: string,
  concurrency: number,
  seconds: number,
): Promise<Drive> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const waits = { mailboxMs: [] as number[], signInMs: [] as number[], journeyMs: [] as number[] };
  let errors = 0;
  const count = (status: number) => (statuses[status] = (statuses[status] ?? 0) + 1);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const mailboxReads = mailbox.reads;
  const person = async (worker: number) => {
    for (let index = 0; performance.now() < deadline; index += 1) {
      const email = `load-${prefix}-${worker}-${index}@globex.example`;
      const journeyStart = performance.now();
      try {
        const signUp = await call(stack.apiUrl, 'POST', '/v1/signup', { body: signUpBody(email) });
        latencies.push(signUp.ms);
        count(signUp.status);
        if (signUp.status !== 202) continue;
        const waitStart = performance.now();
        const code = await mailbox.codeFor(email);
        waits.mailboxMs.push(performance.now() - waitStart);
        const verify = await call(stack.apiUrl, 'POST', '/v1/signup/verify', { body: { email, code } });
        latencies.push(verify.ms);
        count(verify.status);
        if (verify.status !== 200) continue;
        const signInStart = performance.now();
        const token = await signIn(stack, email, BENCH_PASSWORD);
        waits.signInMs.push(performance.now() - signInStart);
        const me = await call(stack.apiUrl, 'GET', '/v1/me', { token });
        latencies.push(me.ms);
        count(me.status);
        if (me.status === 200) waits.journeyMs.push(performance.now() - journeyStart);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, worker) => person(worker)));
  const elapsedSeconds = (performance.now() - started) / 1000;
  const p50 = (values: number[]) => (values.length ? round(percentile(values, 50), 1) : 0);
  return {
    requests: latencies.length,
    elapsedSeconds,
    p50Ms: latencies.length ? percentile(latencies, 50) : 0,
    p99Ms: latencies.length ? percentile(latencies, 99) : 0,
    apiMs: latencies.reduce((sum, ms) => sum + ms, 0),
    statuses,
    errors,
    extra: {
      journeys: waits.journeyMs.length,
      journeysPerSecond: round(waits.journeyMs.length / elapsedSeconds, 2),
      journeyP50Ms: p50(waits.journeyMs),
      mailboxWaitP50Ms: p50(waits.mailboxMs),
      signInP50Ms: p50(waits.signInMs),
      mailboxReads: mailbox.reads - mailboxReads,
    },
  };
}

function printLoadTables(results: readonly LevelResult[]): void {
  console.log('\nThroughput and latency (latency = one API request as the client sees it):\n');
  printTable([
    [
      'scenario',
      'conc',
      'req/s',
      'p50 ms',
      'p99 ms',
      'non-2xx/errors',
      '429',
      'journeys/s',
      'journey p50 ms',
      'mailbox wait p50',
      'sign-in p50',
    ],
    ...results.map((r) => [
      r.scenario,
      String(r.concurrency),
      r.requestsPerSecond.toFixed(1),
      r.p50Ms.toFixed(1),
      r.p99Ms.toFixed(1),
      String(r.unexpected),
      String(r.throttled),
      r.extra ? String(r.extra.journeysPerSecond) : '',
      r.extra ? String(r.extra.journeyP50Ms) : '',
      r.extra ? String(r.extra.mailboxWaitP50Ms) : '',
      r.extra ? String(r.extra.signInP50Ms) : '',
    ]),
  ]);
  console.log(
    '\nWhere the time goes: sums over all API requests of the level (s); emulator % = Σ emulator call durations ÷ Σ API ' +
      'request durations (parallel calls each count); wall % (concurrency 1) = time with any emulator call in flight ÷ ' +
      'Σ API durations; CPU in ms of CPU time per process:\n',
  );
  const percent = (share: number | undefined) => (share === undefined ? '' : (share * 100).toFixed(0));
  printTable([
    [
      'scenario',
      'conc',
      'API s',
      'DynamoDB s',
      'Cognito s',
      'SES s',
      'emulators %',
      'our code %',
      'emulators wall %',
      'API CPU %',
      'API CPU ms/req',
      'API CPU',
      'cognito-local CPU',
      'DDB Local CPU',
      'driver CPU',
    ],
    ...results.map((r) => [
      r.scenario,
      String(r.concurrency),
      r.apiSeconds.toFixed(1),
      r.emulatorSeconds.dynamodb.toFixed(1),
      r.emulatorSeconds.cognito.toFixed(1),
      r.emulatorSeconds.ses.toFixed(1),
      percent(r.emulatorShare),
      percent(1 - r.emulatorShare),
      percent(r.emulatorWallShare),
      percent(r.apiCpuShare),
      r.apiCpuMsPerRequest.toFixed(2),
      String(r.cpuMs.api),
      String(r.cpuMs.cognito),
      String(r.cpuMs.dynamodb),
      String(r.cpuMs.driver),
    ]),
  ]);
}

// ── memory sizing ────────────────────────────────────────────────────────────────────────────────────────────

interface SizeEstimate {
  readonly memoryMb: number;
  readonly vcpu: number;
  readonly warmMs: number;
  readonly coldInitMs: number;
  readonly costPerMillion: number;
}
interface SizingRow {
  readonly group: string;
  readonly route: string;
  readonly configuredMb: number;
  readonly calls: number;
  readonly failures: number;
  readonly bundleKb: number;
  readonly native: boolean;
  readonly initCpuMs: number;
  readonly coldCallCpuMs: number;
  readonly cpuMsMean: number;
  readonly cpuMsP50: number;
  readonly cpuMsMax: number;
  readonly localWallMsP50: number;
  readonly upstreamCallsPerCall: Record<ProxiedService, number>;
  readonly assumedAwsWaitMs: number;
  readonly peakRssMb: number;
  readonly peakHeapUsedMb: number;
  readonly estimates: readonly SizeEstimate[];
  readonly recommendedMb: number;
  readonly reason: string;
}

interface ProbeCase {
  readonly group: string;
  readonly route: RouteDefinition;
  /** Events for the cold call and the warm ones after it. */
  readonly events: () => Promise<ReturnType<typeof apiEvent>[]>;
  readonly status: number;
  /** The response latency users wait for (interactive) or a batch call (import). */
  readonly interactive: boolean;
}

async function memoryProbe(
  stack: BenchStack,
  proxies: TimingProxies,
  mailbox: MailboxCodes,
  runId: string,
  calls: number,
): Promise<{ rows: SizingRow[]; nativeCode: boolean; arm64: boolean; rules: string }> {
  const state = JSON.parse(readFileSync(join(stack.dataDirectory, 'stack.json'), 'utf8')) as {
    codeSecret: string;
  };
  const env: Record<string, string> = {
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: proxies.urls.dynamodb,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: proxies.urls.cognito,
    AWS_ENDPOINT_URL_SESV2: proxies.urls.ses,
    TABLE_NAME: stack.tableName,
    USER_POOL_ID: stack.userPoolId,
    MAIL_FROM_ADDRESS: 'no-reply@portico.example',
    PORTAL_URL: stack.apiUrl,
    CODE_SECRET: state.codeSecret,
    REVIEWER_EMAIL: 'reviewers@portico.example',
    LOG_LEVEL: 'INFO',
    NODE_NO_WARNINGS: '1',
  };
  const meClaims = claimsOf(await signIn(stack, `me-${runId}@globex.example`));
  const memberClaims = claimsOf(await signIn(stack, `member-${runId}@acme.example`));
  const operatorClaims = claimsOf(await signIn(stack, stack.operator.email, stack.operator.password));
  const probeEmails = Array.from({ length: calls }, (_, index) => `probe-${runId}-${index}@globex.example`);
  const today = new Date().toISOString().slice(0, 10);

  const cases: ProbeCase[] = [
    {
      group: 'sign-up',
      route: routes.signUp,
      status: 202,
      interactive: true,
      events: async () => probeEmails.map((email) => apiEvent(routes.signUp, { body: signUpBody(email) })),
    },
    {
      group: 'verify',
      route: routes.verifyEmail,
      status: 200,
      interactive: true,
      events: async () => {
        const codes = await Promise.all(probeEmails.map((email) => mailbox.codeFor(email)));
        return probeEmails.map((email, index) =>
          apiEvent(routes.verifyEmail, { body: { email, code: codes[index] } }),
        );
      },
    },
    {
      group: 'GET /v1/me',
      route: routes.getAccount,
      status: 200,
      interactive: true,
      events: async () => probeEmails.map(() => apiEvent(routes.getAccount, { claims: meClaims })),
    },
    {
      group: 'portal summary',
      route: routes.getPortalSummary,
      status: 200,
      interactive: true,
      events: async () => probeEmails.map(() => apiEvent(routes.getPortalSummary, { claims: memberClaims })),
    },
    {
      group: 'portal products page',
      route: routes.listProducts,
      status: 200,
      interactive: true,
      events: async () =>
        probeEmails.map(() =>
          apiEvent(routes.listProducts, { claims: memberClaims, query: { limit: '100' } }),
        ),
    },
    {
      group: 'import 5,000 products (JSON)',
      route: routes.importPortalData,
      status: 200,
      interactive: false,
      events: async () => {
        // The bench sites first (one call, through the API), then requests of 5,000 new products each.
        expectStatus(
          await call(stack.apiUrl, 'POST', '/v1/operator/organizations/org-acme/imports/sites', {
            token: await signIn(stack, stack.operator.email, stack.operator.password),
            body: { rows: benchSites() },
          }),
          200,
          'sites import',
        );
        return [5000, 4999, 4998].map((count) =>
          apiEvent(routes.importPortalData, {
            claims: operatorClaims,
            pathParameters: { organizationId: 'org-acme', kind: 'products' },
            body: { rows: benchProducts(count, today) },
          }),
        );
      },
    },
    {
      group: 'import 5,000 products (CSV)',
      route: routes.importPortalData,
      status: 200,
      interactive: false,
      events: async () =>
        [4997, 4996, 4995].map((count) =>
          apiEvent(routes.importPortalData, {
            claims: operatorClaims,
            pathParameters: { organizationId: 'org-acme', kind: 'products' },
            raw: { text: productsCsv(benchProducts(count, today)), contentType: 'text/csv' },
          }),
        ),
    },
  ];

  const probe = await buildProbeBundles(cases.map((entry) => entry.route));
  try {
    const rows: SizingRow[] = [];
    for (const entry of cases) {
      process.stdout.write(`  ${entry.group} … `);
      const events = await entry.events();
      const instance = await startProbeInstance(probe, entry.route, env);
      const results: CallFigures[] = [];
      const upstream: UpstreamSnapshot[] = [];
      await proxies.takeTotals();
      for (const event of events) {
        results.push(await instance.invoke(event));
        upstream.push(await proxies.takeTotals());
      }
      const failures = results.filter((result) => result.statusCode !== entry.status);
      if (failures.length > 0) {
        console.log(
          `\n    ${failures.length} calls answered otherwise, e.g. ${failures[0]?.statusCode}: ${failures[0]?.body}`,
        );
        const errorLine = instance
          .logTail()
          .split('\n')
          .filter((line) => line.includes('"level":"ERROR"'))
          .at(-1);
        console.log(
          `    last error logged: ${(errorLine ?? instance.logTail().slice(-1500)).slice(0, 1500)}`,
        );
      }
      await instance.stop();
      const bundle = probe.bundles.get(entry.route.id);
      const row = sizingRow(entry, instance.init, results, upstream, failures.length, {
        bundleKb: Math.round((bundle?.bytes ?? 0) / 1024),
        native: bundle ? loadsNativeCode(bundle) : false,
      });
      console.log(`CPU ${row.cpuMsP50} ms/call (p50), peak RSS ${row.peakRssMb} MB`);
      rows.push(row);
    }
    const functionSource = readFileSync(new URL('../lib/portico-function.ts', import.meta.url), 'utf8');
    return {
      rows,
      nativeCode: rows.some((row) => row.native),
      arm64: /architecture:\s*Architecture\.ARM_64/.test(functionSource),
      rules: RECOMMENDATION_RULES,
    };
  } finally {
    probe.remove();
  }
}

/** Products as the CSV an operator uploads (a header row, then one row per product). */
function productsCsv(products: readonly ProductRecord[]): string {
  const header = ['serviceTag', 'model', 'family', 'siteId', 'supportEndDate'] as const;
  return [
    header.join(','),
    ...products.map((product) => header.map((column) => product[column]).join(',')),
  ].join('\n');
}

const RECOMMENDATION_RULES =
  'smallest size with peak RSS ≤ 50% of memory and, for API routes, warm CPU-bound time (CPU p50 ÷ vCPU share) ' +
  '≤ 50 ms and cold init (init CPU ÷ vCPU share) ≤ 500 ms; for the import, a 5,000-row call ≤ 1/3 of its 29 s timeout';

function sizingRow(
  entry: ProbeCase,
  init: { initCpuMs: number },
  results: readonly CallFigures[],
  upstream: readonly UpstreamSnapshot[],
  failures: number,
  bundle: { bundleKb: number; native: boolean },
): SizingRow {
  // The first call after start-up is the cold one; the rest are warm.
  const warm = results.slice(1);
  const warmUpstream = upstream.slice(1);
  const cpu = warm.map((result) => result.cpuMs);
  const perCall = (service: ProxiedService) =>
    round(mean(warmUpstream.map((snapshot) => snapshot[service].calls)), 1);
  const awsWait = mean(
    warmUpstream.map(
      (snapshot) =>
        Object.entries(snapshot.dynamodb.byOperation).reduce(
          (sum, [operation, totals]) =>
            sum +
            totals.calls *
              (/Transact/.test(operation) ? AWS_CALL_MS.dynamodbTransaction : AWS_CALL_MS.dynamodb),
          0,
        ) +
        snapshot.cognito.calls * AWS_CALL_MS.cognito +
        snapshot.ses.calls * AWS_CALL_MS.ses,
    ),
  );
  const cpuP50 = percentile(cpu, 50);
  const peakRssMb = Math.max(...results.map((result) => result.peakRssMb));
  const estimates = MEMORY_SIZES.map((memoryMb): SizeEstimate => {
    const vcpu = Math.min(1, memoryMb / ONE_VCPU_MB);
    const warmMs = cpuP50 / vcpu + awsWait;
    return {
      memoryMb,
      vcpu: round(vcpu, 3),
      warmMs: Math.round(warmMs),
      coldInitMs: Math.round(init.initCpuMs / vcpu),
      costPerMillion: round(
        LAMBDA_PRICES.perMillionRequests +
          1e6 * (memoryMb / 1024) * (Math.ceil(warmMs) / 1000) * LAMBDA_PRICES.perGbSecond,
        2,
      ),
    };
  });
  const fits = (estimate: SizeEstimate) =>
    peakRssMb <= 0.5 * estimate.memoryMb &&
    (entry.interactive
      ? cpuP50 / estimate.vcpu <= 50 && estimate.coldInitMs <= 500
      : estimate.warmMs <= 29_000 / 3);
  const chosen = estimates.find(fits) ?? estimates[estimates.length - 1]!;
  const cheapest = [...estimates].sort((a, b) => a.costPerMillion - b.costPerMillion)[0]!;
  return {
    group: entry.group,
    route: entry.route.id,
    configuredMb: entry.route.function?.memorySize ?? 512,
    calls: results.length,
    failures,
    ...bundle,
    initCpuMs: Math.round(init.initCpuMs),
    coldCallCpuMs: round(results[0]?.cpuMs ?? 0, 1),
    cpuMsMean: round(mean(cpu), 1),
    cpuMsP50: round(cpuP50, 1),
    cpuMsMax: round(Math.max(...cpu), 1),
    localWallMsP50: round(
      percentile(
        warm.map((result) => result.wallMs),
        50,
      ),
      1,
    ),
    upstreamCallsPerCall: { dynamodb: perCall('dynamodb'), cognito: perCall('cognito'), ses: perCall('ses') },
    assumedAwsWaitMs: Math.round(awsWait),
    peakRssMb: Math.round(peakRssMb),
    peakHeapUsedMb: Math.round(Math.max(...results.map((result) => result.heapUsedMb))),
    estimates,
    recommendedMb: chosen.memoryMb,
    reason:
      chosen.memoryMb === cheapest.memoryMb
        ? 'the cheapest size that meets the rules'
        : `cheapest is ${cheapest.memoryMb} MB ($${cheapest.costPerMillion}/M) but it misses the rules`,
  };
}

function printSizingTables(sizing: {
  rows: SizingRow[];
  nativeCode: boolean;
  arm64: boolean;
  rules: string;
}): void {
  console.log('\nPer call, measured (warm calls after the first; CPU of the function process only):\n');
  printTable([
    [
      'group',
      'route',
      'calls',
      'init CPU ms',
      'cold call CPU ms',
      'CPU ms p50',
      'CPU ms max',
      'local wall p50',
      'DDB/Cognito/SES calls',
      'peak RSS MB',
      'peak heap MB',
      'bundle KB',
    ],
    ...sizing.rows.map((row) => [
      row.group,
      row.route,
      `${row.calls}${row.failures ? ` (${row.failures} failed)` : ''}`,
      String(row.initCpuMs),
      String(row.coldCallCpuMs),
      String(row.cpuMsP50),
      String(row.cpuMsMax),
      String(row.localWallMsP50),
      `${row.upstreamCallsPerCall.dynamodb}/${row.upstreamCallsPerCall.cognito}/${row.upstreamCallsPerCall.ses}`,
      String(row.peakRssMb),
      String(row.peakHeapUsedMb),
      String(row.bundleKb),
    ]),
  ]);
  console.log(
    `\nEstimated on AWS arm64: warm duration = CPU p50 ÷ vCPU share + assumed service wait ` +
      `(DynamoDB ${AWS_CALL_MS.dynamodb} ms/call, transactions ${AWS_CALL_MS.dynamodbTransaction}, Cognito ${AWS_CALL_MS.cognito}, SES ${AWS_CALL_MS.ses}); ` +
      `cost per million = $${LAMBDA_PRICES.perMillionRequests} + GB-s × $${LAMBDA_PRICES.perGbSecond}:\n`,
  );
  printTable([
    [
      'group',
      'now MB',
      'wait ms',
      ...MEMORY_SIZES.map((mb) => `${mb} MB: ms / cold init ms / $ per M`),
      'recommended MB',
    ],
    ...sizing.rows.map((row) => [
      row.group,
      String(row.configuredMb),
      String(row.assumedAwsWaitMs),
      ...row.estimates.map(
        (estimate) => `${estimate.warmMs} / ${estimate.coldInitMs} / ${estimate.costPerMillion.toFixed(2)}`,
      ),
      String(row.recommendedMb),
    ]),
  ]);
  console.log(`\nRule: ${sizing.rules}.`);
  console.log(
    `arm64 in lib/portico-function.ts: ${sizing.arm64 ? 'yes' : 'NO'}; native code in any bundle: ${sizing.nativeCode ? 'YES' : 'none'}.`,
  );
}
