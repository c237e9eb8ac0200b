import { h, type Child } from './dom';

/**
 * A modal confirmation (the native `<dialog>`, shown with `showModal()`: the rest of the page is inert, the
 * focus stays inside, Escape cancels). Resolves true when the person confirms; the dialog is then removed.
 * The focus goes back to `returnFocus` (the button that opened it) either way.
 */
export function confirmDialog(options: {
  title: string;
  body: readonly Child[];
  confirm: string;
  cancel: string;
  /** A destructive action: the confirm button is drawn as one. */
  danger?: boolean;
  returnFocus?: HTMLElement | null;
}): Promise<boolean> {
  return new Promise((resolve) => {
    const titleId = `dialog-title-${crypto.randomUUID()}`;
    const confirmButton = h(
      'button',
      { type: 'submit', value: 'confirm', class: options.danger ? 'danger' : 'primary' },
      options.confirm,
    );
    const cancelButton = h('button', { type: 'submit', value: 'cancel', class: 'secondary' }, options.cancel);
    const dialog = h(
      'dialog',
      { class: 'confirm-dialog', 'aria-labelledby': titleId },
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: titleId }, options.title),
        ...options.body,
        h('div', { class: 'actions' }, confirmButton, cancelButton),
      ),
    );
    dialog.addEventListener('close', () => {
      const confirmed = dialog.returnValue === 'confirm';
      dialog.remove();
      options.returnFocus?.focus();
      resolve(confirmed);
    });
    document.body.append(dialog);
    dialog.showModal();
    // The safe choice has the focus first, as for any destructive confirmation.
    (options.danger ? cancelButton : confirmButton).focus();
  });
}
