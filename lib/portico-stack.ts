import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { routeList } from '../functions/routes';
import { PorticoApi } from './api';
import { PorticoData } from './data';
import { PorticoEmail } from './email';
import { PorticoIdentity } from './identity';
import type { DeployedFunctionEnvironment } from './portico-function';

/** The settings that differ between deployments; `settingsFromContext` reads them from cdk.json / `-c`. */
export interface PorticoSettings {
  /** Domain of the SES identity; emails come from `no-reply@<mailDomain>`. */
  readonly mailDomain: string;
  /** Where links in emails point (the web client). */
  readonly portalUrl: string;
  /** Browser origin the API allows (CORS). */
  readonly webOrigin: string;
}

export interface PorticoStackProps extends StackProps, PorticoSettings {
  /** Steady-state requests per second the API stage accepts. @default 50 */
  readonly throttlingRateLimit?: number;
  /** Requests the API stage accepts in a burst. @default 100 */
  readonly throttlingBurstLimit?: number;
}

/** Context keys (cdk.json `context`, or `cdk synth -c key=value`) and the value used when a key is absent. */
export const SETTINGS_CONTEXT = {
  mailDomain: { key: 'portico:mailDomain', fallback: 'portico.example' },
  portalUrl: { key: 'portico:portalUrl', fallback: 'http://localhost:5173' },
  webOrigin: { key: 'portico:webOrigin', fallback: 'http://localhost:5173' },
} as const satisfies Record<keyof PorticoSettings, { key: string; fallback: string }>;

const DOMAIN_NAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/** Reads and checks the deployment settings once, failing synthesis with a message that names the key. */
export function settingsFromContext(scope: Construct): PorticoSettings {
  const read = (name: keyof PorticoSettings): string => {
    const { key, fallback } = SETTINGS_CONTEXT[name];
    const value: unknown = scope.node.tryGetContext(key) ?? fallback;
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(`Context "${key}" must be a non-empty string`);
    }
    return value.trim();
  };

  const mailDomain = read('mailDomain').toLowerCase();
  if (!DOMAIN_NAME.test(mailDomain)) {
    throw new Error(
      `Context "${SETTINGS_CONTEXT.mailDomain.key}" must be a domain name, got "${mailDomain}"`,
    );
  }
  const portalUrl = read('portalUrl');
  if (!URL.canParse(portalUrl) || !/^https?:$/.test(new URL(portalUrl).protocol)) {
    throw new Error(`Context "${SETTINGS_CONTEXT.portalUrl.key}" must be an http(s) URL, got "${portalUrl}"`);
  }
  const webOrigin = read('webOrigin');
  if (!URL.canParse(webOrigin) || new URL(webOrigin).origin !== webOrigin) {
    throw new Error(
      `Context "${SETTINGS_CONTEXT.webOrigin.key}" must be an origin such as "https://portal.example.com" ` +
        `(scheme, host and port; no path or trailing slash), got "${webOrigin}"`,
    );
  }
  return { mailDomain, portalUrl, webOrigin };
}

/** Portico: the data, identity, email and API constructs, wired together. */
export class PorticoStack extends Stack {
  /** Table and one-time-code key. */
  public readonly data: PorticoData;
  /** User pool and web client. */
  public readonly identity: PorticoIdentity;
  /** SES identity emails come from. */
  public readonly email: PorticoEmail;
  /** REST API with one function per route. */
  public readonly api: PorticoApi;

  constructor(scope: Construct, id: string, props: PorticoStackProps) {
    super(scope, id, props);

    this.data = new PorticoData(this, 'Data');
    this.identity = new PorticoIdentity(this, 'Identity');
    this.email = new PorticoEmail(this, 'Email', { mailDomain: props.mailDomain });

    const environment: DeployedFunctionEnvironment = {
      TABLE_NAME: this.data.table.tableName,
      USER_POOL_ID: this.identity.userPool.userPoolId,
      MAIL_FROM_ADDRESS: this.email.fromAddress,
      PORTAL_URL: props.portalUrl,
      CODE_SECRET_ARN: this.data.codeSecret.secretArn,
    };

    this.api = new PorticoApi(this, 'Api', {
      routes: routeList,
      environment,
      table: this.data.table,
      userPool: this.identity.userPool,
      codeSecret: this.data.codeSecret,
      mailIdentityArn: this.email.identityArn,
      webOrigin: props.webOrigin,
      throttlingRateLimit: props.throttlingRateLimit,
      throttlingBurstLimit: props.throttlingBurstLimit,
    });

    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the API; route paths (/v1/...) follow it',
      value: this.api.restApi.url,
    });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.webClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
  }
}
