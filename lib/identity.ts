import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  type CfnUserPool,
  ClientAttributes,
  Mfa,
  UserPool,
  type UserPoolClient,
  type UserPoolGroup,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { PRE_TOKEN_GENERATION_TIMEOUT_SECONDS } from '../functions/auth/token-claims';
import { PASSWORD_POLICY } from '../functions/core/domain/password-policy';
import { OPERATORS_GROUP } from '../functions/routes';
import { grantTableGetItem } from './grants';
import { PorticoFunction } from './portico-function';

/**
 * The accounts: a Cognito user pool where the email is the username, and the web client people sign in with.
 *
 * Nobody signs up through Cognito directly: the sign-up route creates the user with the admin API and sends its
 * own one-time code, so the code rules (expiry, attempts, resend throttle) cannot be bypassed.
 *
 * Support operators are accounts of the same pool in the `OPERATORS_GROUP` group; their ID tokens carry it in
 * `cognito:groups`, which the `operator` routes check.
 */
export class PorticoIdentity extends Construct {
  /** The pool holding every account. */
  public readonly userPool: UserPool;
  /**
   * The browser client: password sign-in (plain or SRP) and refresh, no secret, no hosted UI. The API's
   * functions also check a password with it (ADMIN_USER_PASSWORD_AUTH, which only IAM principals can call)
   * before a password change or an account deletion.
   */
  public readonly webClient: UserPoolClient;
  /** The support operators, who review organization requests. Members are added by an administrator. */
  public readonly operatorsGroup: UserPoolGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: false,
      // Cognito sends no verification email: the API's one-time code is the only verification path.
      autoVerify: { email: false },
      passwordPolicy: {
        minLength: PASSWORD_POLICY.minLength,
        requireLowercase: PASSWORD_POLICY.requireLowercase,
        requireUppercase: PASSWORD_POLICY.requireUppercase,
        requireDigits: PASSWORD_POLICY.requireDigits,
        requireSymbols: PASSWORD_POLICY.requireSymbols,
      },
      // Required attributes can never be changed on an existing pool; names stay optional in Cognito and are
      // required by the sign-up schema instead.
      standardAttributes: {
        email: { required: true, mutable: true },
        givenName: { required: false, mutable: true },
        familyName: { required: false, mutable: true },
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // On the pool resource itself: the pool construct also holds the client.
    const poolResource = this.userPool.node.defaultChild as CfnUserPool;
    Validations.of(poolResource).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is offered (TOTP, optional) but not required: requiring it would block onboarding before the ' +
        'account is even verified. Passwords follow the strong PASSWORD_POLICY.',
    });
    Validations.of(poolResource).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Essentials feature plan is enough for onboarding: sign-up is admin-only behind the API with its ' +
        'own code and throttling rules. Plus (threat protection) is billed per user and can be enabled later ' +
        'without replacing the pool.',
    });

    const profileAttributes = new ClientAttributes().withStandardAttributes({
      givenName: true,
      familyName: true,
    });
    this.webClient = this.userPool.addClient('WebClient', {
      authFlows: { userPassword: true, userSrp: true, adminUserPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      // No hosted UI or OAuth: the web client signs in with the Cognito API directly.
      disableOAuth: true,
      // `locale` (set by the API: sign-up and PUT /v1/me/locale) is read into the ID token's `locale` claim, which
      // problem details follow (functions/http/request.ts localeOf); the app cannot write it.
      readAttributes: profileAttributes.withStandardAttributes({
        email: true,
        emailVerified: true,
        locale: true,
      }),
      // The email is the username and is verified by our code: a token may change the names, never the email.
      writeAttributes: profileAttributes,
    });

    this.operatorsGroup = this.userPool.addGroup('OperatorsGroup', {
      groupName: OPERATORS_GROUP,
      description: 'Portico support operators: review and decide organization requests',
    });
  }
}

export interface PorticoOrganizationClaimProps {
  /** The pool whose ID tokens carry the claim. */
  readonly userPool: UserPool;
  /** The Portico table, where the trigger reads the account. */
  readonly table: ITable;
}

/**
 * The `portico:organization` claim of ID tokens (functions/core/domain/organization-claim.ts): the pool's
 * pre-token-generation trigger (V1 event: the ID token, which the API authorizes with) reads the account being
 * signed in or refreshed, one GetItem, and names its organization when the account is ACTIVE in one. A hint the
 * API never trusts without reading the account (docs/security.md).
 *
 * The function is given the table and nothing else: the pool names the function, so the function cannot name
 * the pool (a dependency cycle), and it needs no other setting (functions/core/config.ts, TableReaderEnvironment).
 * It may GetItem on the table, no index, no write. Its timeout stays under the 5 s after which Cognito fails the
 * sign-in; the handler gives up on its read well before (functions/auth/token-claims.ts).
 */
export class PorticoOrganizationClaim extends Construct {
  /** The pre-token-generation trigger. */
  public readonly triggerFunction: PorticoFunction;

  constructor(scope: Construct, id: string, props: PorticoOrganizationClaimProps) {
    super(scope, id);

    this.triggerFunction = new PorticoFunction(this, 'PreTokenGenerationFunction', {
      entry: 'functions/auth/pre-token-generation.handler.ts',
      description: "Cognito pre-token-generation: names an active member's organization in the ID token",
      environment: { TABLE_NAME: props.table.tableName },
      timeout: Duration.seconds(PRE_TOKEN_GENERATION_TIMEOUT_SECONDS),
    });
    grantTableGetItem(this.triggerFunction, props.table);
    props.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, this.triggerFunction.function);
  }
}
