import type { App } from '../app';
import { h, replace } from '../dom';
import { checkboxGroup, FormController, submitButton } from '../forms';

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
    legend: 'Email alerts',
    pointer: '/enabled',
    choices: [
      {
        value: 'on',
        label: 'Email me a weekly digest of products entering expiring or expired support',
        hint: '(Mondays; only products you can see, by site)',
      },
    ],
    checked: current.enabled ? ['on'] : [],
  });
  const state = h('p', { class: 'meta' });
  const showState = (enabled: boolean, isDefault: boolean) =>
    (state.textContent = `${enabled ? 'On' : 'Off'}${isDefault ? ' (the default for your role)' : ''}.`);
  showState(current.enabled, current.isDefault);
  const form = h(
    'form',
    { 'aria-labelledby': 'digest-heading' },
    state,
    choice.element,
    submitButton('Save alerts'),
  );
  const controller = new FormController(form, [], [choice.target]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const saved = await app.api('PUT', '/v1/me/support-digest', {
        body: { enabled: choice.values().includes('on') },
      });
      showState(saved.enabled, saved.isDefault);
      app.announce(saved.enabled ? 'The weekly digest is on.' : 'The weekly digest is off.');
    });
  });
  return h('section', {}, h('h2', { id: 'digest-heading' }, 'Support-expiry alerts'), form);
}

/**
 * `/unsubscribe?token=…`, from a digest: one button that posts the token (a page, not a link that unsubscribes
 * by itself, so mail scanners that follow links change nothing). Works signed in or not.
 */
export function unsubscribeView(app: App, main: HTMLElement, url: URL): void {
  const token = url.searchParams.get('token') ?? '';
  const form = h('form', {}, submitButton('Stop the weekly digest'));
  const controller = new FormController(form, []);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      await app.api('POST', '/v1/support-digest/unsubscribe', { body: { token } });
      replace(
        main,
        h('h1', {}, 'You are unsubscribed'),
        h(
          'p',
          { role: 'status' },
          'You will not receive the weekly support-expiry digest any more. Turn it back on in the portal settings.',
        ),
        h('p', {}, h('a', { href: '/portal/settings', 'data-link': true }, 'Portal settings')),
      );
    });
  });
  replace(
    main,
    h('h1', {}, 'Stop the support-expiry digest'),
    h(
      'p',
      {},
      'The weekly email listing products whose support enters expiring or expired. No sign-in needed.',
    ),
    token ? form : h('p', { class: 'notice' }, 'This link has no token: open the link from the email again.'),
  );
}
