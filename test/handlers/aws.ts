import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { hashCode } from '../../functions/core/domain/one-time-code';
import { keys } from '../../functions/core/adapters/dynamodb/table-design';
import type { Account } from '../../functions/core/domain/account';
import type { CodeState } from '../../functions/core/domain/one-time-code';
import type { Organization } from '../../functions/core/domain/organization';
import type { OrganizationRequest } from '../../functions/core/domain/organization-request';
import { TEST_ENVIRONMENT } from './environment';

/**
 * The AWS SDK clients the handlers use, mocked at the client class (every instance the wiring creates is
 * covered). Call `resetAws()` before each test.
 */
export const dynamo = mockClient(DynamoDBDocumentClient);
export const cognito = mockClient(CognitoIdentityProviderClient);
export const ses = mockClient(SESv2Client);
export const sfn = mockClient(SFNClient);
export const s3 = mockClient(S3Client);

export function resetAws(): void {
  dynamo.reset();
  cognito.reset();
  ses.reset();
  sfn.reset();
  s3.reset();
  givenNoSuppressions();
  givenOrganizationStatus('ACTIVE');
}

/**
 * Every send and GET /v1/me read the address's suppression item: none is listed. resetAws() sets it; a test that
 * answers every GetCommand with one item afterwards calls it again, as the later behaviour wins.
 */
export function givenNoSuppressions(): void {
  dynamo.on(GetCommand, { Key: { sk: 'SUPPRESSION' } }).resolves({});
}

/**
 * Every portal route reads the caller's organization's status (a GetItem projected to `status`): `status` for
 * any organization (resetAws() sets ACTIVE), undefined for none.
 */
export function givenOrganizationStatus(status: 'ACTIVE' | 'PENDING' | 'SUSPENDED' | undefined): void {
  dynamo.on(GetCommand, { ProjectionExpression: '#status' }).resolves(status ? { Item: { status } } : {});
}

/** The GetItem keys the functions read, without the suppression-list reads that precede every send. */
export function readKeys(): unknown[] {
  return dynamo
    .commandCalls(GetCommand)
    .map((call) => call.args[0].input.Key)
    .filter((key) => (key as { sk?: unknown } | undefined)?.sk !== 'SUPPRESSION');
}

/** What DynamoDB answers when a table is over its capacity (after the SDK's retries). */
export function throttlingError(): ProvisionedThroughputExceededException {
  return new ProvisionedThroughputExceededException({
    message: 'The level of configured provisioned throughput for the table was exceeded.',
    $metadata: { httpStatusCode: 400, attempts: 3 },
  });
}

export function codeHashOf(email: string, code: string): string {
  return hashCode(TEST_ENVIRONMENT.CODE_SECRET, email, code);
}

/** Items as the DynamoDB adapters store them (keys and bookkeeping included). */
export const items = {
  account: (account: Account) => ({ ...keys.user(account.userId), entity: 'ACCOUNT', ...account }),
  code: (state: CodeState) => ({ ...keys.code(state.email), entity: 'CODE', ...state, expiresAtEpoch: 0 }),
  organization: (organization: Organization) => ({
    ...keys.organization(organization.organizationId),
    entity: 'ORGANIZATION',
    memberCount: 0,
    ...organization,
  }),
  /** One of the items of an organization that the byEmailDomain index lists for `domain`. */
  organizationDomain: (organization: Organization, domain = organization.domains[0] ?? 'acme.example') => ({
    ...keys.organizationDomain(organization.organizationId, domain),
    ...keys.domainIndex(domain, organization.organizationId),
    entity: 'ORGANIZATION_DOMAIN',
    ...organization,
  }),
  organizationRequest: (request: OrganizationRequest) => ({
    ...keys.organizationRequest(request.requestId),
    entity: 'ORGANIZATION_REQUEST',
    ...request,
  }),
};

/** Every string and number inside a command input, for "this value never reaches the table" checks. */
export function scalarsIn(value: unknown): (string | number)[] {
  if (typeof value === 'string' || typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(scalarsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(scalarsIn);
  return [];
}
