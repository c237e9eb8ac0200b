import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TABLE_DESIGN, TABLE_INDEXES } from '../functions/core/adapters/dynamodb/table-design';

/** Length of the generated one-time-code HMAC key (characters, letters and digits). */
export const CODE_SECRET_LENGTH = 64;

/**
 * The state Portico keeps: the single table (keys and indexes from TABLE_DESIGN and TABLE_INDEXES, which the
 * local runtime reads too) and the key that signs one-time codes.
 */
export class PorticoData extends Construct {
  /** The single Portico table. */
  public readonly table: Table;
  /** HMAC key for one-time codes; functions read it by ARN at cold start. */
  public readonly codeSecret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_DESIGN.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_DESIGN.timeToLiveAttribute,
      // Accounts and organizations live here: neither a stack deletion nor a replacement may drop them.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType[index.projection],
      });
    }

    this.codeSecret = new Secret(this, 'CodeSecret', {
      description: 'Portico: HMAC key for one-time email codes',
      generateSecretString: {
        passwordLength: CODE_SECRET_LENGTH,
        excludePunctuation: true,
        includeSpace: false,
      },
    });
    Validations.of(this.codeSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The key only signs one-time codes that expire within minutes, and there is no service credential to ' +
        'rotate it against. To rotate by hand, put a new value: codes in flight then fail verification and ' +
        'their users request a new code, which the flow already supports.',
    });
  }
}
