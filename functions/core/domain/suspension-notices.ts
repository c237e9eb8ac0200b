import type { SuspensionReason } from './identity-drift';

/** What a suspended person is told, and what to do (the API's 403 and the web client show it). */
export const SUSPENSION_NOTICES: Record<SuspensionReason, string> = {
  IDENTITY_DISABLED:
    'Your sign-in was disabled by an administrator, so your Portico account is suspended. Your organization ' +
    'and role are kept. Ask your support contact to enable your sign-in again.',
};
