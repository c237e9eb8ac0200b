/**
 * The Portico table: one DynamoDB table, read by the CDK data construct and by the local runtime, so the
 * deployed and the local table cannot drift.
 *
 * Access patterns (every read is a GetItem or a Query; nothing scans):
 * | pattern                                  | operation | key                                             |
 * |------------------------------------------|-----------|-------------------------------------------------|
 * | account of a signed-in user              | GetItem   | pk=USER#<sub>          sk=PROFILE               |
 * | one-time code + send throttle of address | GetItem   | pk=EMAIL#<address>     sk=CODE                  |
 * | organization profile                     | GetItem   | pk=ORG#<orgId>         sk=PROFILE               |
 * | organizations owning an email domain     | Query GSI | byEmailDomain: domainPk=DOMAIN#<domain>         |
 * | membership of a user in an organization  | GetItem   | pk=ORG#<orgId>         sk=MEMBER#<sub>          |
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes lazily, so readers also check expiry themselves. */
  timeToLiveAttribute: 'expiresAtEpoch',
  byEmailDomain: {
    indexName: 'byEmailDomain',
    partitionKey: 'domainPk',
    sortKey: 'domainSk',
  },
} as const;

export const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  code: (email: string) => ({ pk: `EMAIL#${email}`, sk: 'CODE' }),
  organization: (organizationId: string) => ({ pk: `ORG#${organizationId}`, sk: 'PROFILE' }),
  organizationDomain: (organizationId: string, domain: string) => ({
    pk: `ORG#${organizationId}`,
    sk: `DOMAIN#${domain}`,
  }),
  membership: (organizationId: string, userId: string) => ({
    pk: `ORG#${organizationId}`,
    sk: `MEMBER#${userId}`,
  }),
  domainIndex: (domain: string, organizationId: string) => ({
    domainPk: keys.domainPartition(domain),
    domainSk: `ORG#${organizationId}`,
  }),
  /** The byEmailDomain partition holding every organization that owns `domain`. */
  domainPartition: (domain: string) => `DOMAIN#${domain}`,
} as const;
