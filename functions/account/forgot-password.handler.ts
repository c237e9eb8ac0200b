import { forgotPassword } from '../core/use-cases/account/forgot-password';
import { onboardingDependencies } from '../core/wiring';
import { answerNoSoonerThan } from '../http/even-timing';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { FORGOT_PASSWORD_ACCEPTED, forgotPasswordRoute } from './forgot-password.route';

/** Longer than the slowest path (a Cognito read, two table calls and an email), so every address takes it. */
const ANSWER_FLOOR_MS = 600;

export const handler = idempotentApiHandler(forgotPasswordRoute, ({ body }) =>
  answerNoSoonerThan(ANSWER_FLOOR_MS, async () => {
    await forgotPassword(onboardingDependencies(), body);
    return { status: 202, body: FORGOT_PASSWORD_ACCEPTED };
  }),
);
