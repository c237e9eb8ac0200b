/**
 * Run-time configuration, read from `/config.json` on the same origin: public values only (the user pool's
 * app client id is not a secret, it is in every sign-in request). `npm start` answers it from the running
 * local stack; on AWS the CDK stack deploys it beside the assets (lib/web-client.ts). Nothing is baked into
 * the bundle, so one build serves every environment.
 */
export interface ClientConfig {
  /** Where Cognito's JSON API answers, e.g. `https://cognito-idp.eu-west-1.amazonaws.com/`. */
  readonly cognitoEndpoint: string;
  readonly region: string;
  readonly userPoolClientId: string;
}

export async function loadConfig(): Promise<ClientConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const config = (await response.json()) as Partial<ClientConfig>;
  if (!config.cognitoEndpoint || !config.userPoolClientId || !config.region) {
    throw new Error('/config.json lacks cognitoEndpoint, region or userPoolClientId');
  }
  return config as ClientConfig;
}
