// cognito-local (5.x), extended with the one admin operation Portico calls that it lacks:
// AdminUserGlobalSignOut. Portico's production code calls the real operation on AWS; here the emulator is
// taught to do what Cognito does with it, for what cognito-local models: every refresh token of the user stops
// working (cognito-local keeps them on the user, as its RevokeToken shows). It does not track access and ID
// tokens, so those stay valid until they expire (ID tokens, which the API takes, do on AWS too).
import { createRequire } from 'node:module';

// cognito-local is CommonJS: loading it through Node's require cache makes its start script see the change.
const load = createRequire(import.meta.url);
const { Targets } = load('cognito-local/lib/targets/targets');
const { UserNotFoundError } = load('cognito-local/lib/errors');

Targets.AdminUserGlobalSignOut =
  ({ cognito }) =>
  async (ctx, request) => {
    const userPool = await cognito.getUserPool(ctx, request.UserPoolId);
    const user = await userPool.getUserByUsername(ctx, request.Username);
    if (!user) throw new UserNotFoundError('User does not exist.');
    await userPool.saveUser(ctx, { ...user, RefreshTokens: [] });
    return {};
  };

load('cognito-local/lib/bin/start.js');
