import {
  createCognitoClient,
  createDynamoDocumentClient,
  createSecretsManagerClient,
  createSesClient,
} from './adapters/aws-clients';
import { CognitoIdentityProvider } from './adapters/cognito/cognito.identity-provider';
import { DynamoAccountStore } from './adapters/dynamodb/account.store';
import { DynamoOrganizationDirectory } from './adapters/dynamodb/organization.directory';
import { ConfiguredCodeSecret, SecretsManagerCodeSecret } from './adapters/secrets/code-secret';
import { SesMailer } from './adapters/ses/ses.mailer';
import { parseConfig, type PorticoConfig } from './config';
import type {
  AccountStore,
  Clock,
  CodeSecret,
  IdentityProvider,
  Mailer,
  OrganizationDirectory,
} from './ports';
import type { Dependencies } from './use-cases/dependencies';

/**
 * The composition root: the adapters a function uses, each made once per execution environment from the
 * validated configuration. Handlers take only the pieces they need, so each bundle holds only those clients.
 */

function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}

export const config = once((): PorticoConfig => parseConfig(process.env));
const documents = once(() => createDynamoDocumentClient());

export const systemClock: Clock = { now: () => new Date() };
export const accountStore = once((): AccountStore => new DynamoAccountStore(documents(), config().tableName));
export const organizationDirectory = once(
  (): OrganizationDirectory => new DynamoOrganizationDirectory(documents(), config().tableName),
);
export const identityProvider = once(
  (): IdentityProvider => new CognitoIdentityProvider(createCognitoClient(), config().userPoolId),
);
export const mailer = once((): Mailer => new SesMailer(createSesClient(), config().mailFromAddress));
export const codeSecret = once((): CodeSecret => {
  const secret = config().codeSecret;
  return 'value' in secret
    ? new ConfiguredCodeSecret(secret.value)
    : new SecretsManagerCodeSecret(createSecretsManagerClient(), secret.arn);
});

/** Everything, for the sign-up routes that use nearly all of it. */
export const onboardingDependencies = once((): Dependencies => ({
  accounts: accountStore(),
  organizations: organizationDirectory(),
  identity: identityProvider(),
  mailer: mailer(),
  codeSecret: codeSecret(),
  clock: systemClock,
  codeRules: config().codeRules,
  portalUrl: config().portalUrl,
}));

/** What registration and the division picker use: no identity provider, no code secret. */
export const registrationDependencies = once(() => ({
  accounts: accountStore(),
  organizations: organizationDirectory(),
  mailer: mailer(),
  clock: systemClock,
  portalUrl: config().portalUrl,
}));
