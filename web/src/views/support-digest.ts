import type { App } from '../app';
import { h, replace } from '../dom';
import { checkboxGroup, FormController, submitButton } from '../forms';
import { t } from '../i18n';

/**
 * The weekly support-expiry digest: the person's own choice (PUT /v1/me/support-digest, shown by GET /v1/me),
 * for the settings page, and the page a digest's unsubscribe link opens (no sign-in).
 */
export async function supportDigestSection(app: App): Promise<HTMLElement | undefined> {
  const account = await app.account({ fresh: true });
  const current = account.organization?.supportDigest;
  if (!current) return undefined;
  const choice = checkboxGroup({
    name: 'supportDigest',
    legend: t('digest.legend'),
    pointer: '/enabled',
    choices: [
      {
        value: 'on',
        label: t('digest.choice'),
        hint: t('digest.hint'),
      },
    ],
    checked: current.enabled ? ['on'] : [],
  });
  const state = h('p', { class: 'meta' });
  const showState = (enabled: boolean, isDefault: boolean) =>
    (state.textContent = t('digest.state', {
      enabled: enabled ? 'yes' : 'no',
      isDefault: isDefault ? 'yes' : 'no',
    }));
  showState(current.enabled, current.isDefault);
  const form = h(
    'form',
    { 'aria-labelledby': 'digest-heading' },
    state,
    choice.element,
    submitButton(t('digest.save')),
  );
  const controller = new FormController(form, [], [choice.target]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const saved = await app.api('PUT', '/v1/me/support-digest', {
        body: { enabled: choice.values().includes('on') },
      });
      showState(saved.enabled, saved.isDefault);
      app.announce(saved.enabled ? t('digest.on') : t('digest.off'));
    });
  });
  return h('section', {}, h('h2', { id: 'digest-heading' }, t('digest.title')), form);
}

/**
 * `/unsubscribe?token=…`, from a digest: one button that posts the token (a page, not a link that unsubscribes
 * by itself, so mail scanners that follow links change nothing). Works signed in or not.
 */
export function unsubscribeView(app: App, main: HTMLElement, url: URL): void {
  const token = url.searchParams.get('token') ?? '';
  const form = h('form', {}, submitButton(t('digest.stop')));
  const controller = new FormController(form, []);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      await app.api('POST', '/v1/support-digest/unsubscribe', { body: { token } });
      replace(
        main,
        h('h1', {}, t('digest.unsubscribed')),
        h('p', { role: 'status' }, t('digest.unsubscribedBody')),
        h('p', {}, h('a', { href: '/portal/settings', 'data-link': true }, t('digest.settingsLink'))),
      );
    });
  });
  replace(
    main,
    h('h1', {}, t('digest.unsubscribeTitle')),
    h('p', {}, t('digest.unsubscribeIntro')),
    token ? form : h('p', { class: 'notice' }, t('digest.noToken')),
  );
}
