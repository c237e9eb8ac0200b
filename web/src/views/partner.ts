import type { App } from '../app';
import type { Account } from '../api-types';
import { h, replace } from '../dom';

/** PARTNER_REFERRED: partners are pointed to the partner programme and keep limited access. */
export function partnerStep(_app: App, main: HTMLElement, account: Account): void {
  const programme = account.partnerProgramme;
  replace(
    main,
    h('h1', {}, 'Partner access'),
    h('p', {}, programme?.description ?? 'Partners work through the partner programme.'),
    account.partnerOrganization
      ? h('p', {}, `Your company is a registered partner: ${account.partnerOrganization.name}.`)
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
