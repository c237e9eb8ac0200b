import type { EmailMessage } from '../ports';

/** Every email Portico sends, in one place. Values are escaped for the HTML part. */

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function message(to: string, subject: string, paragraphs: readonly string[]): EmailMessage {
  const text = `${paragraphs.join('\n\n')}\n\n— The Portico team\n`;
  const html = `<!doctype html><html><body style="font-family:sans-serif">${paragraphs
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('')}<p>— The Portico team</p></body></html>`;
  return { to, subject, text, html };
}

export const emailTemplates = {
  verificationCode(input: {
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
  },

  alreadyRegistered(input: { to: string; portalUrl: string }): EmailMessage {
    return message(input.to, 'You already have a Portico account', [
      'Hello,',
      'Someone (probably you) tried to sign up for Portico with this email address, which already has an account.',
      `Sign in at ${input.portalUrl}. If you forgot your password, use "Forgot password" on the sign-in page.`,
      'If this was not you, no action is needed: your account is unchanged.',
    ]);
  },

  businessAccountActive(input: {
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
  },
} as const;
