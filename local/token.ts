import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_DATA_DIRECTORY } from './stack';

/**
 * `npm run local:token -- <email> <password>`: signs in against the running local user pool
 * (USER_PASSWORD_AUTH, as a web client would) and prints the ID token to send as `Authorization: Bearer …`.
 */
const [email, password] = process.argv.slice(2);
if (!email || !password) {
  console.error('usage: npm run local:token -- <email> <password>');
  process.exit(2);
}
const dataDirectory = process.env.PORTICO_DATA_DIR ?? DEFAULT_DATA_DIRECTORY;
const stateFile = join(dataDirectory, 'stack.json');
if (!existsSync(stateFile)) {
  console.error('No local stack found: run `npm start` first.');
  process.exit(1);
}
const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { userPool?: { clientId: string } };
const port = process.env.PORTICO_COGNITO_PORT ?? '9229';
const cognito = new CognitoIdentityProviderClient({
  endpoint: `http://127.0.0.1:${port}`,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
try {
  const result = await cognito.send(
    new InitiateAuthCommand({
      ClientId: state.userPool?.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  console.log(result.AuthenticationResult?.IdToken ?? '');
} catch (error) {
  console.error(`Sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
