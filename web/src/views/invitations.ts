import type { App } from '../app';
import { ApiProblem } from '../api';
import type { AnswerOf, MemberRole } from '../api-types';
import { formatDate, h, replace } from '../dom';
import { field, FormController, submitButton } from '../forms';
import { t } from '../i18n';
import { scrollingTable } from './portal-frame';

type PendingInvitation = AnswerOf<'GET', '/v1/portal/invitations'>['items'][number];

/** Where a person who opened an invitation link before signing in comes back to (sign-in reads it). */
const RETURN_KEY = 'portico.returnTo';

/** The path to return to after signing in, once (undefined when none was kept). */
export function takeReturnPath(): string | undefined {
  const path = sessionStorage.getItem(RETURN_KEY) ?? undefined;
  sessionStorage.removeItem(RETURN_KEY);
  return path?.startsWith('/') ? path : undefined;
}

/** Addresses typed one per line, or separated by commas, semicolons or spaces. */
function addressesIn(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((address) => address.trim())
    .filter(Boolean);
}

/**
 * Administrators: invite addresses (POST /v1/portal/invitations: several at once, a role, contractors outside the
 * organization's domains only when ticked) and the pending invitations with resend and revoke. The API's
 * problems per address (`/invitations/N/email`) are shown at the addresses field, each naming its address.
 */
export async function invitationsSection(app: App): Promise<HTMLElement> {
  let pending: PendingInvitation[];
  try {
    pending = (await app.api('GET', '/v1/portal/invitations')).items;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 403) {
      return h('section', {}, h('p', { class: 'notice' }, error.detail));
    }
    throw error;
  }

  // The invite form.
  const addresses = field({
    name: 'addresses',
    label: t('invitations.addresses'),
    hint: t('invitations.addressesHint'),
    required: true,
    multiline: true,
    pointer: '/invitations',
  });
  const role = field({
    name: 'role',
    label: t('invitations.role'),
    options: (['MEMBER', 'ADMINISTRATOR'] as const).map((value) => ({
      value,
      label: t('common.role', { role: value }),
    })),
  });
  const outsideId = 'invite-outside-domain';
  const outside = h('input', { type: 'checkbox', id: outsideId, name: 'allowOutsideDomain' });
  const form = h(
    'form',
    { 'aria-labelledby': 'invite-heading' },
    addresses.element,
    role.element,
    h(
      'div',
      { class: 'choice' },
      outside,
      h('label', { for: outsideId }, t('invitations.outsideDomain')),
      h('p', { class: 'hint' }, t('invitations.outsideDomainHint')),
    ),
    submitButton(t('invitations.send')),
  );
  const controller = new FormController(form, [addresses, role]);

  // The pending list.
  const listMessage = h('div', { class: 'form-message', role: 'alert', tabindex: -1, hidden: true });
  const empty = h('p', { class: 'meta' }, t('invitations.none'));
  const showError = (error: unknown) => {
    listMessage.textContent = error instanceof ApiProblem ? error.detail : String(error);
    listMessage.hidden = false;
    listMessage.focus();
  };
  const invitationRow = (invitation: PendingInvitation): HTMLTableRowElement => {
    const forWhom = h('span', { class: 'visually-hidden' }, t('invitations.forAddress', invitation));
    const resend = h('button', { type: 'button', class: 'secondary' }, t('invitations.resend'), forWhom);
    const revoke = h(
      'button',
      { type: 'button', class: 'secondary' },
      t('invitations.revoke'),
      forWhom.cloneNode(true),
    );
    const row = h(
      'tr',
      {},
      h('th', { scope: 'row' }, invitation.email),
      h('td', {}, t('common.role', { role: invitation.role })),
      h('td', {}, invitation.invitedBy.email),
      h('td', {}, formatDate(invitation.expiresAt)),
      h('td', {}, h('div', { class: 'actions' }, resend, revoke)),
    );
    const path = { invitationId: invitation.invitationId };
    resend.addEventListener('click', () => {
      listMessage.hidden = true;
      resend.disabled = true;
      void app
        .api('POST', '/v1/portal/invitations/{invitationId}/resend', { path })
        .then((sent) => {
          const replacement = invitationRow(sent);
          row.replaceWith(replacement);
          app.announce(t('invitations.resent', sent));
          replacement.querySelector('button')?.focus();
        })
        .catch((error: unknown) => {
          resend.disabled = false;
          showError(error);
        });
    });
    revoke.addEventListener('click', () => {
      if (!window.confirm(t('invitations.confirmRevoke', invitation))) return;
      listMessage.hidden = true;
      revoke.disabled = true;
      void app
        .api('DELETE', '/v1/portal/invitations/{invitationId}', { path })
        .then(() => {
          row.remove();
          empty.hidden = table.body.rows.length > 0;
          app.announce(t('invitations.revoked', invitation));
        })
        .catch((error: unknown) => {
          revoke.disabled = false;
          showError(error);
        });
    });
    return row;
  };
  const table = scrollingTable(
    t('invitations.pending'),
    [
      t('common.email'),
      t('invitations.role'),
      t('invitations.invitedBy'),
      t('invitations.expires'),
      t('invitations.actions'),
    ],
    pending.map(invitationRow),
  );
  empty.hidden = pending.length > 0;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const list = addressesIn(addresses.control.value);
      if (list.length === 0) {
        throw new ApiProblem(400, 'validation-error', t('common.invalidRequest'), t('invitations.enterOne'), [
          { pointer: '/invitations', detail: t('common.mustNotBeEmpty') },
        ]);
      }
      let made: PendingInvitation[];
      try {
        made = (
          await app.api('POST', '/v1/portal/invitations', {
            body: {
              invitations: list.map((email) => ({
                email,
                role: role.control.value as MemberRole,
                allowOutsideDomain: outside.checked,
              })),
            },
          })
        ).items;
      } catch (error) {
        // One message at the addresses field, naming each address the API refused and why.
        if (error instanceof ApiProblem && error.errors.length > 0) {
          const reasons = error.errors.map((problem) => {
            const index = Number(/^\/invitations\/(\d+)/.exec(problem.pointer)?.[1]);
            const address = list[index];
            return address === undefined
              ? problem.detail
              : t('invitations.addressProblem', { address, detail: problem.detail });
          });
          throw new ApiProblem(error.status, error.type, error.title, error.detail, [
            { pointer: '/invitations', detail: reasons.join(' ') },
          ]);
        }
        throw error;
      }
      table.body.append(...made.map(invitationRow));
      empty.hidden = true;
      addresses.control.value = '';
      outside.checked = false;
      app.announce(t('invitations.sent', { count: made.length }));
    });
  });

  return h(
    'div',
    { class: 'invitations' },
    h('section', {}, h('h2', { id: 'invite-heading' }, t('invitations.inviteTitle')), form),
    h('section', {}, h('h2', {}, t('invitations.pendingTitle')), listMessage, empty, table.element),
  );
}

/**
 * `/invitation?token=…`, the link of the invitation email. Not signed in: sign in or sign up with the invited
 * address first, then come back here (the path is kept for the sign-in). Signed in: accept (POST
 * /v1/invitations/accept) and land on the Summary; an unknown, expired or foreign link, or a person already in
 * an organization, is told so plainly.
 */
export function invitationAcceptView(app: App, main: HTMLElement, url: URL): void {
  const token = url.searchParams.get('token') ?? '';
  if (!app.session()) {
    sessionStorage.setItem(RETURN_KEY, `${url.pathname}${url.search}`);
    replace(
      main,
      h('h1', {}, t('invitation.title')),
      h('p', {}, t('invitation.signInFirst')),
      h(
        'p',
        { class: 'actions' },
        h('a', { href: '/signin', 'data-link': true }, t('common.signIn')),
        ' ',
        h('a', { href: '/signup', 'data-link': true }, t('invitation.signUp')),
      ),
    );
    return;
  }
  const message = h('div', { class: 'form-message', role: 'alert', tabindex: -1, hidden: true });
  const accept = h('button', { type: 'button', class: 'primary' }, t('invitation.accept'));
  accept.addEventListener('click', () => {
    message.hidden = true;
    accept.disabled = true;
    void app
      .api('POST', '/v1/invitations/accept', { body: { token } })
      .then((answer) => {
        app.forgetAccount();
        app.navigate('/portal', {
          message: t('invitation.joined', { organization: answer.account.organization?.name ?? '' }),
        });
      })
      .catch((error: unknown) => {
        accept.disabled = false;
        const lines =
          error instanceof ApiProblem && error.status === 404
            ? [t('invitation.invalid'), t('invitation.invalidHelp', { email: app.session()?.email ?? '' })]
            : error instanceof ApiProblem && error.type === 'already-member'
              ? [error.detail]
              : [error instanceof ApiProblem ? error.detail : String(error)];
        message.replaceChildren(...lines.map((line) => h('p', {}, line)));
        message.hidden = false;
        message.focus();
      });
  });
  replace(
    main,
    h('h1', {}, t('invitation.title')),
    message,
    h('p', {}, t('invitation.signedInAs', { email: app.session()?.email ?? '' })),
    h('p', {}, accept),
  );
}
