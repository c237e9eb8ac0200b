import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CodeSecret } from '../../ports';

/** The HMAC key given directly in configuration (the one-machine stack). */
export class ConfiguredCodeSecret implements CodeSecret {
  constructor(private readonly value: string) {}
  get(): Promise<string> {
    return Promise.resolve(this.value);
  }
}

/** The HMAC key in Secrets Manager, fetched on first use and kept for the life of the execution environment. */
export class SecretsManagerCodeSecret implements CodeSecret {
  private value: Promise<string> | undefined;

  constructor(
    private readonly secrets: SecretsManagerClient,
    private readonly secretArn: string,
  ) {}

  get(): Promise<string> {
    this.value ??= this.fetch().catch((error: unknown) => {
      this.value = undefined;
      throw error;
    });
    return this.value;
  }

  private async fetch(): Promise<string> {
    const { SecretString } = await this.secrets.send(new GetSecretValueCommand({ SecretId: this.secretArn }));
    if (!SecretString || SecretString.length < 32) throw new Error('code secret is missing or too short');
    return SecretString;
  }
}
