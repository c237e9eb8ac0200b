import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The one place AWS clients are made. Endpoints come from the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables
 * (the local runtime points them at the emulators) or from `endpoint` here; region and credentials from the
 * standard chain. Nothing branches on "local". One function per client so that a Lambda bundle only contains
 * the SDK clients it calls (esbuild drops the others).
 */
export interface ClientOptions {
  readonly region?: string;
  readonly endpoint?: string;
  /** SDK retry attempts (standard mode, exponential backoff with jitter). */
  readonly maxAttempts?: number;
  /**
   * Longest wait for a connection and for each answer, in ms, per attempt (the SDK's default is to wait as long
   * as the socket lives): for a caller with a deadline of its own, such as the pre-token-generation trigger.
   */
  readonly timeouts?: { readonly connectionMs: number; readonly requestMs: number };
}

export interface S3ClientOptions extends ClientOptions {
  /**
   * Address buckets as `<endpoint>/<bucket>/<key>` rather than `<bucket>.<endpoint>/<key>`: for an S3-compatible
   * endpoint that serves only paths (S3_FORCE_PATH_STYLE). AWS serves both.
   */
  readonly forcePathStyle?: boolean;
}

function clientConfig(options: ClientOptions) {
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.timeouts
      ? {
          requestHandler: {
            connectionTimeout: options.timeouts.connectionMs,
            requestTimeout: options.timeouts.requestMs,
          },
        }
      : {}),
  };
}

export function createDynamoDocumentClient(options: ClientOptions = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(options)), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function createCognitoClient(options: ClientOptions = {}): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient(clientConfig(options));
}

export function createSesClient(options: ClientOptions = {}): SESv2Client {
  return new SESv2Client(clientConfig(options));
}

export function createSecretsManagerClient(options: ClientOptions = {}): SecretsManagerClient {
  return new SecretsManagerClient(clientConfig(options));
}

export function createStepFunctionsClient(options: ClientOptions = {}): SFNClient {
  return new SFNClient(clientConfig(options));
}

export function createS3Client(options: S3ClientOptions = {}): S3Client {
  return new S3Client({
    ...clientConfig(options),
    ...(options.forcePathStyle ? { forcePathStyle: true } : {}),
  });
}
