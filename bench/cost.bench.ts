import { loadState } from '../local/local-state';
import os from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoJobCursorStore } from '../functions/core/adapters/dynamodb/job-cursor.store';
import {
  BACKFILL_PAGE_SIZE,
  backfillDigestSchedules,
  DIGEST_SCHEDULE_BACKFILL_JOB,
} from '../functions/core/use-cases/jobs/digest-schedule-backfill';
import { DynamoDueWorkIndex } from '../functions/core/adapters/dynamodb/due-work.index';
import { DynamoPortalOverviewReader } from '../functions/core/adapters/dynamodb/portal-overview.reader';
import { DynamoSupportDigestStore } from '../functions/core/adapters/dynamodb/support-digest.store';
import { DynamoSuppressionList } from '../functions/core/adapters/dynamodb/suppression.list';
import { keys } from '../functions/core/adapters/dynamodb/table-design';
import { ConfiguredCodeSecret } from '../functions/core/adapters/secrets/code-secret';
import { SuppressingMailer } from '../functions/core/adapters/ses/suppressing.mailer';
import { addDays } from '../functions/core/domain/portal';
import { isoWeekOf, unsubscribeToken } from '../functions/core/domain/support-digest';
import {
  sendSupportDigests,
  type SupportDigestJobDependencies,
} from '../functions/core/use-cases/jobs/support-digest-job';
import { LOCAL_TABLE_NAME } from '../local/stack';
import { AdminDeleteUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  apiClient,
  awsClients,
  type ApiAnswer,
  mailbox,
  PASSWORD,
  person,
  REGISTRATION,
  removeData,
  signIn,
  startStack,
  type RunningStack,
} from '../test/integration/local-stack';
import { startFaultProxy } from '../test/resilience/fault-proxy';
import type { ItemReader } from './support/dynamodb-meter';
import { round } from './support/stats';
import { printTable, type BenchSuite } from './support/suite';
import { WireMeter, type WireUsage } from './support/wire-meter';

/**
 * `npm run bench -- cost`: what DynamoDB costs per API call and per onboarding. The real local stack (`npm
 * start`'s program, in its own process, on free ports, with a temporary data folder and 200 demo products)
 * runs with its functions' DynamoDB endpoint pointed at a metering proxy in front of DynamoDB Local
 * (support/wire-meter.ts). The calls are made over HTTP one at a time, as the integration tests make them, so
 * each DynamoDB request belongs to exactly one call. See bench/README.md.
 */

/** Targets of issue 6. */
const MAX_ROUND_TRIPS_PER_CALL = 2;
/** Target of issue 14 for the account calls (group ACCOUNT_GROUP). */
const MAX_ROUND_TRIPS_PER_ACCOUNT_CALL = 3;
const ACCOUNT_GROUP = 'account: password, sessions, export (issue 14)';
const MAX_WCU_PER_ONBOARDING = 12;

const ORGANIZATION_REQUEST = {
  legalName: 'Globex Corporation',
  address: { line1: '1 Globex Way', city: 'Cypress Creek', postalCode: '90210' },
  country: 'US',
  website: 'https://globex.example',
  phone: '+1 555 0100',
  dunsNumber: '123456789',
};

export const costBench: BenchSuite = {
  name: 'cost',
  description: 'DynamoDB round trips, RCU and WCU per API call and per onboarding (local stack, metered)',
  run,
};

interface CallFigures extends WireUsage {
  readonly call: string;
  readonly status: number;
  readonly group: string;
}

async function run(): Promise<Record<string, unknown>> {
  const loadBefore = os.loadavg();
  // Prices transactional updates by reading the item straight from DynamoDB Local, not through the proxy.
  let direct: DynamoDBDocumentClient | undefined;
  const read: ItemReader = async (TableName, Key) =>
    (await direct?.send(new GetCommand({ TableName, Key, ConsistentRead: true })))?.Item;
  const meter = new WireMeter(read);
  const proxy = await startFaultProxy(meter.hooks());
  console.log('Starting the local stack (its functions meet DynamoDB through the metering proxy) …');
  const stack = await startStack({
    // Jobs at AWS pace (the first runs 15 minutes after start, long after the bench), a small inventory.
    args: ['--demo-products', '200', '--job-speedup', '1'],
    env: {
      PORTICO_FUNCTION_ENDPOINT_URL_DYNAMODB: proxy.url,
      // A resend is sent at once instead of being throttled for a minute.
      CODE_RESEND_INTERVAL_SECONDS: '0',
    },
  });
  try {
    direct = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: stack.dynamodbEndpoint,
        region: stack.region,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    proxy.setUpstream(stack.dynamodbEndpoint);
    return await measure(stack, meter, loadBefore, proxy.url);
  } finally {
    await stack.stop();
    removeData(stack);
    await proxy.close();
  }
}

async function measure(
  stack: RunningStack,
  meter: WireMeter,
  loadBefore: number[],
  proxyUrl: string,
): Promise<Record<string, unknown>> {
  const api = apiClient(stack);
  const calls: CallFigures[] = [];
  let group = '';

  /** One API call, metered; `expect` is the status it must answer. */
  async function call(
    label: string,
    expect: number,
    method: string,
    path: string,
    options: { body?: unknown; token?: string } = {},
    until?: Parameters<WireMeter['during']>[2],
  ): Promise<ApiAnswer> {
    const { answer, usage } = await meter.during(label, () => api(method, path, options), until);
    if (answer.status !== expect) {
      throw new Error(
        `${label}: ${method} ${path} answered ${answer.status}, expected ${expect}: ${answer.text}`,
      );
    }
    calls.push({ call: label, status: answer.status, group, ...usage });
    return answer;
  }

  /**
   * A sign-in at Cognito, metered: the pre-token-generation trigger reads the account (one GetItem) to name the
   * person's organization in the ID token (functions/auth/pre-token-generation.handler.ts).
   */
  async function signedIn(label: string, email: string, password = PASSWORD): Promise<string> {
    const { answer, usage } = await meter.during(label, () => signIn(stack, email, password));
    calls.push({ call: label, status: 200, group, ...usage });
    return answer;
  }

  async function verified(email: string, firstName: string, resend = false): Promise<string> {
    await call('POST /v1/signup', 202, 'POST', '/v1/signup', { body: { ...person(email), firstName } });
    if (resend) await call('POST /v1/signup/resend', 202, 'POST', '/v1/signup/resend', { body: { email } });
    const code = await mailbox(stack).latestCode(email);
    await call('POST /v1/signup/verify', 200, 'POST', '/v1/signup/verify', { body: { email, code } });
    return signedIn('sign-in (Cognito: ID token)', email);
  }

  // 1. The onboarding with a single organization match, as the brief lays it out; Acme has no administrator
  // yet, so this first person becomes it.
  group = 'onboarding: single match, first person (becomes administrator)';
  console.log(`\n${group}`);
  let admin = await verified('ada@acme.example', 'Ada');
  await call('PUT /v1/me/access-type', 200, 'PUT', '/v1/me/access-type', {
    token: admin,
    body: { accessType: 'CUSTOMER_EMPLOYEE' },
  });
  const activated = await call('PUT /v1/me/registration (single)', 200, 'PUT', '/v1/me/registration', {
    token: admin,
    body: REGISTRATION,
  });
  if (roleOf(activated) !== 'ADMINISTRATOR') throw new Error(`registration answered ${activated.text}`);
  await call('GET /v1/me', 200, 'GET', '/v1/me', { token: admin });

  // 2. The same path for the next person: what most onboardings cost (joins as a member).
  group = 'onboarding: single match, next person (member)';
  console.log(group);
  let member = await verified('bob@acme.example', 'Bob');
  await call('PUT /v1/me/access-type', 200, 'PUT', '/v1/me/access-type', {
    token: member,
    body: { accessType: 'CUSTOMER_EMPLOYEE' },
  });
  const joined = await call('PUT /v1/me/registration (single)', 200, 'PUT', '/v1/me/registration', {
    token: member,
    body: REGISTRATION,
  });
  if (roleOf(joined) !== 'MEMBER') throw new Error(`registration answered ${joined.text}`);
  await call('GET /v1/me', 200, 'GET', '/v1/me', { token: member });

  // 3. Several organizations own the domain: choose one; the code is resent once on the way.
  group = 'onboarding: several matches (choose a division), with one resend';
  console.log(group);
  const northland = await verified('nia@northland.gov.example', 'Nia', true);
  await call('PUT /v1/me/access-type', 200, 'PUT', '/v1/me/access-type', {
    token: northland,
    body: { accessType: 'CUSTOMER_EMPLOYEE' },
  });
  const several = await call('PUT /v1/me/registration (several)', 200, 'PUT', '/v1/me/registration', {
    token: northland,
    body: REGISTRATION,
  });
  if (several.body.outcome !== 'CHOOSE_ORGANIZATION')
    throw new Error(`registration answered ${several.text}`);
  await call('PUT /v1/me/organization', 200, 'PUT', '/v1/me/organization', {
    token: northland,
    body: { organizationId: 'org-northland-transport' },
  });
  await call('GET /v1/me', 200, 'GET', '/v1/me', { token: northland });

  // Ada's and Bob's tokens were issued before they joined Acme. The web client takes new ones once the account's
  // organization changes (web/src/app.ts), which name it (the pre-token-generation trigger,
  // functions/auth/pre-token-generation.handler.ts): portal reads start reading it beside the account.
  admin = await signedIn('sign-in (Cognito: ID token naming the organization)', 'ada@acme.example');
  member = await signedIn('sign-in (Cognito: ID token naming the organization)', 'bob@acme.example');

  // 4. The portal, read by Acme's administrator, then by a member whose rules hide part of it (set by the
  // administrator on the way). Product lists are planned on the rules and group the function read last
  // (functions/core/use-cases/portal/recent-reads.ts): each is called twice, the first time in a function that
  // has not read them yet (what a cold start sees), then again.
  group = 'portal (Acme, 200 products)';
  console.log(group);
  await call('GET /v1/portal/summary (administrator)', 200, 'GET', '/v1/portal/summary', { token: admin });
  await call('GET /v1/portal/summary (member, no rules)', 200, 'GET', '/v1/portal/summary', {
    token: member,
  });
  const sites = await call('GET /v1/portal/sites', 200, 'GET', '/v1/portal/sites', { token: admin });
  const products = await call('GET /v1/portal/products', 200, 'GET', '/v1/portal/products', {
    token: admin,
  });
  const firstProduct = (products.body.items as { serviceTag: string; family: string }[] | undefined)?.[0];
  const firstSite = (sites.body.items as { siteId: string }[] | undefined)?.[0];
  if (!firstProduct || !firstSite) throw new Error(`no demo inventory: ${products.text}`);
  const atSite = await call(
    'GET /v1/portal/products?site',
    200,
    'GET',
    `/v1/portal/products?site=${firstSite.siteId}`,
    { token: admin },
  );
  const productAtSite = (atSite.body.items as { serviceTag: string }[] | undefined)?.[0];
  if (!productAtSite) throw new Error(`no product at ${firstSite.siteId}: ${atSite.text}`);
  await call(
    'GET /v1/portal/products/{serviceTag}',
    200,
    'GET',
    `/v1/portal/products/${encodeURIComponent(firstProduct.serviceTag)}`,
    { token: admin },
  );
  const created = await call('POST /v1/portal/groups', 201, 'POST', '/v1/portal/groups', {
    token: admin,
    body: {
      name: 'Bench family',
      shared: true,
      definition: { kind: 'FAMILIES', families: [firstProduct.family] },
    },
  });
  const groupId = String(created.body.groupId);
  await call('GET /v1/portal/groups', 200, 'GET', '/v1/portal/groups', { token: admin });
  await call('GET /v1/portal/groups/{groupId}', 200, 'GET', `/v1/portal/groups/${groupId}`, { token: admin });
  await call('GET /v1/portal/products?group (first)', 200, 'GET', `/v1/portal/products?group=${groupId}`, {
    token: admin,
  });
  await call('GET /v1/portal/products?group (again)', 200, 'GET', `/v1/portal/products?group=${groupId}`, {
    token: admin,
  });
  await call(
    'GET /v1/portal/products?serviceTag (prefix)',
    200,
    'GET',
    `/v1/portal/products?serviceTag=${encodeURIComponent(firstProduct.serviceTag.slice(0, 3).toLowerCase())}`,
    { token: admin },
  );
  await call('GET /v1/portal/products?model (prefix)', 200, 'GET', '/v1/portal/products?model=a', {
    token: admin,
  });
  await call(
    'GET /v1/portal/products?sort=supportEndDate',
    200,
    'GET',
    '/v1/portal/products?sort=supportEndDate',
    {
      token: admin,
    },
  );
  await call('GET /v1/portal/exports/products (200, CSV)', 200, 'GET', '/v1/portal/exports/products', {
    token: admin,
  });
  await call('GET /v1/portal/visibility', 200, 'GET', '/v1/portal/visibility', { token: admin });
  await call('PUT /v1/portal/visibility', 200, 'PUT', '/v1/portal/visibility', {
    token: admin,
    body: { sites: [firstSite.siteId], families: 'ALL' },
  });
  // The membership policy (issue 15): a read is the account, then the profile beside the status check; a change
  // is the account, the profile, then one transaction (profile, domain copies, audit entry). Put back at once,
  // so the people who register below still join by domain.
  await call('GET /v1/portal/membership-policy', 200, 'GET', '/v1/portal/membership-policy', {
    token: admin,
  });
  await call('PUT /v1/portal/membership-policy', 200, 'PUT', '/v1/portal/membership-policy', {
    token: admin,
    body: { policy: 'APPROVAL' },
  });
  // Join requests (issue 15, item 2), while the policy is APPROVAL: two people ask, the list is the account and
  // one Query, an approval is the account, the request ∥ the person ∥ the profile, then the join's transaction
  // (with the request's Delete); a decline the same reads, then one transaction (account, Delete, audit items).
  const asking = ['jonas@acme.example', 'kai@acme.example'];
  const askers: string[] = [];
  for (const [index, email] of asking.entries()) {
    const token = await verified(email, index === 0 ? 'Jonas' : 'Kai');
    await call('PUT /v1/me/access-type', 200, 'PUT', '/v1/me/access-type', {
      token,
      body: { accessType: 'CUSTOMER_EMPLOYEE' },
    });
    const asked = await call('PUT /v1/me/registration (APPROVAL)', 200, 'PUT', '/v1/me/registration', {
      token,
      body: REGISTRATION,
    });
    if (asked.body.outcome !== 'AWAITING_APPROVAL') throw new Error(`registration answered ${asked.text}`);
    askers.push(String((asked.body.account as { userId?: string } | undefined)?.userId));
  }
  await call('GET /v1/portal/join-requests', 200, 'GET', '/v1/portal/join-requests', { token: admin });
  await call(
    'POST /v1/portal/join-requests/{userId}/approve',
    200,
    'POST',
    `/v1/portal/join-requests/${askers[0]}/approve`,
    { token: admin },
  );
  await call(
    'POST /v1/portal/join-requests/{userId}/decline',
    200,
    'POST',
    `/v1/portal/join-requests/${askers[1]}/decline`,
    { token: admin, body: { reason: 'Contractors get access through their own company.' } },
  );
  await call('PUT /v1/portal/membership-policy (back)', 200, 'PUT', '/v1/portal/membership-policy', {
    token: admin,
    body: { policy: 'AUTOMATIC' },
  });
  // The end of a membership (issue 15, item 4): the approved person is removed (the accounts, then the profile
  // ∥ their groups ∥ the notice's suppression check, then one transaction), and a new member leaves.
  await call('DELETE /v1/portal/members/{userId}', 200, 'DELETE', `/v1/portal/members/${askers[0]}`, {
    token: admin,
  });
  const leaving = await verified('lea@acme.example', 'Lea');
  await call('PUT /v1/me/access-type', 200, 'PUT', '/v1/me/access-type', {
    token: leaving,
    body: { accessType: 'CUSTOMER_EMPLOYEE' },
  });
  await call('PUT /v1/me/registration (single)', 200, 'PUT', '/v1/me/registration', {
    token: leaving,
    body: REGISTRATION,
  });
  await call('POST /v1/me/organization/leave', 200, 'POST', '/v1/me/organization/leave', {
    token: leaving,
    body: { organizationId: 'org-acme' },
  });
  // Invitations (issue 15, item 2): a colleague and a contractor invited in one request (the account ∥ the
  // status, the profile ∥ the pending Query, then one transaction), listed, resent, one revoked; the colleague
  // signs up and accepts (the account ∥ the token's item, the profile, then the join's transaction).
  const invited = await call('POST /v1/portal/invitations', 201, 'POST', '/v1/portal/invitations', {
    token: admin,
    body: {
      invitations: [
        { email: 'ivy@acme.example', role: 'MEMBER' },
        { email: 'sam@fieldservice.example', role: 'MEMBER', allowOutsideDomain: true },
      ],
    },
  });
  const [ivyInvitation, samInvitation] = (invited.body.items as { invitationId: string }[] | undefined) ?? [];
  await call('GET /v1/portal/invitations', 200, 'GET', '/v1/portal/invitations', { token: admin });
  await call(
    'POST /v1/portal/invitations/{invitationId}/resend',
    200,
    'POST',
    `/v1/portal/invitations/${ivyInvitation?.invitationId}/resend`,
    { token: admin },
  );
  await call(
    'DELETE /v1/portal/invitations/{invitationId}',
    200,
    'DELETE',
    `/v1/portal/invitations/${samInvitation?.invitationId}`,
    { token: admin },
  );
  const invitee = await verified('ivy@acme.example', 'Ivy');
  const invitationText = (await mailbox(stack).emailsTo('ivy@acme.example'))
    .filter((email) => /invites you/.test(email.subject))
    .at(-1)?.body.text;
  const invitationToken = /invitation\?token=([A-Za-z0-9_-]{43})/.exec(invitationText ?? '')?.[1];
  await call('POST /v1/invitations/accept', 200, 'POST', '/v1/invitations/accept', {
    token: invitee,
    body: { token: invitationToken },
  });
  // The audit log (issue 15): each page, whatever the filter, is the account read and one Query.
  await call('GET /v1/portal/audit-log', 200, 'GET', '/v1/portal/audit-log', { token: admin });
  await call('GET /v1/portal/audit-log?kind', 200, 'GET', '/v1/portal/audit-log?kind=MEMBER_JOINED', {
    token: admin,
  });
  const adminId = String((activated.body.account as { userId?: string } | undefined)?.userId);
  await call('GET /v1/portal/audit-log?person', 200, 'GET', `/v1/portal/audit-log?person=${adminId}`, {
    token: admin,
  });

  group = 'portal (Acme, a member who sees one site)';
  console.log(group);
  await call('GET /v1/portal/summary (member)', 200, 'GET', '/v1/portal/summary', { token: member });
  await call('GET /v1/portal/sites (member)', 200, 'GET', '/v1/portal/sites', { token: member });
  await call('GET /v1/portal/products (member, first)', 200, 'GET', '/v1/portal/products', { token: member });
  await call('GET /v1/portal/products (member, again)', 200, 'GET', '/v1/portal/products', { token: member });
  await call('GET /v1/portal/exports/products (member, CSV)', 200, 'GET', '/v1/portal/exports/products', {
    token: member,
  });
  await call('GET /v1/portal/products?group (member)', 200, 'GET', `/v1/portal/products?group=${groupId}`, {
    token: member,
  });
  await call(
    'GET /v1/portal/products/{serviceTag} (member)',
    200,
    'GET',
    `/v1/portal/products/${encodeURIComponent(productAtSite.serviceTag)}`,
    { token: member },
  );
  // A shared PRODUCTS group: a member sees only its products at their site, which only a read of the products
  // tells. The first list reads them after the groups; the next one beside them (2 in sequence).
  const productsGroup = await call('POST /v1/portal/groups (PRODUCTS)', 201, 'POST', '/v1/portal/groups', {
    token: admin,
    body: {
      name: 'Bench products',
      shared: true,
      definition: { kind: 'PRODUCTS', serviceTags: [firstProduct.serviceTag, productAtSite.serviceTag] },
    },
  });
  await call('GET /v1/portal/groups (member)', 200, 'GET', '/v1/portal/groups', { token: member });
  await call('GET /v1/portal/groups (member, again)', 200, 'GET', '/v1/portal/groups', { token: member });
  for (const time of ['first', 'again']) {
    await call(
      `GET /v1/portal/groups/{groupId} (member, PRODUCTS, ${time})`,
      200,
      'GET',
      `/v1/portal/groups/${String(productsGroup.body.groupId)}`,
      { token: member },
    );
  }
  // One exact tag and a model prefix read the member's rules alone (no overview).
  await call(
    'GET /v1/portal/products?serviceTag&match=exact (member)',
    200,
    'GET',
    `/v1/portal/products?serviceTag=${encodeURIComponent(productAtSite.serviceTag)}&match=exact`,
    { token: member },
  );
  await call('GET /v1/portal/products?model (member)', 200, 'GET', '/v1/portal/products?model=a', {
    token: member,
  });
  await call(
    'GET /v1/portal/products?serviceTag (member)',
    200,
    'GET',
    `/v1/portal/products?serviceTag=${encodeURIComponent(productAtSite.serviceTag.slice(0, 3))}`,
    { token: member },
  );

  // 5. No organization owns the domain: submit one for review. The submit call's own requests end with its
  // transaction (the use case only starts the workflow after it); the review workflow's first tasks, which
  // start at once, are background.
  group = 'onboarding: no match, organization request submitted';
  console.log(group);
  // Nothing but the calls has used DynamoDB so far (no job ran, no review started): attribution was exact.
  const stray = await meter.takeBackground();
  if (stray.roundTrips > 0) {
    throw new Error(`DynamoDB requests outside the calls: ${JSON.stringify(stray.operations)}`);
  }
  const globex = await verified('gus@globex.example', 'Gus');
  await call('PUT /v1/me/access-type', 200, 'PUT', '/v1/me/access-type', {
    token: globex,
    body: { accessType: 'CUSTOMER_EMPLOYEE' },
  });
  await call('PUT /v1/me/registration (none)', 200, 'PUT', '/v1/me/registration', {
    token: globex,
    body: REGISTRATION,
  });
  await call(
    'POST /v1/organization-requests',
    202,
    'POST',
    '/v1/organization-requests',
    { token: globex, body: ORGANIZATION_REQUEST },
    (operation) => operation.operation === 'TransactWriteItems',
  );
  const review = await meter.takeBackground(1500);
  await call('GET /v1/me', 200, 'GET', '/v1/me', { token: globex });
  await call('POST /v1/organization-requests (again)', 200, 'POST', '/v1/organization-requests', {
    token: globex,
    body: ORGANIZATION_REQUEST,
  });

  // 6. A person's account after the first access (docs/account.md): Bob, a member of Acme.
  group = ACCOUNT_GROUP;
  console.log(group);
  await call('POST /v1/password/forgot (account)', 202, 'POST', '/v1/password/forgot', {
    body: { email: 'bob@acme.example' },
  });
  await call('POST /v1/password/forgot (no account)', 202, 'POST', '/v1/password/forgot', {
    body: { email: 'nobody@acme.example' },
  });
  const resetCode = await mailbox(stack).latestCode('bob@acme.example', 'password reset');
  const resetPassword = 'Reset-Horse-Battery-1!';
  await call('POST /v1/password/reset', 200, 'POST', '/v1/password/reset', {
    body: { email: 'bob@acme.example', code: resetCode, password: resetPassword },
  });
  const bob = await signedIn(
    'sign-in (Cognito: ID token naming the organization)',
    'bob@acme.example',
    resetPassword,
  );
  await call('POST /v1/me/password (wrong current)', 400, 'POST', '/v1/me/password', {
    token: bob,
    body: { currentPassword: 'Not-The-Password-1!', newPassword: PASSWORD },
  });
  await call('POST /v1/me/password', 200, 'POST', '/v1/me/password', {
    token: bob,
    body: { currentPassword: resetPassword, newPassword: PASSWORD },
  });
  await call('POST /v1/me/sign-out-everywhere', 200, 'POST', '/v1/me/sign-out-everywhere', { token: bob });
  await call('GET /v1/me/export (member)', 200, 'GET', '/v1/me/export', { token: bob });
  await call('GET /v1/me/export (requester)', 200, 'GET', '/v1/me/export', { token: globex });
  // A change of address (to another Acme address: the organization stays) and an erasure (issue 14).
  await call('POST /v1/me/email', 202, 'POST', '/v1/me/email', {
    token: bob,
    body: { newEmail: 'robert@acme.example', currentPassword: PASSWORD },
  });
  const changeCode = await mailbox(stack).latestCode('robert@acme.example', 'email change');
  await call('POST /v1/me/email/confirm', 200, 'POST', '/v1/me/email/confirm', {
    token: bob,
    body: { newEmail: 'robert@acme.example', code: changeCode },
  });
  const leaver = await verified('lea@acme.example', 'Lea');
  await call('POST /v1/me/delete (limited account)', 200, 'POST', '/v1/me/delete', {
    token: leaver,
    body: { currentPassword: PASSWORD },
  });

  // 7. The portal's administration and background export (issues 15 and 18).
  group = 'portal administration and exports (Acme)';
  console.log(group);
  await call('GET /v1/portal/members', 200, 'GET', '/v1/portal/members', { token: admin });
  await call('PATCH /v1/portal/groups/{groupId}', 200, 'PATCH', `/v1/portal/groups/${groupId}`, {
    token: admin,
    body: { name: 'Bench family (renamed)' },
  });
  await call('DELETE /v1/portal/groups/{groupId}', 204, 'DELETE', `/v1/portal/groups/${groupId}`, {
    token: admin,
  });
  await meter.takeBackground();
  const exportJob = await call('POST /v1/portal/export-jobs', 202, 'POST', '/v1/portal/export-jobs', {
    token: admin,
    body: { format: 'csv' },
  });
  const exportId = String(exportJob.body.exportId);
  // The export runs in the export workflow: wait for it unmetered, then meter one read of the finished job.
  for (let tries = 0; tries < 100; tries++) {
    const job = await api('GET', `/v1/portal/export-jobs/${exportId}`, { token: admin });
    if (job.body.state !== 'RUNNING' && job.body.state !== 'QUEUED') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const exportWorkflow = await meter.takeBackground(500);
  await call('GET /v1/portal/export-jobs/{exportId}', 200, 'GET', `/v1/portal/export-jobs/${exportId}`, {
    token: admin,
  });
  // The weekly support-expiry digest: the person's choice, and the public unsubscribe of a digest's link.
  await call('PUT /v1/me/support-digest', 200, 'PUT', '/v1/me/support-digest', {
    token: admin,
    body: { enabled: true },
  });
  const adminAccount = await api('GET', '/v1/me', { token: admin });
  const digestToken = unsubscribeToken(loadState(stack.dataDirectory).codeSecret, {
    organizationId: String((adminAccount.body.organization as Record<string, unknown>)['organizationId']),
    userId: String(adminAccount.body.userId),
  });
  await call('POST /v1/support-digest/unsubscribe', 200, 'POST', '/v1/support-digest/unsubscribe', {
    body: { token: digestToken },
  });
  const supportDigestJob = await meterDigestJob(stack, meter, proxyUrl, {
    organizationId: String((adminAccount.body.organization as Record<string, unknown>)['organizationId']),
    tokens: [admin, member],
  });

  // 8. Operators: the review queue and the organization directory (issue 16).
  group = 'operators: review queue and organization directory';
  console.log(group);
  const operator = await signedIn(
    'sign-in (Cognito: operator, no account)',
    stack.operator.email,
    stack.operator.password,
  );
  await call('GET /v1/operator/organization-requests', 200, 'GET', '/v1/operator/organization-requests', {
    token: operator,
  });
  await call('GET /v1/operator/organizations?name', 200, 'GET', '/v1/operator/organizations?name=ac', {
    token: operator,
  });
  await call(
    'GET /v1/operator/organizations?domain',
    200,
    'GET',
    '/v1/operator/organizations?domain=acme.example',
    { token: operator },
  );
  const createdOrganization = await call(
    'POST /v1/operator/organizations',
    201,
    'POST',
    '/v1/operator/organizations',
    {
      token: operator,
      body: {
        name: 'Initech GmbH',
        country: 'DE',
        address: { line1: 'Hafenstraße 3', city: 'Hamburg', postalCode: '20457' },
        kind: 'CUSTOMER',
      },
    },
  );
  const initech = String(createdOrganization.body.organizationId);
  await call(
    'GET /v1/operator/organizations/{organizationId}',
    200,
    'GET',
    `/v1/operator/organizations/${initech}`,
    { token: operator },
  );
  await call(
    'PATCH /v1/operator/organizations/{organizationId} (add a domain)',
    200,
    'PATCH',
    `/v1/operator/organizations/${initech}`,
    { token: operator, body: { revision: 0, addDomains: ['initech.example'] } },
  );
  await call(
    'GET /v1/operator/organizations/{organizationId}/audit-log',
    200,
    'GET',
    '/v1/operator/organizations/org-acme/audit-log',
    { token: operator },
  );
  await call('GET /v1/operator/suppressed-addresses', 200, 'GET', '/v1/operator/suppressed-addresses', {
    token: operator,
  });

  // 9. Identity reconciliation (issue 21): one whole pass over the pool as operators start it, and the re-link
  // of a re-sign-up whose old Cognito user is gone (Bob, robert@ since his email change: his address item
  // moved with it).
  group = RECONCILIATION_GROUP;
  console.log(group);
  const { cognito } = awsClients(stack);
  let poolUsers = 0;
  let token: string | undefined;
  do {
    const page = await cognito.send(
      new ListUsersCommand({ UserPoolId: stack.userPoolId, Limit: 60, PaginationToken: token }),
    );
    poolUsers += page.Users?.length ?? 0;
    token = page.PaginationToken;
  } while (token);
  const passCalls: CallFigures[] = [];
  for (;;) {
    const answer = await call(
      'POST /v1/operator/identity-reconciliation (a pass)',
      200,
      'POST',
      '/v1/operator/identity-reconciliation',
      { token: operator },
    );
    const last = calls.at(-1);
    if (last) passCalls.push(last);
    if (answer.body.unfinished !== true) break;
  }
  const reconciliation = reconciliationFigures(passCalls, poolUsers);
  await cognito.send(
    new AdminDeleteUserCommand({ UserPoolId: stack.userPoolId, Username: 'robert@acme.example' }),
  );
  await call('POST /v1/signup (again, user deleted)', 202, 'POST', '/v1/signup', {
    body: { ...person('robert@acme.example'), firstName: 'Bob' },
  });
  const bobCode = await mailbox(stack).latestCode('robert@acme.example');
  const relinked = await call('POST /v1/signup/verify (re-link)', 200, 'POST', '/v1/signup/verify', {
    body: { email: 'robert@acme.example', code: bobCode },
  });
  if (relinked.body.state !== 'ACTIVE') throw new Error(`re-link answered ${relinked.text}`);
  const loadAfter = os.loadavg();

  const onboardings = [...new Set(calls.map((entry) => entry.group))]
    .filter((name) => name.startsWith('onboarding'))
    .map((name) => {
      const steps = calls.filter((entry) => entry.group === name);
      return {
        onboarding: name,
        calls: steps.length,
        roundTrips: steps.reduce((sum, entry) => sum + entry.roundTrips, 0),
        readUnits: round(
          steps.reduce((sum, entry) => sum + entry.readUnits, 0),
          2,
        ),
        writeUnits: round(
          steps.reduce((sum, entry) => sum + entry.writeUnits, 0),
          2,
        ),
        reported: {
          readUnits: round(
            steps.reduce((sum, entry) => sum + entry.reported.readUnits, 0),
            2,
          ),
          writeUnits: round(
            steps.reduce((sum, entry) => sum + entry.reported.writeUnits, 0),
            2,
          ),
        },
      };
    });
  const targets = {
    maxRoundTripsPerCall: MAX_ROUND_TRIPS_PER_CALL,
    maxWriteUnitsPerOnboarding: MAX_WCU_PER_ONBOARDING,
    callsOverRoundTrips: [
      ...new Set(
        calls
          .filter(
            (c) =>
              c.group !== ACCOUNT_GROUP &&
              c.group !== RECONCILIATION_GROUP &&
              c.roundTrips > MAX_ROUND_TRIPS_PER_CALL,
          )
          .map((c) => c.call),
      ),
    ],
    maxRoundTripsPerAccountCall: MAX_ROUND_TRIPS_PER_ACCOUNT_CALL,
    accountCallsOverRoundTrips: [
      ...new Set(
        calls
          .filter((c) => c.group === ACCOUNT_GROUP && c.roundTrips > MAX_ROUND_TRIPS_PER_ACCOUNT_CALL)
          .map((c) => c.call),
      ),
    ],
    /** Issue 18: every portal read at most 2 round trips in sequence. */
    portalReadsOverSequentialRoundTrips: calls
      .filter((c) => c.call.startsWith('GET /v1/portal/') && c.sequential > MAX_ROUND_TRIPS_PER_CALL)
      .map((c) => c.call),
    onboardingsOverWriteUnits: onboardings
      .filter((o) => o.writeUnits > MAX_WCU_PER_ONBOARDING)
      .map((o) => o.onboarding),
  };
  printReport(calls, onboardings, review);
  console.log(
    `\nIdentity reconciliation: one pass over ${poolUsers} users in ${reconciliation.runs} run(s): ` +
      `${reconciliation.measured.roundTrips} round trips, ${reconciliation.measured.readUnits} RCU, ` +
      `${reconciliation.measured.writeUnits} WCU; per user ${reconciliation.perUser.roundTrips} round trips, ` +
      `${reconciliation.perUser.readUnits} RCU; per 100k users about ${reconciliation.per100kUsers.roundTrips} ` +
      `round trips, ${reconciliation.per100kUsers.readUnits} RCU, ${reconciliation.per100kUsers.cognitoCalls} ` +
      `ListUsers calls (+ per run: the cursor's read and write, ListUsersInGroup)`,
  );
  console.log(
    `\nLoad average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, ` +
      `after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
  );
  return {
    database:
      'DynamoDB Local behind a metering proxy; transactional writes and missing batch keys priced by the published rules (reported: raw)',
    stack: { demoProducts: 200, loadAverage: { before: loadBefore, after: loadAfter } },
    targets,
    calls,
    onboardings,
    reviewWorkflowAfterSubmit: review,
    exportWorkflowOf200Products: exportWorkflow,
    identityReconciliation: reconciliation,
    supportDigestJob,
  };
}

/**
 * One run of the send-support-digests job for one due organization, in this process through the metering
 * proxy (its local timer runs hourly at the bench's pace): the organization gets a site and two products
 * whose support changes this week, two of its members receive the digest, and its schedule is moved to a
 * minute ago as if Monday 06:00 had come. The job's own DynamoDB calls are metered; SES is replaced by a mailer
 * that counts (the suppression-list read before each email is kept). Per person: the figures of a run less
 * those of a run with nobody to send to (the per-organization part), divided by the recipients.
 */
async function meterDigestJob(
  stack: RunningStack,
  meter: WireMeter,
  proxyUrl: string,
  input: { readonly organizationId: string; readonly tokens: readonly string[] },
) {
  const api = apiClient(stack);
  const { organizationId } = input;
  const week = isoWeekOf(new Date());
  const operator = await signIn(stack, stack.operator.email, stack.operator.password);
  const importInto = (kind: string, rows: unknown[]) =>
    api('POST', `/v1/operator/organizations/${organizationId}/imports/${kind}`, {
      token: operator,
      body: { rows },
    });
  await importInto('sites', [
    { siteId: 'DIGEST-1', name: 'Digest Plant', address: '1 Weekly Way', city: 'Berlin', country: 'DE' },
  ]);
  const product = (serviceTag: string, supportEndDate: string) => ({
    serviceTag,
    model: 'R750',
    family: 'PowerEdge',
    siteId: 'DIGEST-1',
    supportEndDate,
  });
  await importInto('products', [
    product('DIG-EXPIRING', addDays(week.from, 92)),
    product('DIG-EXPIRED', addDays(week.to, -1)),
  ]);
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: proxyUrl,
      region: stack.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  let sent = 0;
  const deps: SupportDigestJobDependencies = {
    dueWork: new DynamoDueWorkIndex(documents, LOCAL_TABLE_NAME),
    clock: { now: () => new Date() },
    mailer: new SuppressingMailer(
      {
        send: async () => {
          sent += 1;
        },
      },
      new DynamoSuppressionList(documents, LOCAL_TABLE_NAME),
    ),
    codeSecret: new ConfiguredCodeSecret(loadState(stack.dataDirectory).codeSecret),
    portalUrl: 'http://127.0.0.1:3000',
    digests: new DynamoSupportDigestStore(documents, LOCAL_TABLE_NAME),
    overview: new DynamoPortalOverviewReader(documents, LOCAL_TABLE_NAME),
  };
  const due = async () => {
    const at = keys.due('SUPPORT_DIGEST', organizationId, new Date(Date.now() - 60_000));
    await documents.send(
      new UpdateCommand({
        TableName: LOCAL_TABLE_NAME,
        Key: keys.digestSchedule(organizationId),
        UpdateExpression: 'SET duePk = :duePk, dueSk = :dueSk',
        ExpressionAttributeValues: { ':duePk': at.duePk, ':dueSk': at.dueSk },
      }),
    );
  };
  const budget = { pageSize: 50, hasTimeLeft: () => true };
  const run = async (label: string) => {
    await due();
    sent = 0;
    const { usage } = await meter.during(label, () => sendSupportDigests(deps, budget));
    return { sent, usage };
  };
  for (const token of input.tokens) {
    await api('PUT', '/v1/me/support-digest', { token, body: { enabled: true } });
  }
  const withRecipients = await run('send-support-digests (due organization, digests sent)');
  // The same week again: every marker is taken, so nobody is sent to: what the organization itself costs
  // plus one refused marker write per recipient.
  const rerun = await run('send-support-digests (the same week again)');
  for (const token of input.tokens) {
    await api('PUT', '/v1/me/support-digest', { token, body: { enabled: false } });
  }
  const nobody = await run('send-support-digests (nobody receives it)');
  const backfill = await meterDigestBackfill(meter, documents, organizationId);
  const recipients = withRecipients.sent;
  const per = (pick: (usage: WireUsage) => number) =>
    recipients > 0 ? round((pick(withRecipients.usage) - pick(nobody.usage)) / recipients, 2) : 0;
  const figures = {
    recipients,
    perRun: pick(withRecipients.usage),
    rerunOfTheWeek: pick(rerun.usage),
    perOrganization: pick(nobody.usage),
    perPerson: {
      roundTrips: per((u) => u.roundTrips),
      readUnits: per((u) => u.readUnits),
      writeUnits: per((u) => u.writeUnits),
    },
    backfill,
  };
  console.log(
    `\nSupport digest job: ${recipients} digests in ${figures.perRun.roundTrips} round trips ` +
      `(${figures.perRun.sequential} in sequence), ${figures.perRun.readUnits} RCU, ${figures.perRun.writeUnits} WCU; ` +
      `per organization ${figures.perOrganization.roundTrips} round trips, ${figures.perOrganization.readUnits} RCU, ` +
      `${figures.perOrganization.writeUnits} WCU; per person ${figures.perPerson.roundTrips} round trips, ` +
      `${figures.perPerson.readUnits} RCU, ${figures.perPerson.writeUnits} WCU; the week's rerun ` +
      `${figures.rerunOfTheWeek.roundTrips} round trips, ${figures.rerunOfTheWeek.writeUnits} WCU`,
  );
  return figures;
}

/**
 * The backfill-digest-schedules job (issue 18): the organization's schedule and the job's cursor are deleted (as
 * before schedules existed, and in case the local timer already ran the pass), then one whole pass is metered
 * (every byDue SUPPORT_STATUS entry of the local table, in the jobs function's pages of BACKFILL_PAGE_SIZE), and a second
 * run, which only reads the cursor.
 */
async function meterDigestBackfill(
  meter: WireMeter,
  documents: DynamoDBDocumentClient,
  organizationId: string,
) {
  await documents.send(
    new DeleteCommand({ TableName: LOCAL_TABLE_NAME, Key: keys.digestSchedule(organizationId) }),
  );
  await documents.send(
    new DeleteCommand({ TableName: LOCAL_TABLE_NAME, Key: keys.jobCursor(DIGEST_SCHEDULE_BACKFILL_JOB) }),
  );
  const deps = {
    dueWork: new DynamoDueWorkIndex(documents, LOCAL_TABLE_NAME),
    clock: { now: () => new Date() },
    cursors: new DynamoJobCursorStore(documents, LOCAL_TABLE_NAME),
    digests: new DynamoSupportDigestStore(documents, LOCAL_TABLE_NAME),
  };
  const budget = { pageSize: BACKFILL_PAGE_SIZE, hasTimeLeft: () => true };
  const pass = await meter.during('backfill-digest-schedules (one whole pass)', () =>
    backfillDigestSchedules(deps, budget),
  );
  const complete = await meter.during('backfill-digest-schedules (pass complete)', () =>
    backfillDigestSchedules(deps, budget),
  );
  const { Item } = await documents.send(
    new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: keys.digestSchedule(organizationId) }),
  );
  if (typeof Item?.dueSk !== 'string')
    throw new Error('the backfill did not schedule the digest organization');
  const figures = {
    organizationsScheduled: pass.answer.done,
    pass: pick(pass.usage),
    afterwards: pick(complete.usage),
  };
  console.log(
    `Digest schedule backfill: ${figures.organizationsScheduled} organizations scheduled in ` +
      `${figures.pass.roundTrips} round trips, ${figures.pass.readUnits} RCU, ${figures.pass.writeUnits} WCU; ` +
      `once complete ${figures.afterwards.roundTrips} round trip, ${figures.afterwards.readUnits} RCU`,
  );
  return figures;
}

function pick(usage: WireUsage) {
  return {
    roundTrips: usage.roundTrips,
    sequential: usage.sequential,
    readUnits: usage.readUnits,
    writeUnits: usage.writeUnits,
  };
}

const RECONCILIATION_GROUP = 'identity reconciliation and re-link (issue 21)';
/** Cognito's largest ListUsers page. */
const POOL_PAGE = 60;

/**
 * A pass's figures, and per user and per 100k users. Per run the job reads and writes its cursor (one GetItem,
 * one PutItem) whatever the pool's size; the rest is per user (one GetItem of the account, in parallel per page
 * of 60, plus one write per repair: none in a pool without drift). Cognito calls are not metered here (the proxy
 * sees DynamoDB only): a pass makes ceil(users / 60) ListUsers calls and one ListUsersInGroup per run.
 */
function reconciliationFigures(pass: readonly CallFigures[], users: number) {
  const sum = (pick: (c: CallFigures) => number) =>
    round(
      pass.reduce((total, c) => total + pick(c), 0),
      2,
    );
  const measured = {
    roundTrips: sum((c) => c.roundTrips),
    sequential: sum((c) => c.sequential),
    readUnits: sum((c) => c.readUnits),
    writeUnits: sum((c) => c.writeUnits),
  };
  const runs = pass.length;
  const perRun = { roundTrips: 2, readUnits: 1, writeUnits: 1 };
  const perUser = {
    roundTrips: round(Math.max(0, measured.roundTrips - runs * perRun.roundTrips) / Math.max(users, 1), 3),
    readUnits: round(Math.max(0, measured.readUnits - runs * perRun.readUnits) / Math.max(users, 1), 3),
  };
  return {
    users,
    runs,
    measured,
    perRun,
    perUser,
    per100kUsers: {
      roundTrips: Math.round(perUser.roundTrips * 100_000),
      readUnits: Math.round(perUser.readUnits * 100_000),
      pages: Math.ceil(100_000 / POOL_PAGE),
      cognitoCalls: Math.ceil(100_000 / POOL_PAGE),
      note: 'plus per run (a run covers as many pages as 4.5 minutes allow): 2 round trips, 1 RCU, 1 WCU; plus one write per repair',
    },
  };
}

/** The role an activating answer gives (`account.organization.role`), if it activated. */
function roleOf(answer: ApiAnswer): string | undefined {
  const account = answer.body.account as { organization?: { role?: string } } | undefined;
  return answer.body.outcome === 'ACTIVE' ? account?.organization?.role : undefined;
}

function printReport(
  calls: readonly CallFigures[],
  onboardings: readonly {
    onboarding: string;
    calls: number;
    roundTrips: number;
    readUnits: number;
    writeUnits: number;
    reported: { readUnits: number; writeUnits: number };
  }[],
  review: WireUsage,
): void {
  let lastGroup = '';
  const rows: string[][] = [
    [
      'call',
      'group',
      'round trips',
      'in sequence',
      'RCU',
      'WCU',
      'raw RCU/WCU',
      'within target',
      '≤ 2 in sequence',
    ],
  ];
  for (const entry of calls) {
    rows.push([
      entry.call,
      entry.group === lastGroup ? '' : entry.group.replace(/^onboarding: /, ''),
      String(entry.roundTrips),
      String(entry.sequential),
      entry.readUnits.toFixed(1),
      entry.writeUnits.toFixed(1),
      `${entry.reported.readUnits.toFixed(1)}/${entry.reported.writeUnits.toFixed(1)}`,
      entry.roundTrips <=
      (entry.group === ACCOUNT_GROUP ? MAX_ROUND_TRIPS_PER_ACCOUNT_CALL : MAX_ROUND_TRIPS_PER_CALL)
        ? 'yes'
        : 'NO',
      entry.sequential <= MAX_ROUND_TRIPS_PER_CALL ? 'yes' : 'NO',
    ]);
    lastGroup = entry.group;
  }
  rows.push([
    '(review workflow after submit)',
    'background',
    String(review.roundTrips),
    '',
    review.readUnits.toFixed(1),
    review.writeUnits.toFixed(1),
    `${review.reported.readUnits.toFixed(1)}/${review.reported.writeUnits.toFixed(1)}`,
    '',
    '',
  ]);
  console.log('\nPer call (DynamoDB requests of the handler, in order)');
  printTable(rows);

  const totals: string[][] = [
    ['onboarding', 'calls', 'round trips', 'RCU', 'WCU', 'raw RCU/WCU', '≤ 12 WCU'],
  ];
  for (const o of onboardings) {
    totals.push([
      o.onboarding.replace(/^onboarding: /, ''),
      String(o.calls),
      String(o.roundTrips),
      o.readUnits.toFixed(1),
      o.writeUnits.toFixed(1),
      `${o.reported.readUnits.toFixed(1)}/${o.reported.writeUnits.toFixed(1)}`,
      o.writeUnits <= MAX_WCU_PER_ONBOARDING ? 'yes' : 'NO',
    ]);
  }
  console.log('\nPer onboarding');
  printTable(totals);

  console.log('\nRequests of each call');
  for (const entry of calls) {
    console.log(`  ${entry.call} [${entry.group.replace(/^onboarding: /, '')}]`);
    for (const op of entry.operations) {
      console.log(
        `    ${op.operation.padEnd(18)} ${op.status === 200 ? '' : `(${op.status}) `}` +
          `R ${op.readUnits.toFixed(1)} W ${op.writeUnits.toFixed(1)}  ${op.what.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')}`,
      );
    }
  }
}
