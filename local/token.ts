import './node-runtime';
import { readLocalState, signInLocally } from './local-state';

/**
 * `npm run local:token -- <email> <password>`: signs in against the running local user pool
 * (USER_PASSWORD_AUTH, as a web client would) and prints the ID token to send as `Authorization: Bearer …`.
 */
const [email, password] = process.argv.slice(2);
if (!email || !password) {
  console.error('usage: npm run local:token -- <email> <password>');
  process.exit(2);
}
try {
  console.log(await signInLocally(readLocalState(), email, password));
} catch (error) {
  console.error(`Sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
