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

/** A day (`YYYY-MM-DD`) as a reader of `locale` writes it (instantIn's date, without the time); other text as it is. */
function dayIn(locale: Locale, value: string): string {
  const date = new Date(`${value}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
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

/**
 * The email around its blocks, in `locale`: the text blocks separated by blank lines, the HTML blocks (already
 * escaped) in order, then the signature; `<html lang>` names the language.
 */
function layout(
  to: string,
  locale: Locale,
  subject: string,
  text: readonly string[],
  html: readonly string[],
): EmailMessage {
  const signature = { en: en.layout, fr: fr.layout, de: de.layout, ja: ja.layout }[locale].signature();
  return {
    to,
    subject,
    text: `${text.join('\n\n')}\n\n${signature}\n`,
    html: `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif">${html.join('')}<p>${escapeHtml(
      signature,
    )}</p></body></html>`,
  };
}

/** Paragraphs formatted with `values`, the empty ones left out. */
function paragraphsOf(
  messages: Readonly<Record<string, Message>>,
  values: Readonly<Record<string, unknown>>,
): string[] {
  return Object.values(messages)
    .map((paragraph) => paragraph(values))
    .filter((paragraph) => paragraph !== '');
}

/** The email in the recipient's language: subject, text and HTML from the same paragraphs (empty ones left out). */
function message(recipient: Recipient, words: InLocales<EmailWords>, input: object): EmailMessage {
  const values = input as Readonly<Record<string, unknown>>;
  const locale = recipient.locale ?? DEFAULT_LOCALE;
  const { subject, body } = words[locale];
  const paragraphs = paragraphsOf(body, values);
  return layout(
    recipient.to,
    locale,
    subject(values),
    paragraphs,
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
  );
}

/** A link of the HTML part: both the address and the label escaped. */
function link(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
}

/**
 * A message as HTML: its text escaped, and the values named in `links` (value name → address) as links. Each
 * linked value is formatted as a marker (Unicode private-use characters, which no message contains), the text
 * escaped, then each marker replaced by the link around the escaped value.
 */
function htmlWithLinks(
  format: Message,
  values: Readonly<Record<string, unknown>>,
  links: Readonly<Record<string, string>>,
): string {
  const marked: Record<string, unknown> = { ...values };
  const anchors = Object.entries(links).map(([name, href], index) => {
    const marker = `\uE000${index}\uE001`;
    marked[name] = marker;
    return { marker, anchor: link(href, String(values[name])) };
  });
  let html = escapeHtml(format(marked));
  for (const { marker, anchor } of anchors) html = html.split(marker).join(anchor);
  return html;
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

/** To an invited address: the single-use link `<portal>/invitation?token=…` (docs/membership.md "Invitations"). */
export function invitation(
  input: Recipient & {
    inviterName: string;
    inviterEmail: string;
    organizationName: string;
    role: 'MEMBER' | 'ADMINISTRATOR';
    token: string;
    expiresAt: string;
    portalUrl: string;
  },
): EmailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  return message(
    input,
    { en: en.invitation, fr: fr.invitation, de: de.invitation, ja: ja.invitation },
    {
      inviterName: input.inviterName,
      inviterEmail: input.inviterEmail,
      organizationName: input.organizationName,
      role: input.role,
      email: input.to,
      invitationUrl: pageOf(input.portalUrl, `/invitation?token=${encodeURIComponent(input.token)}`),
      expiresOn: instantIn(locale, input.expiresAt),
    },
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
export function joinRequestReceived(
  input: Recipient & {
    firstName: string;
    organizationName: string;
    requester: {
      readonly firstName: string;
      readonly lastName: string;
      readonly email: string;
      /** '' when the person gave none: the email then names only their address. */
      readonly jobTitle: string;
    };
    portalUrl: string;
  },
): EmailMessage {
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
      requesterFirstName: requester.firstName,
      requesterLastName: requester.lastName,
      requesterEmail: requester.email,
      titled: requester.jobTitle ? 'yes' : 'no',
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

/**
 * The weekly support-expiry digest (domain/support-digest.ts): the greeting and what the week holds, one section
 * per site (a linked heading, then one item per product, each formatted by its own message), the count of
 * products left out, the settings and the unsubscribe link. Days in the reader's language.
 */
export function supportDigest(
  input: Recipient & {
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
  },
): EmailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const words = {
    en: en.supportDigest,
    fr: fr.supportDigest,
    de: de.supportDigest,
    ja: ja.supportDigest,
  }[locale];
  const values = {
    firstName: input.firstName,
    organizationName: input.organizationName,
    total: input.total,
    week: input.week.id,
    weekFrom: dayIn(locale, input.week.from),
    weekTo: dayIn(locale, input.week.to),
    omitted: input.omitted,
    productsUrl: pageOf(input.portalUrl, '/portal/products?sort=supportEndDate'),
    settingsUrl: pageOf(input.portalUrl, '/portal/settings'),
    unsubscribeUrl: input.unsubscribeUrl,
  };
  const intro = paragraphsOf(words.intro, values);
  const outro = paragraphsOf(words.outro, values);
  const sections = input.sections.map((section) => {
    const siteUrl = pageOf(input.portalUrl, `/portal/products?site=${encodeURIComponent(section.siteId)}`);
    const items = section.lines.map((line) => {
      const tag = line.product.serviceTag;
      return {
        url: pageOf(input.portalUrl, `/portal/product?serviceTag=${encodeURIComponent(tag)}`),
        values: {
          serviceTag: tag,
          model: line.product.model,
          change: line.change,
          end: dayIn(locale, line.product.supportEndDate),
          on: dayIn(locale, line.on),
        },
      };
    });
    return {
      text: [
        words.site({ siteName: section.siteName, siteUrl }),
        ...items.map((item) => `  - ${words.item(item.values)} ${item.url}`),
      ].join('\n'),
      html: `<h3>${link(siteUrl, section.siteName)}</h3><ul>${items
        .map((item) => `<li>${htmlWithLinks(words.item, item.values, { serviceTag: item.url })}</li>`)
        .join('')}</ul>`,
    };
  });
  return layout(
    input.to,
    locale,
    words.subject(values),
    [...intro, ...sections.map((section) => section.text), ...outro],
    [
      ...intro.map((p) => `<p>${escapeHtml(p)}</p>`),
      ...sections.map((section) => section.html),
      ...outro.map((p) => `<p>${escapeHtml(p)}</p>`),
      `<p>${link(input.unsubscribeUrl, words.unsubscribe())}</p>`,
    ],
  );
}

/** To a member an administrator removed from their organization (their sessions were signed out). */
export function memberRemoved(
  input: Recipient & { firstName: string; organizationName: string; portalUrl: string },
): EmailMessage {
  return message(
    input,
    {
      en: en.memberRemoved,
      fr: fr.memberRemoved,
      de: de.memberRemoved,
      ja: ja.memberRemoved,
    },
    input,
  );
}
