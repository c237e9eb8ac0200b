import type { EmailMessage } from '../ports';
import { catalogArea } from '../i18n/catalogs';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locale';
import * as en from './messages/compiled/en';

/**
 * Every email Portico sends, in one place, one exported function per email (imported as a namespace, so a
 * function's bundle holds only the emails it sends), in the recipient's `locale` (English when absent). The
 * words are in messages/<locale>.json (ICU MessageFormat, compiled by `npm run messages`); each email reads its
 * own English entry by name, so esbuild drops the other emails' words too; French, German and Japanese are
 * the `core/email/messages` catalog, loaded at run time (functions/core/i18n/catalogs.ts, docs/languages.md).
 * Values are escaped for the HTML part.
 */

/** The words of every email in one locale (each locale's compiled module has English's shape). */
type Words = typeof en;
// Pure: a bundle that formats none of these words drops the area, so it neither ships nor loads it.
const catalog = /* @__PURE__ */ catalogArea<Words>('core/email/messages');

type Message = (values?: Readonly<Record<string, unknown>>) => string;
interface EmailWords {
  readonly subject: Message;
  readonly body: Readonly<Record<string, Message>>;
}

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
  const signature = (catalog.in(locale)?.layout ?? en.layout).signature();
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

/**
 * An email rendered by `render` in the words of `locale` when they are loaded (or failed to load: English,
 * logged). When they are not loaded yet (an email to someone whose language is not the request's), it is
 * rendered in English now and carries `later`: the mailer makes the locale ready and renders it again
 * (`inRecipientLanguage`), so a send is never in the wrong language and rendering stays synchronous.
 */
function rendered(
  locale: Locale,
  render: (words: Words | undefined, written: Locale) => EmailMessage,
): EmailMessage {
  if (catalog.settled(locale)) {
    const words = catalog.in(locale);
    return render(words, words ? locale : DEFAULT_LOCALE);
  }
  return { ...render(undefined, DEFAULT_LOCALE), later: { locale, render: () => rendered(locale, render) } };
}

/**
 * The message in the recipient's language, ready to send: what the mailer sends (functions/core/adapters/ses).
 * Loads the recipient's locale first when the message was rendered before it was loaded.
 */
export async function inRecipientLanguage(message: EmailMessage): Promise<EmailMessage> {
  if (!message.later) return message;
  await catalog.ready(message.later.locale);
  return message.later.render();
}

/** Values of an email: fixed, or made in the locale the email is written in (dates, countries, words). */
type ValuesOf<W> = object | ((words: W, locale: Locale) => object);

/**
 * The email in the recipient's language: subject, text and HTML from the same paragraphs (empty ones left out).
 * `english` is the email's own English entry (named, so esbuild keeps only it); `select` picks the same entry
 * from a loaded locale's words.
 */
function message<W extends EmailWords>(
  recipient: Recipient,
  english: W,
  select: (words: Words) => W,
  input: ValuesOf<W>,
): EmailMessage {
  return rendered(recipient.locale ?? DEFAULT_LOCALE, (loaded, locale) => {
    const words = loaded ? select(loaded) : english;
    const values = (typeof input === 'function' ? input(words, locale) : input) as Readonly<
      Record<string, unknown>
    >;
    const { subject, body } = words;
    const paragraphs = paragraphsOf(body, values);
    return layout(
      recipient.to,
      locale,
      subject(values),
      paragraphs,
      paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    );
  });
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
  return message(input, en.verificationCode, (words) => words.verificationCode, input);
}

export function alreadyRegistered(input: Recipient & { portalUrl: string }): EmailMessage {
  return message(input, en.alreadyRegistered, (words) => words.alreadyRegistered, {
    portalUrl: input.portalUrl,
    resetUrl: pageOf(input.portalUrl, '/forgot-password'),
  });
}

export function passwordResetCode(
  input: Recipient & { firstName: string; code: string; validMinutes: number; portalUrl: string },
): EmailMessage {
  return message(input, en.passwordResetCode, (words) => words.passwordResetCode, {
    ...input,
    resetUrl: pageOf(input.portalUrl, '/reset-password'),
  });
}

export function passwordChanged(
  input: Recipient & { firstName?: string | undefined; portalUrl: string },
): EmailMessage {
  return message(input, en.passwordChanged, (words) => words.passwordChanged, {
    named: input.firstName ? 'yes' : 'no',
    firstName: input.firstName,
    resetUrl: pageOf(input.portalUrl, '/forgot-password'),
  });
}

export function emailChangeCode(
  input: Recipient & { firstName: string; code: string; validMinutes: number },
): EmailMessage {
  return message(input, en.emailChangeCode, (words) => words.emailChangeCode, input);
}

export function emailChangeRequested(
  input: Recipient & { firstName: string; newEmail: string; portalUrl: string },
): EmailMessage {
  return message(input, en.emailChangeRequested, (words) => words.emailChangeRequested, {
    ...input,
    accountUrl: pageOf(input.portalUrl, '/account'),
  });
}

export function emailChanged(
  input: Recipient & { firstName: string; newEmail: string; portalUrl: string },
): EmailMessage {
  return message(input, en.emailChanged, (words) => words.emailChanged, {
    ...input,
    resetUrl: pageOf(input.portalUrl, '/forgot-password'),
  });
}

export function accountErased(input: Recipient & { firstName: string }): EmailMessage {
  return message(input, en.accountErased, (words) => words.accountErased, input);
}

export function businessAccountActive(
  input: Recipient & { firstName: string; organizationName: string; portalUrl: string },
): EmailMessage {
  return message(input, en.businessAccountActive, (words) => words.businessAccountActive, input);
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
  return message(
    input,
    en.invitation,
    (words) => words.invitation,
    (_words, locale) => ({
      inviterName: input.inviterName,
      inviterEmail: input.inviterEmail,
      organizationName: input.organizationName,
      role: input.role,
      email: input.to,
      invitationUrl: pageOf(input.portalUrl, `/invitation?token=${encodeURIComponent(input.token)}`),
      expiresOn: instantIn(locale, input.expiresAt),
    }),
  );
}

/** To a person whose join request the organization's administrators declined, with their reason if given. */
export function joinRequestDeclined(
  input: Recipient & { firstName: string; organizationName: string; reason?: string; portalUrl: string },
): EmailMessage {
  return message(input, en.joinRequestDeclined, (words) => words.joinRequestDeclined, {
    ...input,
    hasReason: input.reason === undefined ? 'no' : 'yes',
    reason: input.reason ?? '',
  });
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
  return message(input, en.joinRequestReceived, (words) => words.joinRequestReceived, {
    firstName: input.firstName,
    organizationName: input.organizationName,
    requesterFirstName: requester.firstName,
    requesterLastName: requester.lastName,
    requesterEmail: requester.email,
    titled: requester.jobTitle ? 'yes' : 'no',
    jobTitle: requester.jobTitle,
    membersUrl: pageOf(input.portalUrl, '/portal/members'),
  });
}

export function organizationRequestReceived(
  input: Recipient & { firstName: string; legalName: string; domain: string; decisionExpectedBy: string },
): EmailMessage {
  return message(
    input,
    en.organizationRequestReceived,
    (words) => words.organizationRequestReceived,
    (_words, locale) => ({
      ...input,
      decisionExpectedBy: instantIn(locale, input.decisionExpectedBy),
    }),
  );
}

export function organizationRequestJoined(
  input: Recipient & { firstName: string; legalName: string; domain: string },
): EmailMessage {
  return message(input, en.organizationRequestJoined, (words) => words.organizationRequestJoined, input);
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
  return message(
    input,
    en.reviewerNotice,
    (words) => words.reviewerNotice,
    (_words, locale) => ({
      ...input,
      country: countryIn(locale, input.country),
      decideBy: instantIn(locale, input.decideBy),
    }),
  );
}

export function reviewEscalated(
  input: Recipient & { requestId: string; legalName: string; domain: string; expiresAt: string },
): EmailMessage {
  return message(
    input,
    en.reviewEscalated,
    (words) => words.reviewEscalated,
    (_words, locale) => ({
      ...input,
      expiresAt: instantIn(locale, input.expiresAt),
    }),
  );
}

export function reviewNeedsAttention(
  input: Recipient & { requestId: string; domain: string; error: string },
): EmailMessage {
  return message(input, en.reviewNeedsAttention, (words) => words.reviewNeedsAttention, input);
}

/** An operator added the person's domain to an organization: registration now finds it. */
export function organizationAvailable(
  input: Recipient & { firstName: string; organizationName: string; domain: string; portalUrl: string },
): EmailMessage {
  return message(input, en.organizationAvailable, (words) => words.organizationAvailable, input);
}

export function organizationApproved(
  input: Recipient & {
    firstName: string;
    organizationName: string;
    administrator: boolean;
    portalUrl: string;
  },
): EmailMessage {
  return message(input, en.organizationApproved, (words) => words.organizationApproved, {
    ...input,
    administrator: input.administrator ? 'yes' : 'no',
  });
}

export function organizationRejected(
  input: Recipient & { firstName: string; legalName: string; reason: string; portalUrl: string },
): EmailMessage {
  return message(input, en.organizationRejected, (words) => words.organizationRejected, input);
}

export function organizationRequestExpired(
  input: Recipient & { firstName: string; legalName: string; portalUrl: string },
): EmailMessage {
  return message(input, en.organizationRequestExpired, (words) => words.organizationRequestExpired, input);
}

export function organizationRequestClosed(
  input: Recipient & { firstName: string; reason: string; portalUrl: string },
): EmailMessage {
  return message(input, en.organizationRequestClosed, (words) => words.organizationRequestClosed, input);
}

/** `step`: the onboarding state the person stopped in; the email says what it asks of them. */
export function onboardingReminder(
  input: Recipient & { firstName: string; step: string; portalUrl: string },
): EmailMessage {
  return message(
    input,
    en.onboardingReminder,
    (words) => words.onboardingReminder,
    (words) => ({ ...input, nextStep: words.nextStep({ step: input.step }) }),
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
  return rendered(input.locale ?? DEFAULT_LOCALE, (loaded, locale) => {
    const words = loaded?.supportDigest ?? en.supportDigest;
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
  });
}

/** To a member an administrator removed from their organization (their sessions were signed out). */
export function memberRemoved(
  input: Recipient & { firstName: string; organizationName: string; portalUrl: string },
): EmailMessage {
  return message(input, en.memberRemoved, (words) => words.memberRemoved, input);
}
