import {
  createCognitoClient,
  createDynamoDocumentClient,
  createSecretsManagerClient,
  createSesClient,
  createS3Client,
  createStepFunctionsClient,
} from './adapters/aws-clients';
import { DynamoExportJobStore } from './adapters/dynamodb/export-job.store';
import { S3ExportLinks } from './adapters/s3/export-links';
import { StepFunctionsExportWorkflow } from './adapters/stepfunctions/export.workflow';
import { DynamoDueWorkIndex } from './adapters/dynamodb/due-work.index';
import { DynamoOrganizationRequestStore } from './adapters/dynamodb/organization-request.store';
import { StepFunctionsReviewWorkflow } from './adapters/stepfunctions/review.workflow';
import { CognitoIdentityDirectory } from './adapters/cognito/cognito.identity-directory';
import { CognitoIdentityProvider } from './adapters/cognito/cognito.identity-provider';
import { DynamoAdministratorDirectory } from './adapters/dynamodb/administrator.directory';
import { DynamoJobCursorStore } from './adapters/dynamodb/job-cursor.store';
import { DEFAULT_DRIFT_RULES } from './domain/identity-drift';
import { OPERATORS_GROUP } from '../http/route';
import type { PortalAccessDependencies } from './use-cases/portal-access';
import type { ReconciliationDependencies } from './use-cases/jobs/reconcile-identities';
import { DynamoAccountStore } from './adapters/dynamodb/account.store';
import { DynamoAccountExitStore } from './adapters/dynamodb/account-exit.store';
import { DynamoJoinRequestStore } from './adapters/dynamodb/join-request.store';
import { DynamoInvitationStore } from './adapters/dynamodb/invitation.store';
import { DynamoAccountRelinkStore } from './adapters/dynamodb/account-relink.store';
import { DynamoAddressBackfillStore } from './adapters/dynamodb/address-backfill.store';
import { DynamoOrganizationDirectory } from './adapters/dynamodb/organization.directory';
import { DynamoOrganizationStatusReader } from './adapters/dynamodb/organization-status.reader';
import { DynamoOrganizationCatalogue } from './adapters/dynamodb/organization.catalogue';
import { DynamoPortalInventory } from './adapters/dynamodb/portal-inventory.store';
import { DynamoPortalInventoryWriter } from './adapters/dynamodb/portal-inventory.writer';
import { DynamoPortalSettings } from './adapters/dynamodb/portal-settings.store';
import { DynamoPortalOverviewReader } from './adapters/dynamodb/portal-overview.reader';
import { DynamoMemberDirectory } from './adapters/dynamodb/member.directory';
import { DynamoAuditLog } from './adapters/dynamodb/audit-log.store';
import { DynamoPersonalDataReader } from './adapters/dynamodb/personal-data.reader';
import { DynamoIdempotencyStore } from './adapters/dynamodb/idempotency.store';
import { ConfiguredCodeSecret, SecretsManagerCodeSecret } from './adapters/secrets/code-secret';
import { SesMailer } from './adapters/ses/ses.mailer';
import { SuppressingMailer } from './adapters/ses/suppressing.mailer';
import { DynamoSuppressionList } from './adapters/dynamodb/suppression.list';
import { RecentPortalReads } from './use-cases/portal/recent-reads';
import { ConfigurationError, parseConfig, parseTableReaderConfig, type PorticoConfig } from './config';
import { ORGANIZATION_CLAIM_READ } from '../auth/token-claims';
import type { OrganizationClaimDependencies } from './use-cases/organization-claim';
import type {
  AccountExitStore,
  JoinRequestStore,
  InvitationStore,
  AccountRelinkStore,
  AccountStore,
  AuditLog,
  Clock,
  CodeSecret,
  DueWorkIndex,
  ExportLinks,
  ExportJobStore,
  ExportWorkflow,
  IdempotencyStore,
  IdentityProvider,
  Mailer,
  MemberDirectory,
  OrganizationCatalogue,
  OrganizationDirectory,
  OrganizationStatusReader,
  PersonalDataReader,
  PortalInventory,
  PortalInventoryWriter,
  PortalOverviewReader,
  PortalSettings,
  OrganizationRequestStore,
  ReviewWorkflow,
  SuppressionList,
  SupportDigestStore,
} from './ports';
import { DynamoSupportDigestStore } from './adapters/dynamodb/support-digest.store';

/**
 * The composition root: the adapters a function uses, each made once per execution environment from the
 * validated configuration. Handlers take only the pieces they need, so each bundle holds only those clients:
 * every accessor is marked `@__PURE__`, which lets esbuild drop the ones (and the SDK clients) a bundle does
 * not use; without it, every function carried every client.
 */

function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}

export const config = /* @__PURE__ */ once((): PorticoConfig => parseConfig(process.env));
const documents = /* @__PURE__ */ once(() => createDynamoDocumentClient());

export const systemClock: Clock = { now: () => new Date() };
export const accountStore = /* @__PURE__ */ once(
  (): AccountStore => new DynamoAccountStore(documents(), config().tableName, config().reminderAfterSeconds),
);
/** The join requests (list, read, decline) of organizations with the APPROVAL policy. */
export const joinRequestStore = /* @__PURE__ */ once(
  (): JoinRequestStore =>
    new DynamoJoinRequestStore(documents(), config().tableName, config().reminderAfterSeconds),
);
/** Invitations (create, list, resend, revoke, read by token). */
export const invitationStore = /* @__PURE__ */ once(
  (): InvitationStore => new DynamoInvitationStore(documents(), config().tableName),
);
/** The account store with the writes of leaving an organization and of erasure (their functions only). */
export const accountExitStore = /* @__PURE__ */ once(
  (): AccountExitStore =>
    new DynamoAccountExitStore(documents(), config().tableName, config().reminderAfterSeconds),
);
export const organizationRequests = /* @__PURE__ */ once(
  (): OrganizationRequestStore =>
    new DynamoOrganizationRequestStore(
      documents(),
      config().tableName,
      config().reviewRules,
      config().reminderAfterSeconds,
    ),
);
export const dueWorkIndex = /* @__PURE__ */ once(
  (): DueWorkIndex => new DynamoDueWorkIndex(documents(), config().tableName),
);
export const reviewWorkflow = /* @__PURE__ */ once((): ReviewWorkflow => {
  const arn = config().reviewStateMachineArn;
  if (!arn) throw new ConfigurationError('REVIEW_STATE_MACHINE_ARN is not set for this function');
  return new StepFunctionsReviewWorkflow(createStepFunctionsClient(), arn);
});
export const organizationDirectory = /* @__PURE__ */ once(
  (): OrganizationDirectory => new DynamoOrganizationDirectory(documents(), config().tableName),
);
/** The directory with the operators' name list, edits and history (operator functions only). */
export const organizationCatalogue = /* @__PURE__ */ once(
  (): OrganizationCatalogue => new DynamoOrganizationCatalogue(documents(), config().tableName),
);
/** The administrators of an organization (reconciliation's check, and who hears of a join request). */
export const administratorDirectory = /* @__PURE__ */ once(
  () => new DynamoAdministratorDirectory(documents(), config().tableName),
);
export const portalSettings = /* @__PURE__ */ once(
  (): PortalSettings => new DynamoPortalSettings(documents(), config().tableName),
);
/** The profile, sites and rules of an organization in one Query (most portal reads). */
/** Whether the caller's organization still admits its members (every portal route). */
export const organizationStatus = /* @__PURE__ */ once(
  (): OrganizationStatusReader => new DynamoOrganizationStatusReader(documents(), config().tableName),
);
/** What every portal route checks first: the caller's account, and their organization's status. */
export const portalAccess = /* @__PURE__ */ once((): PortalAccessDependencies => ({
  accounts: accountStore(),
  organizationStatus: organizationStatus(),
}));
export const portalOverview = /* @__PURE__ */ once(
  (): PortalOverviewReader => new DynamoPortalOverviewReader(documents(), config().tableName),
);
/** The rules and groups this execution environment read last (use-cases/portal/recent-reads.ts). */
export const recentPortalReads = /* @__PURE__ */ once(() => new RecentPortalReads());
export const memberDirectory = /* @__PURE__ */ once(
  (): MemberDirectory => new DynamoMemberDirectory(documents(), config().tableName),
);
export const auditLog = /* @__PURE__ */ once(
  (): AuditLog => new DynamoAuditLog(documents(), config().tableName),
);
export const portalInventory = /* @__PURE__ */ once(
  (): PortalInventory => new DynamoPortalInventory(documents(), config().tableName),
);
/** The inventory with its writes (imports and the support-status job only). */
export const portalInventoryWriter = /* @__PURE__ */ once(
  (): PortalInventoryWriter => new DynamoPortalInventoryWriter(documents(), config().tableName),
);
/**
 * Background exports: the jobs (table), their links (S3) and the workflow that writes them (Step Functions). The
 * files themselves are wired in export-files.wiring.ts, so that only the export function bundles their writer.
 */
export const exportJobs = /* @__PURE__ */ once(
  (): ExportJobStore => new DynamoExportJobStore(documents(), config().tableName),
);
export const exportLinks = /* @__PURE__ */ once((): ExportLinks => {
  const { bucketName, forcePathStyle } = config().exports;
  if (!bucketName) throw new ConfigurationError('EXPORT_BUCKET_NAME is not set for this function');
  return new S3ExportLinks(createS3Client({ forcePathStyle }), bucketName);
});
export const exportWorkflow = /* @__PURE__ */ once((): ExportWorkflow => {
  const arn = config().exports.stateMachineArn;
  if (!arn) throw new ConfigurationError('EXPORT_STATE_MACHINE_ARN is not set for this function');
  return new StepFunctionsExportWorkflow(createStepFunctionsClient(), arn);
});
/** Everything stored about a person beside their account, for the export. */
export const personalDataReader = /* @__PURE__ */ once(
  (): PersonalDataReader => new DynamoPersonalDataReader(documents(), config().tableName, portalSettings()),
);
/** Answers kept under Idempotency-Key headers, for every write route (functions/http/idempotency.ts). */
export const idempotencyStore = /* @__PURE__ */ once(
  (): IdempotencyStore => new DynamoIdempotencyStore(documents(), config().tableName),
);
export const identityProvider = /* @__PURE__ */ once(
  (): IdentityProvider =>
    new CognitoIdentityProvider(createCognitoClient(), config().userPoolId, config().userPoolClientId),
);
/** Addresses Portico no longer emails (hard bounces, complaints). */
export const suppressionList = /* @__PURE__ */ once(
  (): SuppressionList => new DynamoSuppressionList(documents(), config().tableName),
);
/** SES, behind the suppression list: a suppressed address gets nothing, and the caller cannot tell. */
export const mailer = /* @__PURE__ */ once(
  (): Mailer =>
    new SuppressingMailer(new SesMailer(createSesClient(), config().mailFromAddress), suppressionList()),
);
export const codeSecret = /* @__PURE__ */ once((): CodeSecret => {
  const secret = config().codeSecret;
  return 'value' in secret
    ? new ConfiguredCodeSecret(secret.value)
    : new SecretsManagerCodeSecret(createSecretsManagerClient(), secret.arn);
});

export const supportDigestStore = /* @__PURE__ */ once(
  (): SupportDigestStore => new DynamoSupportDigestStore(documents(), config().tableName),
);

/**
 * The pre-token-generation trigger's one read (functions/auth/pre-token-generation.handler.ts): the account, over
 * a client of its own that gives up fast (ORGANIZATION_CLAIM_READ), with the table-only settings that function
 * is given (it cannot name the user pool that invokes it: config.ts, TableReaderEnvironment).
 */
export const organizationClaimDependencies = /* @__PURE__ */ once((): OrganizationClaimDependencies => {
  const { tableName, reminderAfterSeconds } = parseTableReaderConfig(process.env);
  const { deadlineMs, maxAttempts, connectionMs, requestMs } = ORGANIZATION_CLAIM_READ;
  const client = createDynamoDocumentClient({ maxAttempts, timeouts: { connectionMs, requestMs } });
  return { accounts: new DynamoAccountStore(client, tableName, reminderAfterSeconds), deadlineMs };
});

/** What the sign-up and code routes use. */
export const onboardingDependencies = /* @__PURE__ */ once(() => ({
  accounts: accountStore(),
  organizations: organizationDirectory(),
  identity: identityProvider(),
  mailer: mailer(),
  codeSecret: codeSecret(),
  clock: systemClock,
  codeRules: config().codeRules,
  portalUrl: config().portalUrl,
}));

/** What verification uses: the sign-up pieces, with the store that re-links (only its function bundles it). */
export const verificationDependencies = /* @__PURE__ */ once(() => ({
  ...onboardingDependencies(),
  accounts: new DynamoAccountRelinkStore(
    documents(),
    config().tableName,
    config().reminderAfterSeconds,
  ) as AccountRelinkStore,
}));

/** What the change of email address uses: the sign-up pieces, and the groups a person leaving deletes. */
export const emailChangeDependencies = /* @__PURE__ */ once(() => ({
  ...onboardingDependencies(),
  accounts: accountExitStore(),
  administrators: administratorDirectory(),
  settings: portalSettings(),
}));

/** What an erasure uses (the person's own "delete my account", and jobs that erase). */
export const erasureDependencies = /* @__PURE__ */ once(() => ({
  accounts: accountExitStore(),
  organizations: organizationDirectory(),
  requests: organizationRequests(),
  identity: identityProvider(),
  mailer: mailer(),
  clock: systemClock,
  settings: portalSettings(),
}));

/** What removing a member and leaving use (use-cases/portal/membership-exit.ts). */
export const membershipExitDependencies = /* @__PURE__ */ once(() => ({
  accounts: accountExitStore(),
  organizations: organizationDirectory(),
  settings: portalSettings(),
  identity: identityProvider(),
  mailer: mailer(),
  clock: systemClock,
  portalUrl: config().portalUrl,
}));

/** What the organization review uses: the workflow's tasks, the operators' routes and the scheduled jobs. */
export const reviewDependencies = /* @__PURE__ */ once(() => ({
  accounts: accountStore(),
  organizations: organizationDirectory(),
  requests: organizationRequests(),
  mailer: mailer(),
  clock: systemClock,
  reviewRules: config().reviewRules,
  reviewerEmail: config().reviewerEmail,
  portalUrl: config().portalUrl,
}));

/** The scheduled jobs: the review's dependencies, the byDue index and the workflow they restart. */
export const jobDependencies = /* @__PURE__ */ once(() => ({
  ...reviewDependencies(),
  accounts: accountExitStore(),
  identity: identityProvider(),
  dueWork: dueWorkIndex(),
  workflow: reviewWorkflow(),
  inventory: portalInventoryWriter(),
  digests: supportDigestStore(),
  overview: portalOverview(),
  codeSecret: codeSecret(),
  cursors: new DynamoJobCursorStore(documents(), config().tableName),
  reminderAfterSeconds: config().reminderAfterSeconds,
}));

/** Identity reconciliation (its own function, and the operators' on-demand route): the pool and the accounts. */
export const reconciliationDependencies = /* @__PURE__ */ once((): ReconciliationDependencies => ({
  accounts: new DynamoAddressBackfillStore(documents(), config().tableName, config().reminderAfterSeconds),
  identities: new CognitoIdentityDirectory(createCognitoClient(), config().userPoolId, OPERATORS_GROUP),
  administrators: administratorDirectory(),
  organizations: organizationCatalogue(),
  cursors: new DynamoJobCursorStore(documents(), config().tableName),
  clock: systemClock,
  driftRules: DEFAULT_DRIFT_RULES,
}));

/** What registration and the division picker use: no identity provider, no code secret. */
export const registrationDependencies = /* @__PURE__ */ once(() => ({
  accounts: accountStore(),
  organizations: organizationDirectory(),
  administrators: administratorDirectory(),
  mailer: mailer(),
  clock: systemClock,
  portalUrl: config().portalUrl,
}));

/** What the invitation routes use (create, resend, accept). */
export const invitationDependencies = /* @__PURE__ */ once(() => ({
  invitations: invitationStore(),
  accounts: accountStore(),
  organizations: organizationDirectory(),
  mailer: mailer(),
  clock: systemClock,
  portalUrl: config().portalUrl,
  codeRules: config().codeRules,
}));

/** What the signed-in account routes use (password change, sign-out everywhere, export, deletion). */
export const accountDependencies = /* @__PURE__ */ once(() => ({
  accounts: accountStore(),
  identity: identityProvider(),
  mailer: mailer(),
  clock: systemClock,
  portalUrl: config().portalUrl,
}));
