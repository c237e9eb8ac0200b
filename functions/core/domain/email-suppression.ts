/**
 * The suppression list: addresses Portico no longer emails because mail to them bounced for good (a hard
 * bounce) or their owner reported it as spam (a complaint). SES reports both through the configuration set's
 * event destination (lib/email.ts); sending again would hurt the sender reputation, which SES enforces with
 * its bounce (5 %) and complaint (0.1 %) rate reviews.
 */

export type SuppressionReason = 'BOUNCE' | 'COMPLAINT';

export interface Suppression {
  /** Normalized address (normalizeEmail). */
  readonly email: string;
  readonly reason: SuppressionReason;
  /** SES's bounce subtype (`General`, `NoEmail` …) or complaint feedback type (`abuse` …), when given. */
  readonly detail?: string | undefined;
  /** When SES reported it (ISO 8601). */
  readonly at: string;
  /** SES's feedback id, to find the report in SES's own records. */
  readonly feedbackId: string;
}

/** The account restriction GET /v1/me shows while the person's address is suppressed. */
export function undeliverableRestriction(suppression: Suppression) {
  const why =
    suppression.reason === 'BOUNCE'
      ? 'Email to this address could not be delivered (the receiving server refused it permanently)'
      : 'An email to this address was reported as spam';
  return {
    code: 'EMAIL_UNDELIVERABLE' as const,
    detail:
      `${why} on ${suppression.at.slice(0, 10)}, so Portico no longer sends it codes or notices. Use another ` +
      'address for your account, or ask Portico support to lift the block once the mailbox accepts mail again.',
    since: suppression.at,
  };
}
