import { ApiProblem } from './api';
import { countries } from './countries';
import { h, uniqueId } from './dom';
import { t } from './i18n';

/**
 * Accessible form fields and the one place API problems are shown on a form: every control has a label, a
 * hint and an error tied to it with aria-describedby, aria-invalid marks the fields the API named, and the
 * focus goes to the first of them (or to the form's message when no field is at fault).
 */

export interface FieldSpec {
  /** The key in the submitted values. */
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'email' | 'password' | 'tel' | 'url';
  readonly autocomplete?: string;
  readonly inputmode?: string;
  readonly hint?: string;
  readonly required?: boolean;
  readonly value?: string;
  /** JSON Pointer of the body member the field fills, when not `/<name>` (e.g. `/address/city`). */
  readonly pointer?: string;
  /** A select instead of an input. */
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  readonly multiline?: boolean;
}

export interface Field {
  readonly spec: FieldSpec;
  readonly pointer: string;
  readonly control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  readonly element: HTMLElement;
  setError(message: string | undefined): void;
  value(): string;
}

export function field(spec: FieldSpec): Field {
  const id = uniqueId(`field-${spec.name.replace(/\W/g, '-')}`);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const common = { id, name: spec.name, required: spec.required ?? false };
  let control: Field['control'];
  if (spec.options) {
    control = h(
      'select',
      { ...common, autocomplete: spec.autocomplete },
      spec.options.map((option) => h('option', { value: option.value }, option.label)),
    );
  } else if (spec.multiline) {
    control = h('textarea', { ...common, rows: 4 });
  } else {
    control = h('input', {
      ...common,
      type: spec.type ?? 'text',
      autocomplete: spec.autocomplete,
      inputmode: spec.inputmode,
    });
  }
  if (spec.value !== undefined) control.value = spec.value;
  const hint = spec.hint ? h('p', { class: 'hint', id: hintId }, spec.hint) : null;
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const describe = (withError: boolean) => {
    const ids = [hint ? hintId : '', withError ? errorId : ''].filter(Boolean).join(' ');
    if (ids) control.setAttribute('aria-describedby', ids);
    else control.removeAttribute('aria-describedby');
  };
  describe(false);
  const element = h(
    'div',
    { class: 'field' },
    h(
      'label',
      { for: id },
      spec.label,
      spec.required ? '' : h('span', { class: 'optional' }, ' ', t('forms.optional')),
    ),
    hint,
    error,
    control,
  );
  return {
    spec,
    pointer: spec.pointer ?? `/${spec.name}`,
    control,
    element,
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
      element.classList.toggle('invalid', Boolean(message));
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      describe(Boolean(message));
    },
    value: () => control.value.trim(),
  };
}

export function countryField(spec: Omit<FieldSpec, 'options'>): Field {
  return field({
    autocomplete: 'country',
    ...spec,
    options: [
      { value: '', label: t('forms.chooseCountry') },
      ...countries().map((c) => ({ value: c.code, label: c.name })),
    ],
  });
}

/** The fields of a postal address, filling `/address/...`. */
export function addressFields(prefix: string, value?: Partial<Record<string, string>>): Field[] {
  const part = (name: string, label: string, required: boolean, autocomplete: string) =>
    field({
      name: `${prefix}.${name}`,
      label,
      required,
      autocomplete,
      pointer: `/address/${name}`,
      ...(value?.[name] ? { value: value[name] } : {}),
    });
  return [
    part('line1', t('forms.address.streetAddress'), true, 'address-line1'),
    part('line2', t('forms.address.addressLine2'), false, 'address-line2'),
    part('city', t('forms.address.city'), true, 'address-level2'),
    part('region', t('forms.address.region'), false, 'address-level1'),
    part('postalCode', t('forms.address.postalCode'), true, 'postal-code'),
  ];
}

/** Extra controls a form shows problems for, beside its fields (a fieldset of checkboxes, for instance). */
export interface ProblemTarget {
  readonly pointer: string;
  setError(message: string | undefined): void;
  focus(): void;
}

export class FormController {
  /** The form's own message: what the API said when it named no field. */
  readonly message: HTMLElement;
  private readonly targets: ProblemTarget[];

  constructor(
    readonly form: HTMLFormElement,
    fields: readonly Field[],
    extraTargets: readonly ProblemTarget[] = [],
  ) {
    form.noValidate = true;
    this.message = h('div', { class: 'form-message', role: 'alert', tabindex: -1, hidden: true });
    form.prepend(this.message);
    this.targets = [
      ...fields.map((one) => ({
        pointer: one.pointer,
        setError: one.setError,
        focus: () => one.control.focus(),
      })),
      ...extraTargets,
    ];
  }

  clear(): void {
    for (const target of this.targets) target.setError(undefined);
    this.message.hidden = true;
    this.message.textContent = '';
  }

  /** Runs `action` with the submit button disabled; a problem it throws is shown on the form. */
  async submit(action: () => Promise<void>): Promise<void> {
    const buttons = [...this.form.querySelectorAll<HTMLButtonElement>('button')];
    this.clear();
    this.form.setAttribute('aria-busy', 'true');
    for (const button of buttons) button.disabled = true;
    try {
      await action();
    } catch (error) {
      this.show(error);
    } finally {
      this.form.removeAttribute('aria-busy');
      for (const button of buttons) button.disabled = false;
    }
  }

  /** Shows an error: field problems next to their fields, the rest in the form's message; focus moves. */
  show(error: unknown): void {
    const problem =
      error instanceof ApiProblem
        ? error
        : new ApiProblem(
            0,
            'client-error',
            t('forms.error'),
            error instanceof Error ? error.message : String(error),
          );
    const unmatched: string[] = [];
    const invalid: ProblemTarget[] = [];
    for (const fieldProblem of problem.errors) {
      const target = this.targetFor(fieldProblem.pointer);
      if (!target) {
        unmatched.push(fieldProblem.detail);
        continue;
      }
      if (!invalid.includes(target)) {
        invalid.push(target);
        target.setError(fieldProblem.detail);
      }
    }
    const lines = [
      problem.errors.length > 0 && unmatched.length === 0
        ? t('forms.checkFields', { detail: problem.detail, count: invalid.length })
        : problem.detail,
      ...unmatched,
      problem.retryAfterSeconds ? t('forms.retryIn', { seconds: problem.retryAfterSeconds }) : '',
      problem.requestId ? t('forms.reference', { requestId: problem.requestId }) : '',
    ].filter(Boolean);
    this.message.replaceChildren(...lines.map((line) => h('p', {}, line)));
    this.message.hidden = false;
    const [first] = invalid;
    if (first) first.focus();
    else this.message.focus();
  }

  /** The field whose pointer is the problem's, or the nearest enclosing one (`/definition/families/3`). */
  private targetFor(pointer: string): ProblemTarget | undefined {
    let best: ProblemTarget | undefined;
    for (const target of this.targets) {
      if (pointer === target.pointer || pointer.startsWith(`${target.pointer}/`)) {
        if (!best || target.pointer.length > best.pointer.length) best = target;
      }
    }
    return best;
  }
}

/** The values of fields by name; empty optional ones are left out. */
export function valuesOf(fields: readonly Field[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const one of fields) {
    const value = one.value();
    if (value !== '' || one.spec.required) values[one.spec.name] = value;
  }
  return values;
}

/** The address object of `addressFields(prefix)`'s values. */
export function addressOf(values: Record<string, string>, prefix: string) {
  const part = (name: string) => values[`${prefix}.${name}`];
  const optional = (name: string) => {
    const value = part(name);
    return value ? { [name]: value } : {};
  };
  return {
    line1: part('line1') ?? '',
    ...optional('line2'),
    city: part('city') ?? '',
    ...optional('region'),
    postalCode: part('postalCode') ?? '',
  };
}

export function submitButton(label: string): HTMLButtonElement {
  return h('button', { type: 'submit', class: 'primary' }, label);
}

export interface Choice {
  readonly value: string;
  readonly label: string;
  readonly hint?: string;
}

export interface RadioGroup {
  readonly element: HTMLFieldSetElement;
  /** The chosen value, or undefined. */
  value(): string | undefined;
  /** Where the API's problems for `pointer` are shown. */
  readonly target: ProblemTarget;
}

/** A fieldset of radio buttons with a legend, each with its label and hint, and one error for the group. */
export function radioGroup(spec: {
  readonly name: string;
  readonly legend: string;
  readonly choices: readonly Choice[];
  readonly pointer?: string;
}): RadioGroup {
  const errorId = uniqueId(`${spec.name}-error`);
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const inputs = spec.choices.map((choice) => {
    const id = uniqueId(spec.name);
    return {
      input: h('input', {
        type: 'radio',
        name: spec.name,
        id,
        value: choice.value,
        'aria-describedby': choice.hint ? `${id}-hint` : undefined,
      }),
      id,
      choice,
    };
  });
  const element = h(
    'fieldset',
    { class: 'choices', 'aria-describedby': errorId },
    h('legend', {}, spec.legend),
    error,
    inputs.map(({ input, id, choice }) =>
      h(
        'div',
        { class: 'choice' },
        input,
        h('label', { for: id }, choice.label),
        choice.hint ? h('p', { class: 'hint', id: `${id}-hint` }, choice.hint) : null,
      ),
    ),
  );
  return {
    element,
    value: () => inputs.find(({ input }) => input.checked)?.input.value,
    target: {
      pointer: spec.pointer ?? `/${spec.name}`,
      setError(message) {
        error.textContent = message ?? '';
        error.hidden = !message;
        element.classList.toggle('invalid', Boolean(message));
        for (const { input } of inputs) {
          if (message) input.setAttribute('aria-invalid', 'true');
          else input.removeAttribute('aria-invalid');
        }
      },
      focus: () => (inputs.find(({ input }) => input.checked) ?? inputs[0])?.input.focus(),
    },
  };
}

export interface CheckboxGroup {
  readonly element: HTMLFieldSetElement;
  values(): string[];
  setValues(values: readonly string[]): void;
  readonly target: ProblemTarget;
}

/** A fieldset of checkboxes (a list to pick several from), with one error for the group. */
export function checkboxGroup(spec: {
  readonly name: string;
  readonly legend: string;
  readonly choices: readonly Choice[];
  readonly pointer: string;
  readonly checked?: readonly string[];
}): CheckboxGroup {
  const errorId = uniqueId(`${spec.name}-error`);
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const inputs = spec.choices.map((choice) => {
    const id = uniqueId(spec.name);
    const input = h('input', { type: 'checkbox', name: spec.name, id, value: choice.value });
    input.checked = spec.checked?.includes(choice.value) ?? false;
    return {
      input,
      element: h(
        'div',
        { class: 'choice' },
        input,
        h(
          'label',
          { for: id },
          choice.label,
          choice.hint ? h('span', { class: 'hint' }, ` ${choice.hint}`) : null,
        ),
      ),
    };
  });
  const element = h(
    'fieldset',
    { class: 'choices checkboxes', 'aria-describedby': errorId },
    h('legend', {}, spec.legend),
    error,
    h(
      'div',
      { class: 'choice-list' },
      inputs.map((one) => one.element),
    ),
  );
  return {
    element,
    values: () => inputs.filter(({ input }) => input.checked).map(({ input }) => input.value),
    setValues(values) {
      for (const { input } of inputs) input.checked = values.includes(input.value);
    },
    target: {
      pointer: spec.pointer,
      setError(message) {
        error.textContent = message ?? '';
        error.hidden = !message;
        element.classList.toggle('invalid', Boolean(message));
      },
      focus: () => inputs[0]?.input.focus(),
    },
  };
}
