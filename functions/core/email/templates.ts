import type { EmailMessage } from '../ports';

/**
 * Every email Portico sends, in one place, one exported function per email (imported as a namespace, so a
 * function's bundle holds only the emails it sends). Values are escaped for the HTML part.
 */

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A page of the web client under the portal's address (with or without a trailing slash). */
function pageOf(portalUrl: string, path: string): string {
  return `${portalUrl.replace(/\/+$/, '')}${path}`;
}

function message(to: string, subject: string, paragraphs: readonly string[]): EmailMessage {
  const text = `${paragraphs.join('\n\n')}\n\n— The Portico team\n`;
  const html = `<!doctype html><html><body style="font-family:sans-serif">${paragraphs
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('')}<p>— The Portico team</p></body></html>`;
  return { to, subject, text, html };
}

export function verificationCode(input: {
  to: string;
  firstName: string;
  code: string;
  validMinutes: number;
}): EmailMessage {
  return message(input.to, `Your Portico verification code: ${input.code}`, [
    `Hello ${input.firstName},`,
    `Your verification code is ${input.code}. It is valid for ${input.validMinutes} minutes.`,
    'If you did not sign up for Portico, ignore this email: no account is activated without the code.',
  ]);
}

export function alreadyRegistered(input: { to: string; portalUrl: string }): EmailMessage {
  return message(input.to, 'You already have a Portico account', [
    'Hello,',
    'Someone (probably you) tried to sign up for Portico with this email address, which already has an account.',
    `Sign in at ${input.portalUrl}. If you forgot your password, reset it at ${pageOf(input.portalUrl, '/forgot-password')} ("Forgot password?" on the sign-in page).`,
    'If this was not you, no action is needed: your account is unchanged.',
  ]);
}

export function passwordResetCode(input: {
  to: string;
  firstName: string;
  code: string;
  validMinutes: number;
  portalUrl: string;
}): EmailMessage {
  return message(input.to, `Your Portico password reset code: ${input.code}`, [
    `Hello ${input.firstName},`,
    `Someone (probably you) asked to reset the password of your Portico account. Your code is ${input.code}. It is valid for ${input.validMinutes} minutes.`,
    `Enter it with your new password at ${pageOf(input.portalUrl, '/reset-password')}.`,
    'If this was not you, ignore this email: your password stays as it is without the code.',
  ]);
}

export function passwordChanged(input: {
  to: string;
  firstName?: string | undefined;
  portalUrl: string;
}): EmailMessage {
  return message(input.to, 'Your Portico password was changed', [
    input.firstName ? `Hello ${input.firstName},` : 'Hello,',
    'The password of your Portico account was just changed, and every session signed in with the old one was signed out.',
    `If this was not you, reset your password now at ${pageOf(input.portalUrl, '/forgot-password')} and tell your administrator.`,
  ]);
}

export function emailChangeCode(input: {
  to: string;
  firstName: string;
  code: string;
  validMinutes: number;
}): EmailMessage {
  return message(input.to, `Your Portico email change code: ${input.code}`, [
    `Hello ${input.firstName},`,
    `Someone (probably you) asked to make this the email address of their Portico account. The code is ${input.code}. It is valid for ${input.validMinutes} minutes.`,
    'Enter it on the Account page. If this was not you, ignore this email: nothing changes without the code.',
  ]);
}

export function emailChangeRequested(input: {
  to: string;
  firstName: string;
  newEmail: string;
  portalUrl: string;
}): EmailMessage {
  return message(input.to, 'A change of your Portico email address was requested', [
    `Hello ${input.firstName},`,
    `Someone signed in to your Portico account asked to change its email address to ${input.newEmail}. Nothing changes until the code we sent to that address is entered.`,
    `If this was not you, change your password now at ${pageOf(input.portalUrl, '/account')} and tell your administrator.`,
  ]);
}

export function emailChanged(input: {
  to: string;
  firstName: string;
  newEmail: string;
  portalUrl: string;
}): EmailMessage {
  return message(input.to, 'Your Portico email address was changed', [
    `Hello ${input.firstName},`,
    `The email address of your Portico account is now ${input.newEmail}; this address no longer signs in. Every session was signed out.`,
    `If this was not you, reset the password of ${input.newEmail} at ${pageOf(input.portalUrl, '/forgot-password')} at once, or contact support.`,
  ]);
}

export function accountErased(input: { to: string; firstName: string }): EmailMessage {
  return message(input.to, 'Your Portico account was deleted', [
    `Hello ${input.firstName},`,
    'Your Portico account was deleted as you asked: your sign-in, your profile, your membership and your groups are gone. This is the last email we send to this address about it.',
    'You can sign up again with this address at any time, as a new person.',
  ]);
}

export function businessAccountActive(input: {
  to: string;
  firstName: string;
  organizationName: string;
  portalUrl: string;
}): EmailMessage {
  return message(input.to, `Your business account with ${input.organizationName} is active`, [
    `Hello ${input.firstName},`,
    `Your Portico business account is now linked to ${input.organizationName}.`,
    `Open the portal at ${input.portalUrl} to see what your company owns.`,
  ]);
}

/** To each administrator of an organization with the APPROVAL policy: someone asks to join. */
export function joinRequestReceived(input: {
  to: string;
  firstName: string;
  organizationName: string;
  requester: {
    readonly firstName: string;
    readonly lastName: string;
    readonly email: string;
    readonly jobTitle: string;
  };
  portalUrl: string;
}): EmailMessage {
  const { requester } = input;
  return message(
    input.to,
    `${requester.firstName} ${requester.lastName} asks to join ${input.organizationName}`,
    [
      `Hello ${input.firstName},`,
      `${requester.firstName} ${requester.lastName} (${requester.email}, ${requester.jobTitle}) asks to join ${input.organizationName} on Portico.`,
      `Approve or decline the request in the portal's Members area: ${pageOf(input.portalUrl, '/portal/members')}`,
    ],
  );
}

export function organizationRequestReceived(input: {
  to: string;
  firstName: string;
  legalName: string;
  domain: string;
  decisionExpectedBy: string;
}): EmailMessage {
  return message(input.to, `We received your request for ${input.legalName}`, [
    `Hello ${input.firstName},`,
    `We received your request to register ${input.legalName} (${input.domain}) with Portico. Our team reviews it, usually by ${input.decisionExpectedBy}.`,
    'Until then your account keeps limited access. We email you as soon as it is decided.',
  ]);
}

export function organizationRequestJoined(input: {
  to: string;
  firstName: string;
  legalName: string;
  domain: string;
}): EmailMessage {
  return message(input.to, `Your request joined the review of ${input.legalName}`, [
    `Hello ${input.firstName},`,
    `A colleague already asked us to register ${input.legalName} for ${input.domain}. Your request joined that review, so you do not need to do anything else.`,
    'We email you as soon as it is decided.',
  ]);
}

export function reviewerNotice(input: {
  to: string;
  requestId: string;
  legalName: string;
  domain: string;
  country: string;
  website: string;
  requestedBy: string;
  decideBy: string;
}): EmailMessage {
  return message(input.to, `Organization request to review: ${input.legalName} (${input.domain})`, [
    `${input.requestedBy} asked to register ${input.legalName} (${input.country}, ${input.website}) for the email domain ${input.domain}.`,
    `Request ${input.requestId}: approve or reject it by ${input.decideBy} (POST /v1/operator/organization-requests/${input.requestId}/decision).`,
  ]);
}

export function reviewEscalated(input: {
  to: string;
  requestId: string;
  legalName: string;
  domain: string;
  expiresAt: string;
}): EmailMessage {
  return message(input.to, `Overdue organization request: ${input.legalName} (${input.domain})`, [
    `Request ${input.requestId} for ${input.legalName} (${input.domain}) has waited past its review deadline.`,
    `Decide it before ${input.expiresAt}, or it expires and the requesters have to start again.`,
  ]);
}

export function reviewNeedsAttention(input: {
  to: string;
  requestId: string;
  domain: string;
  error: string;
}): EmailMessage {
  return message(input.to, `Organization request ${input.requestId} needs attention`, [
    `The review workflow of request ${input.requestId} (${input.domain}) kept failing and stopped: ${input.error}`,
    'The request is listed with stage NEEDS_ATTENTION. A decision recorded for it is still applied by the scheduled jobs.',
  ]);
}

/** An operator added the person's domain to an organization: registration now finds it. */
export function organizationAvailable(input: {
  to: string;
  firstName: string;
  organizationName: string;
  domain: string;
  portalUrl: string;
}): EmailMessage {
  return message(input.to, `You can now register with ${input.organizationName} on Portico`, [
    `Hello ${input.firstName},`,
    `When you registered, no organization on Portico used ${input.domain}. ${input.organizationName} now does.`,
    `Sign in at ${input.portalUrl} and submit your business registration again to join it; you do not need to request a new organization.`,
  ]);
}

export function organizationApproved(input: {
  to: string;
  firstName: string;
  organizationName: string;
  administrator: boolean;
  portalUrl: string;
}): EmailMessage {
  return message(input.to, `${input.organizationName} is approved: your business account is active`, [
    `Hello ${input.firstName},`,
    `We approved ${input.organizationName}, and your Portico business account is now active.`,
    ...(input.administrator
      ? [
          'You are its administrator: you decide which sites and products your colleagues see, and who else administers it.',
        ]
      : []),
    `Open the portal at ${input.portalUrl}.`,
  ]);
}

export function organizationRejected(input: {
  to: string;
  firstName: string;
  legalName: string;
  reason: string;
  portalUrl: string;
}): EmailMessage {
  return message(input.to, `We could not approve ${input.legalName}`, [
    `Hello ${input.firstName},`,
    `We reviewed your request to register ${input.legalName} and could not approve it: ${input.reason}`,
    `Your account keeps limited access. You can submit your business registration again at ${input.portalUrl}.`,
  ]);
}

export function organizationRequestExpired(input: {
  to: string;
  firstName: string;
  legalName: string;
  portalUrl: string;
}): EmailMessage {
  return message(input.to, `Your request for ${input.legalName} expired`, [
    `Hello ${input.firstName},`,
    `We are sorry: your request to register ${input.legalName} was not reviewed in time and has expired.`,
    `Your account keeps limited access. Submit your business registration again at ${input.portalUrl} and we will review it with priority.`,
  ]);
}

export function organizationRequestClosed(input: {
  to: string;
  firstName: string;
  reason: string;
  portalUrl: string;
}): EmailMessage {
  return message(input.to, 'Your organization request is no longer needed', [
    `Hello ${input.firstName},`,
    input.reason,
    `Submit your business registration again at ${input.portalUrl} to join it.`,
  ]);
}

export function onboardingReminder(input: {
  to: string;
  firstName: string;
  nextStep: string;
  portalUrl: string;
}): EmailMessage {
  return message(input.to, 'Finish setting up your Portico account', [
    `Hello ${input.firstName},`,
    `You started setting up your Portico account but stopped half way. Next step: ${input.nextStep}`,
    `Continue where you left off at ${input.portalUrl}. Until then your account keeps limited access.`,
  ]);
}
