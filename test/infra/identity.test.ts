import { describe, expect, it } from 'vitest';
import { PASSWORD_POLICY } from '../../functions/core/domain/password-policy';
import { OPERATORS_GROUP } from '../../functions/routes';
import { arnOf, logicalIdOf, onlyResource, ref, resourcesOfType, synthPortico } from './support/portico-app';

const { stack, template } = synthPortico();

describe('the user pool', () => {
  const pool = onlyResource(template, 'AWS::Cognito::UserPool');
  const properties = pool.Properties ?? {};

  it('enforces PASSWORD_POLICY', () => {
    expect(properties.Policies).toEqual({
      PasswordPolicy: expect.objectContaining({
        MinimumLength: PASSWORD_POLICY.minLength,
        RequireLowercase: PASSWORD_POLICY.requireLowercase,
        RequireUppercase: PASSWORD_POLICY.requireUppercase,
        RequireNumbers: PASSWORD_POLICY.requireDigits,
        RequireSymbols: PASSWORD_POLICY.requireSymbols,
      }),
    });
  });

  it('uses the email as username, case-insensitively', () => {
    expect(properties.UsernameAttributes).toEqual(['email']);
    expect(properties.UsernameConfiguration).toEqual({ CaseSensitive: false });
  });

  it('lets only the API create users, and Cognito verifies nothing by itself', () => {
    expect(properties.AdminCreateUserConfig).toEqual(
      expect.objectContaining({ AllowAdminCreateUserOnly: true }),
    );
    expect(properties.AutoVerifiedAttributes ?? []).toEqual([]);
  });

  it('has the email (required) and the given and family names as standard attributes', () => {
    expect(properties.Schema).toEqual(
      expect.arrayContaining([
        { Name: 'email', Required: true, Mutable: true },
        { Name: 'given_name', Required: false, Mutable: true },
        { Name: 'family_name', Required: false, Mutable: true },
      ]),
    );
  });

  it('recovers accounts by email only and offers TOTP as optional MFA', () => {
    expect(properties.AccountRecoverySetting).toEqual({
      RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }],
    });
    expect(properties.MfaConfiguration).toBe('OPTIONAL');
    expect(properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('survives a stack deletion or replacement', () => {
    expect(properties.DeletionProtection).toBe('ACTIVE');
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('the web client', () => {
  const properties = onlyResource(template, 'AWS::Cognito::UserPoolClient').Properties ?? {};

  it('signs in with a password (plain or SRP) and refreshes, without a secret; the API checks passwords', () => {
    expect([...(properties.ExplicitAuthFlows as string[])].sort()).toEqual([
      'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
    expect(properties.GenerateSecret).toBe(false);
  });

  it('does not reveal whether an account exists', () => {
    expect(properties.PreventUserExistenceErrors).toBe('ENABLED');
  });

  it('lets a token change the names but never the email', () => {
    expect(properties.WriteAttributes).toEqual(['family_name', 'given_name']);
  });

  it('reads the locale into the ID token (its locale claim, set by the API only)', () => {
    expect(properties.ReadAttributes).toContain('locale');
    expect(properties.WriteAttributes).not.toContain('locale');
  });

  it('has no OAuth flows (there is no hosted UI)', () => {
    expect(properties.AllowedOAuthFlows).toBeUndefined();
    expect(properties.AllowedOAuthFlowsUserPoolClient).toBeFalsy();
    expect(properties.CallbackURLs).toBeUndefined();
  });
});

describe('the operators group', () => {
  const group = onlyResource(template, 'AWS::Cognito::UserPoolGroup');

  it('is the OPERATORS_GROUP group of the Portico user pool, with a description', () => {
    expect(OPERATORS_GROUP).toBe('operators');
    expect(group.Properties).toEqual({
      GroupName: OPERATORS_GROUP,
      UserPoolId: ref(stack.identity.userPool),
      Description: expect.stringMatching(/operators/i),
    });
    // The construct the stack exposes is this resource.
    expect(template.toJSON().Resources[logicalIdOf(stack.identity.operatorsGroup)]?.Type).toBe(
      'AWS::Cognito::UserPoolGroup',
    );
  });

  it('carries no IAM role (operators act through the API, not on AWS directly)', () => {
    expect(group.Properties?.RoleArn).toBeUndefined();
  });
});

describe('the pre-token-generation trigger (the organization claim of ID tokens)', () => {
  const pool = onlyResource(template, 'AWS::Cognito::UserPool');
  const trigger = stack.organizationClaim.triggerFunction;

  it("is the pool's PreTokenGeneration trigger, the V1 event (ID token claims), and its only trigger", () => {
    expect(pool.Properties?.LambdaConfig).toEqual({ PreTokenGeneration: arnOf(trigger.function) });
  });

  it('may be invoked by this user pool only', () => {
    const permissions = Object.values(resourcesOfType(template, 'AWS::Lambda::Permission')).filter(
      (permission) =>
        JSON.stringify(permission.Properties?.FunctionName) === JSON.stringify(arnOf(trigger.function)),
    );
    expect(permissions.map((permission) => permission.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: arnOf(trigger.function),
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: arnOf(stack.identity.userPool),
      },
    ]);
  });

  it('runs the trigger handler', () => {
    expect(trigger.entry).toBe('functions/auth/pre-token-generation.handler.ts');
  });
});
