import type { App } from '../app';
import { ApiProblem } from '../api';
import type { JoinRequest, Member, MemberRole } from '../api-types';
import { confirmDialog } from '../dialog';
import { formatDate, h, replace } from '../dom';
import { field } from '../forms';
import { t } from '../i18n';
import { invitationsSection } from './invitations';
import { moreButton } from './paging';
import { portalFrame, scrollingTable } from './portal-frame';

/**
 * Members (administrators, docs/membership.md#the-web-pages): the join requests waiting (approve, or decline with an
 * optional reason), the members with their roles (change a role, remove someone after a confirmation), and
 * the invitations (invite, resend, revoke). Members who open it get the API's 403, shown as a notice.
 */
export async function membersView(app: App, main: HTMLElement): Promise<void> {
  const frame = await portalFrame(app, main, 'members', t('portal.sections.members'));
  if (!frame) return;
  let requests: JoinRequest[];
  try {
    requests = (await app.api('GET', '/v1/portal/join-requests')).items;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 403) {
      replace(frame.content, h('p', { class: 'notice' }, error.detail));
      return;
    }
    throw error;
  }
  const self = frame.account.userId;
  const membersSection = h('section', { 'aria-labelledby': 'members-heading' });
  const reloadMembers = async (): Promise<void> => {
    const page = await app.api('GET', '/v1/portal/members', { query: { limit: 25 } });
    replace(membersSection, ...membersList(app, self, page.items, page.cursor));
  };
  await reloadMembers();

  replace(
    frame.content,
    joinRequestsSection(app, requests, reloadMembers),
    membersSection,
    await invitationsSection(app),
  );
}

/** A problem as a message: the API's detail, led by what it means here when it is a known conflict. */
function showProblem(target: HTMLElement, error: unknown, lead?: Partial<Record<string, string>>): void {
  const problem = error instanceof ApiProblem ? error : undefined;
  const headline = problem ? lead?.[problem.type] : undefined;
  replace(
    target,
    headline ? h('strong', {}, headline) : null,
    headline ? ' ' : null,
    problem ? problem.detail : String(error),
  );
  target.hidden = false;
  target.focus();
}

function joinRequestsSection(
  app: App,
  initial: readonly JoinRequest[],
  onApproved: () => Promise<void>,
): HTMLElement {
  let requests = [...initial];
  const heading = h('h2', { id: 'join-requests-heading', tabindex: -1 }, t('members.requests.title'));
  const message = h('div', { class: 'form-message', role: 'alert', tabindex: -1, hidden: true });
  const holder = h('div', {});
  // 409: decided meanwhile; 404: the request is gone (decided before this page asked, or withdrawn).
  const conflicts = () => ({
    'join-request-decided': t('members.requests.decidedElsewhere'),
    'not-found': t('members.requests.decidedElsewhere'),
  });

  const drop = (request: JoinRequest) => {
    requests = requests.filter((one) => one.userId !== request.userId);
    render();
  };

  const row = (request: JoinRequest): HTMLTableRowElement => {
    const name = t('common.fullName', request);
    const hidden = h('span', { class: 'visually-hidden' }, t('members.forPerson', { name }));
    const approve = h('button', { type: 'button', class: 'primary' }, t('members.requests.approve'), hidden);
    const decline = h(
      'button',
      { type: 'button', class: 'danger' },
      t('members.requests.decline'),
      hidden.cloneNode(true),
    );
    const buttons = [approve, decline];
    const decide = async (call: () => Promise<void>) => {
      message.hidden = true;
      for (const button of buttons) button.disabled = true;
      try {
        await call();
      } catch (error) {
        for (const button of buttons) button.disabled = false;
        showProblem(message, error, conflicts());
        // Decided by another administrator (or withdrawn): the request is gone, so is its row.
        if (error instanceof ApiProblem && (error.status === 409 || error.status === 404)) drop(request);
      }
    };
    approve.addEventListener('click', () => {
      void decide(async () => {
        await app.api('POST', '/v1/portal/join-requests/{userId}/approve', {
          path: { userId: request.userId },
          idempotencyKey: crypto.randomUUID(),
        });
        drop(request);
        app.announce(t('members.requests.approved', { name }));
        heading.focus();
        await onApproved();
      });
    });
    decline.addEventListener('click', () => {
      const reason = field({
        name: 'reason',
        label: t('members.requests.reason'),
        hint: t('members.requests.reasonHint'),
        multiline: true,
      });
      reason.control.setAttribute('maxlength', '500');
      void confirmDialog({
        title: t('members.requests.declineTitle', { name }),
        body: [h('p', {}, t('members.requests.declineBody', { email: request.email })), reason.element],
        confirm: t('members.requests.declineConfirm'),
        cancel: t('members.cancel'),
        danger: true,
        returnFocus: decline,
      }).then((confirmed) => {
        if (!confirmed) return;
        const text = reason.value();
        void decide(async () => {
          await app.api('POST', '/v1/portal/join-requests/{userId}/decline', {
            path: { userId: request.userId },
            body: text ? { reason: text } : {},
            idempotencyKey: crypto.randomUUID(),
          });
          drop(request);
          app.announce(t('members.requests.declined', { name }));
          heading.focus();
        });
      });
    });
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, name),
      h('td', {}, request.email),
      h('td', {}, request.jobTitle),
      h('td', {}, formatDate(request.requestedAt)),
      h('td', {}, h('div', { class: 'actions' }, approve, decline)),
    );
  };

  function render(): void {
    if (requests.length === 0) {
      replace(holder, h('p', {}, t('members.requests.none')));
      return;
    }
    replace(
      holder,
      scrollingTable(
        t('members.requests.caption'),
        [
          t('common.name'),
          t('common.email'),
          t('members.requests.jobTitle'),
          t('members.requests.requestedOn'),
          t('members.actions'),
        ],
        requests.map(row),
      ).element,
    );
  }
  render();
  return h(
    'section',
    { 'aria-labelledby': 'join-requests-heading' },
    heading,
    h('p', { class: 'meta' }, t('members.requests.intro')),
    message,
    holder,
  );
}

/** The members' table with its actions, and "Show more". */
function membersList(
  app: App,
  self: string,
  first: readonly Member[],
  cursor: string | undefined,
): HTMLElement[] {
  const heading = h('h2', { id: 'members-heading', tabindex: -1 }, t('members.title'));
  const message = h('div', { class: 'form-message', role: 'alert', tabindex: -1, hidden: true });
  const conflicts = () => ({ 'last-administrator': t('members.lastAdministrator') });

  const memberRow = (member: Member): HTMLTableRowElement => {
    const name = t('common.fullName', member);
    const next: MemberRole = member.role === 'ADMINISTRATOR' ? 'MEMBER' : 'ADMINISTRATOR';
    const roleButton = h(
      'button',
      { type: 'button', class: 'secondary' },
      next === 'ADMINISTRATOR' ? t('members.makeAdministrator') : t('members.makeMember'),
      h('span', { class: 'visually-hidden' }, t('members.forPerson', { name })),
    );
    const removeButton =
      member.userId === self
        ? null
        : h(
            'button',
            { type: 'button', class: 'danger' },
            t('members.remove'),
            h('span', { class: 'visually-hidden' }, t('members.forPerson', { name })),
          );
    const row = h(
      'tr',
      {},
      h(
        'th',
        { scope: 'row' },
        name,
        member.userId === self ? h('span', { class: 'meta' }, t('members.you')) : null,
      ),
      h('td', {}, member.email),
      h('td', {}, t('common.role', { role: member.role })),
      h('td', {}, formatDate(member.joinedAt)),
      h('td', {}, h('div', { class: 'actions' }, roleButton, removeButton)),
    );
    roleButton.addEventListener('click', () => {
      message.hidden = true;
      roleButton.disabled = true;
      void app
        .api('PUT', '/v1/portal/members/{userId}/role', {
          path: { userId: member.userId },
          body: { role: next },
          idempotencyKey: crypto.randomUUID(),
        })
        .then((changed) => {
          const replacement = memberRow(changed);
          row.replaceWith(replacement);
          app.announce(t('members.roleChanged', { name: t('common.fullName', changed), role: changed.role }));
          replacement.querySelector('button')?.focus();
        })
        .catch((error: unknown) => {
          roleButton.disabled = false;
          showProblem(message, error, conflicts());
        });
    });
    removeButton?.addEventListener('click', () => {
      void confirmDialog({
        title: t('members.removeTitle', { name }),
        body: [
          h('p', {}, t('members.removeBody', { name, email: member.email })),
          h('p', {}, t('members.removePolicy')),
        ],
        confirm: t('members.removeConfirm', { name }),
        cancel: t('members.cancel'),
        danger: true,
        returnFocus: removeButton,
      }).then(async (confirmed) => {
        if (!confirmed) return;
        message.hidden = true;
        removeButton.disabled = true;
        try {
          const removed = await app.api('DELETE', '/v1/portal/members/{userId}', {
            path: { userId: member.userId },
            idempotencyKey: crypto.randomUUID(),
          });
          row.remove();
          app.announce(t('members.removed', { name, groups: removed.groupsDeleted }));
          heading.focus();
        } catch (error) {
          removeButton.disabled = false;
          showProblem(message, error, conflicts());
        }
      });
    });
    return row;
  };

  const table = scrollingTable(
    t('members.caption'),
    [t('common.name'), t('common.email'), t('members.role'), t('members.joined'), t('members.actions')],
    first.map(memberRow),
  );
  const more = moreButton(app, {
    label: t('members.more'),
    cursor,
    load: (next) => app.api('GET', '/v1/portal/members', { query: { limit: 25, cursor: next } }),
    append: (items) => {
      const rows = items.map(memberRow);
      table.body.append(...rows);
      return rows;
    },
    shown: 'paging.members',
  });
  return [heading, message, table.element, more];
}
