import type { EmailMessage } from '../ports';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locale';
import * as de from './messages/compiled/de';
import * as en from './messages/compiled/en';
import * as fr from './messages/compiled/fr';
import * as ja from './messages/compiled/ja';

/**
 * Every email Portico sends, in one place, one exported function per email (imported as a namespace, so a
 * function's bundle holds only the emails it sends), in the recipient's `locale` (English when absent). The
 * words are in messages/<locale>.json (ICU MessageFormat, compiled by `npm run messages`); each email reads its
 * own entry of each locale by name, so esbuild drops the other emails' words too (docs/languages.md). Values
 * are escaped for the HTML part.
 */

type Message = (values?: Readonly<Record<string, unknown>>) => string;
interface EmailWords {
  readonly subject: Message;
  readonly body: Readonly<Record<string, Message>>;
}
type InLocales<T> = Readonly<Record<Locale, T>>;

/** Who reads it, in which language: every email takes the recipient's locale. */
interface Recipient {
  readonly to: string;
  readonly locale?: Locale | undefined;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A page of the web client under the portal's address (with or without a trailing slash). */
function pageOf(portalUrl: string, path: string): string {
  return `${portalUrl.replace(/\/+$/, '')}${path}`;
}

/** An instant (ISO 8601) as a reader of `locale` writes it, in UTC; text that is not one is shown as it is. */
function instantIn(locale: Locale, value: string): string {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(date);
}

/** A country's name in `locale` (ICU's, through Intl.DisplayNames), or the code when ICU has none. */
function countryIn(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The email in the recipient's language: subject, text and HTML from the same paragraphs (empty ones left out). */
function message(recipient: Recipient, words: InLocales<EmailWords>, input: object): EmailMessage {
  const values = input as Readonly<Record<string, unknown>>;
  const locale = recipient.locale ?? DEFAULT_LOCALE;
  const { subject, body } = words[locale];
  const signature = { en: en.layout, fr: fr.layout, de: de.layout, ja: ja.layout }[locale].signature();
  const paragraphs = Object.values(body)
    .map((paragraph) => paragraph(values))
    .filter((paragraph) => paragraph !== '');
  const text = `${paragraphs.join('\n\n')}\n\n${signature}\n`;
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif">${paragraphs
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('')}<p>${escapeHtml(signature)}</p></body></html>`;
  return { to: recipient.to, subject: subject(values), text, html };
}

export function verificationCode(
  input: Recipient & { firstName: string; code: string; validMinutes: number },
): EmailMessage {
  return message(
    input,
    { en: en.verificationCode, fr: fr.verificationCode, de: de.verificationCode, ja: ja.verificationCode },
    input,
  );
}

export function alreadyRegistered(input: Recipient & { portalUrl: string }): EmailMessage {
  return message(
    input,
    {
      en: en.alreadyRegistered,
      fr: fr.alreadyRegistered,
      de: de.alreadyRegistered,
      ja: ja.alreadyRegistered,
    },
    {
      portalUrl: input.portalUrl,
      resetUrl: pageOf(input.portalUrl, '/forgot-password'),
    },
  );
}

export function passwordResetCode(
  input: Recipient & { firstName: string; code: string; validMinutes: number; portalUrl: string },
): EmailMessage {
  return message(
    input,
    {
      en: en.passwordResetCode,
      fr: fr.passwordResetCode,
      de: de.passwordResetCode,
      ja: ja.passwordResetCode,
    },
    {
      ...input,
      resetUrl: pageOf(input.portalUrl, '/reset-password'),
    },
  );
}

export function passwordChanged(
  input: Recipient & { firstName?: string | undefined; portalUrl: string },
): EmailMessage {
  return message(
    input,
    { en: en.passwordChanged, fr: fr.passwordChanged, de: de.passwordChanged, ja: ja.passwordChanged },
    {
      named: input.firstName ? 'yes' : 'no',
      firstName: input.firstName,
      resetUrl: pageOf(input.portalUrl, '/forgot-password'),
    },
  );
}

export function emailChangeCode(
  input: Recipient & { firstName: string; code: string; validMinutes: number },
): EmailMessage {
  return message(
    input,
    { en: en.emailChangeCode, fr: fr.emailChangeCode, de: de.emailChangeCode, ja: ja.emailChangeCode },
    input,
  );
}

export function emailChangeRequested(
  input: Recipient & { firstName: string; newEmail: string; portalUrl: string },
): EmailMessage {
  return message(
    input,
    {
      en: en.emailChangeRequested,
      fr: fr.emailChangeRequested,
      de: de.emailChangeRequested,
      ja: ja.emailChangeRequested,
    },
    {
      ...input,
      accountUrl: pageOf(input.portalUrl, '/account'),
    },
  );
}

export function emailChanged(
  input: Recipient & { firstName: string; newEmail: string; portalUrl: string },
): EmailMessage {
  return message(
    input,
    { en: en.emailChanged, fr: fr.emailChanged, de: de.emailChanged, ja: ja.emailChanged },
    {
      ...input,
      resetUrl: pageOf(input.portalUrl, '/forgot-password'),
    },
  );
}

export function accountErased(input: Recipient & { firstName: string }): EmailMessage {
  return message(
    input,
    { en: en.accountErased, fr: fr.accountErased, de: de.accountErased, ja: ja.accountErased },
    input,
  );
}

export function businessAccountActive(
  input: Recipient & { firstName: string; organizationName: string; portalUrl: string },
): EmailMessage {
  return message(
    input,
    {
      en: en.businessAccountActive,
      fr: fr.businessAccountActive,
      de: de.businessAccountActive,
      ja: ja.businessAccountActive,
    },
    input,
  );
}

/** To a person whose join request the organization's administrators declined, with their reason if given. */
export function joinRequestDeclined(
  input: Recipient & { firstName: string; organizationName: string; reason?: string; portalUrl: string },
): EmailMessage {
  return message(
    input,
    {
      en: en.joinRequestDeclined,
      fr: fr.joinRequestDeclined,
      de: de.joinRequestDeclined,
      ja: ja.joinRequestDeclined,
    },
    { ...input, hasReason: input.reason === undefined ? 'no' : 'yes', reason: input.reason ?? '' },
  );
}

/** To each administrator of an organization with the APPROVAL policy: someone asks to join. */
export function joinRequestReceived(input: {
  to: string;
  /** The administrator's language, when known (else English). */
  locale?: Locale | undefined;
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
    input,
    {
      en: en.joinRequestReceived,
      fr: fr.joinRequestReceived,
      de: de.joinRequestReceived,
      ja: ja.joinRequestReceived,
    },
    {
      firstName: input.firstName,
      organizationName: input.organizationName,
      requesterName: `${requester.firstName} ${requester.lastName}`,
      requesterEmail: requester.email,
      jobTitle: requester.jobTitle,
      membersUrl: pageOf(input.portalUrl, '/portal/members'),
    },
  );
}

export function organizationRequestReceived(
  input: Recipient & { firstName: string; legalName: string; domain: string; decisionExpectedBy: string },
): EmailMessage {
  return message(
    input,
    {
      en: en.organizationRequestReceived,
      fr: fr.organizationRequestReceived,
      de: de.organizationRequestReceived,
      ja: ja.organizationRequestReceived,
    },
    {
      ...input,
      decisionExpectedBy: instantIn(input.locale ?? DEFAULT_LOCALE, input.decisionExpectedBy),
    },
  );
}

export function organizationRequestJoined(
  input: Recipient & { firstName: string; legalName: string; domain: string },
): EmailMessage {
  return message(
    input,
    {
      en: en.organizationRequestJoined,
      fr: fr.organizationRequestJoined,
      de: de.organizationRequestJoined,
      ja: ja.organizationRequestJoined,
    },
    input,
  );
}

/** To the reviewers (operators): their locale when known, else English. */
export function reviewerNotice(
  input: Recipient & {
    requestId: string;
    legalName: string;
    domain: string;
    /** ISO 3166-1 alpha-2: the email names it in the reader's language. */
    country: string;
    website: string;
    requestedBy: string;
    decideBy: string;
  },
): EmailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  return message(
    input,
    { en: en.reviewerNotice, fr: fr.reviewerNotice, de: de.reviewerNotice, ja: ja.reviewerNotice },
    {
      ...input,
      country: countryIn(locale, input.country),
      decideBy: instantIn(locale, input.decideBy),
    },
  );
}

export function reviewEscalated(
  input: Recipient & { requestId: string; legalName: string; domain: string; expiresAt: string },
): EmailMessage {
  return message(
    input,
    { en: en.reviewEscalated, fr: fr.reviewEscalated, de: de.reviewEscalated, ja: ja.reviewEscalated },
    {
      ...input,
      expiresAt: instantIn(input.locale ?? DEFAULT_LOCALE, input.expiresAt),
    },
  );
}

export function reviewNeedsAttention(
  input: Recipient & { requestId: string; domain: string; error: string },
): EmailMessage {
  return message(
    input,
    {
      en: en.reviewNeedsAttention,
      fr: fr.reviewNeedsAttention,
      de: de.reviewNeedsAttention,
      ja: ja.reviewNeedsAttention,
    },
    input,
  );
}

/** An operator added the person's domain to an organization: registration now finds it. */
export function organizationAvailable(
  input: Recipient & { firstName: string; organizationName: string; domain: string; portalUrl: string },
): EmailMessage {
  return message(
    input,
    {
      en: en.organizationAvailable,
      fr: fr.organizationAvailable,
      de: de.organizationAvailable,
      ja: ja.organizationAvailable,
    },
    input,
  );
}

export function organizationApproved(
  input: Recipient & {
    firstName: string;
    organizationName: string;
    administrator: boolean;
    portalUrl: string;
  },
): EmailMessage {
  return message(
    input,
    {
      en: en.organizationApproved,
      fr: fr.organizationApproved,
      de: de.organizationApproved,
      ja: ja.organizationApproved,
    },
    {
      ...input,
      administrator: input.administrator ? 'yes' : 'no',
    },
  );
}

export function organizationRejected(
  input: Recipient & { firstName: string; legalName: string; reason: string; portalUrl: string },
): EmailMessage {
  return message(
    input,
    {
      en: en.organizationRejected,
      fr: fr.organizationRejected,
      de: de.organizationRejected,
      ja: ja.organizationRejected,
    },
    input,
  );
}

export function organizationRequestExpired(
  input: Recipient & { firstName: string; legalName: string; portalUrl: string },
): EmailMessage {
  return message(
    input,
    {
      en: en.organizationRequestExpired,
      fr: fr.organizationRequestExpired,
      de: de.organizationRequestExpired,
      ja: ja.organizationRequestExpired,
    },
    input,
  );
}

export function organizationRequestClosed(
  input: Recipient & { firstName: string; reason: string; portalUrl: string },
): EmailMessage {
  return message(
    input,
    {
      en: en.organizationRequestClosed,
      fr: fr.organizationRequestClosed,
      de: de.organizationRequestClosed,
      ja: ja.organizationRequestClosed,
    },
    input,
  );
}

/** `step`: the onboarding state the person stopped in; the email says what it asks of them. */
export function onboardingReminder(
  input: Recipient & { firstName: string; step: string; portalUrl: string },
): EmailMessage {
  const nextStep = {
    en: en.onboardingReminder,
    fr: fr.onboardingReminder,
    de: de.onboardingReminder,
    ja: ja.onboardingReminder,
  }[input.locale ?? DEFAULT_LOCALE].nextStep({ step: input.step });
  return message(
    input,
    {
      en: en.onboardingReminder,
      fr: fr.onboardingReminder,
      de: de.onboardingReminder,
      ja: ja.onboardingReminder,
    },
    { ...input, nextStep },
  );
}

/** The weekly support-expiry digest (domain/support-digest.ts): one section per site, then the unsubscribe link. */
export function supportDigest(input: {
  to: string;
  firstName: string;
  organizationName: string;
  week: { readonly id: string; readonly from: string; readonly to: string };
  sections: readonly {
    readonly siteId: string;
    readonly siteName: string;
    readonly lines: readonly {
      readonly product: {
        readonly serviceTag: string;
        readonly model: string;
        readonly supportEndDate: string;
      };
      readonly change: 'EXPIRING' | 'EXPIRED';
      readonly on: string;
    }[];
  }[];
  total: number;
  omitted: number;
  portalUrl: string;
  unsubscribeUrl: string;
}): EmailMessage {
  const what = (change: 'EXPIRING' | 'EXPIRED', on: string, end: string) =>
    change === 'EXPIRING'
      ? `support ends ${end} (expiring from ${on})`
      : `support ended ${end} (expired ${on})`;
  const intro = [
    `Hello ${input.firstName},`,
    `${input.total} ${input.total === 1 ? 'product' : 'products'} of ${input.organizationName} that you can see ${input.total === 1 ? 'enters' : 'enter'} EXPIRING or EXPIRED support this week (${input.week.id}, ${input.week.from} to ${input.week.to}).`,
  ];
  const outro = [
    ...(input.omitted > 0
      ? [
          `${input.omitted} more are not listed here: see them all at ${pageOf(input.portalUrl, '/portal/products?sort=supportEndDate')}.`,
        ]
      : []),
    `You receive this weekly digest because it is on in your settings (${pageOf(input.portalUrl, '/portal/settings')}). Stop it with one click, no sign-in needed: ${input.unsubscribeUrl}`,
  ];
  const productUrl = (tag: string) =>
    pageOf(input.portalUrl, `/portal/product?serviceTag=${encodeURIComponent(tag)}`);
  const siteUrl = (siteId: string) =>
    pageOf(input.portalUrl, `/portal/products?site=${encodeURIComponent(siteId)}`);
  const text = [
    ...intro,
    ...input.sections.map((section) =>
      [
        `${section.siteName} (${siteUrl(section.siteId)})`,
        ...section.lines.map(
          (line) =>
            `  - ${line.product.serviceTag} ${line.product.model}: ${what(line.change, line.on, line.product.supportEndDate)} ${productUrl(line.product.serviceTag)}`,
        ),
      ].join('\n'),
    ),
    ...outro,
  ].join('\n\n');
  const link = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
  const html = `<!doctype html><html><body style="font-family:sans-serif">${intro
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('')}${input.sections
    .map(
      (section) =>
        `<h3>${link(siteUrl(section.siteId), section.siteName)}</h3><ul>${section.lines
          .map(
            (line) =>
              `<li>${link(productUrl(line.product.serviceTag), line.product.serviceTag)} ${escapeHtml(line.product.model)}: ${escapeHtml(what(line.change, line.on, line.product.supportEndDate))}</li>`,
          )
          .join('')}</ul>`,
    )
    .join(
      '',
    )}${outro.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<p>${link(input.unsubscribeUrl, 'Unsubscribe from this digest')}</p><p>— The Portico team</p></body></html>`;
  return {
    to: input.to,
    subject: `Portico: ${input.total} ${input.total === 1 ? 'product' : 'products'} entering expiring or expired support this week`,
    text: `${text}\n\n— The Portico team\n`,
    html,
  };
}
