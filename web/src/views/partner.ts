import type { App } from '../app';
import type { Account } from '../api-types';
import { h, replace } from '../dom';
import { t } from '../i18n';

/** PARTNER_REFERRED: partners are pointed to the partner programme and keep limited access. */
export function partnerStep(_app: App, main: HTMLElement, account: Account): void {
  const programme = account.partnerProgramme;
  replace(
    main,
    h('h1', {}, t('partner.title')),
    h('p', {}, programme?.description ?? t('partner.intro')),
    account.partnerOrganization
      ? h('p', {}, t('partner.registered', { name: account.partnerOrganization.name }))
      : null,
    programme
      ? h(
          'ul',
          {},
          programme.links.map((link) => h('li', {}, h('a', { href: link.href }, link.title))),
        )
      : null,
  );
}
