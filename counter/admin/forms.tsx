// Form plumbing for the admin screens: labelled fields with their hint and inline error, and a
// form object that turns a server refusal into messages next to the fields it names (the
// server's own localized message) plus one alert for the whole form.
import { createSignal, createUniqueId, type JSX, Show, splitProps } from 'solid-js';
import { ApiError } from '../../web/api';
import { t } from './text';

/** Which field a 4xx code belongs to, when the server names no field path. */
const codeFields: Record<string, string> = {
  DUPLICATE_PREFIX: 'prefix',
  INVALID_PREFIX: 'prefix',
  UNKNOWN_SECTOR: 'sectorId',
  DUPLICATE_COUNTER_NUMBER: 'number',
  DUPLICATE_SERVICE_IDS: 'serviceIds',
  UNKNOWN_SERVICE: 'serviceIds',
  DUPLICATE_USERNAME: 'username',
  INVALID_USERNAME: 'username',
  WEAK_PASSWORD: 'password',
  OFFICE_REQUIRED: 'officeId',
  COUNTER_REQUIRED: 'counterId',
  UNKNOWN_COUNTER: 'counterId',
  UNKNOWN_TIMEZONE: 'timezone',
  INVALID_DATE: 'date',
  HOLIDAY_EXISTS: 'date',
  INVALID_HOURS: 'hours',
};

export function createForm() {
  const id = createUniqueId();
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<ApiError | null>(null);
  const [busy, setBusy] = createSignal(false);

  function apply(e: unknown): void {
    const err = e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
    const next: Record<string, string> = {};
    const fields = (err.details.fields ?? []) as { path: string; message: string }[];
    for (const f of fields) {
      const own = /^[A-Z][A-Z_]+$/.test(f.message) && f.message === err.code ? err.message : t('invalid');
      next[f.path] ??= own;
      next[f.path.split('.')[0]!] ??= own;
    }
    const byCode = codeFields[err.code];
    if (byCode) next[byCode] = err.message;
    setErrors(next);
    setFormError(err);
  }

  return {
    id,
    busy,
    formError,
    error: (name: string) => errors()[name],
    fieldId: (name: string) => `${id}-${name.replaceAll('.', '-')}`,
    clear() {
      setErrors({});
      setFormError(null);
    },
    /** Runs the change; on refusal shows the messages and resolves false. */
    async submit(run: () => Promise<unknown>): Promise<boolean> {
      setErrors({});
      setFormError(null);
      setBusy(true);
      try {
        await run();
        return true;
      } catch (e) {
        apply(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}
export type Form = ReturnType<typeof createForm>;

/** The form-level alert: what went wrong, with the server's code for support. */
export function FormAlert(props: { form: Form }): JSX.Element {
  return (
    <Show when={props.form.formError()}>
      {(e) => (
        <p class="adm-alert" role="alert" data-code={e().code}>
          <strong>{t('errorTitle')}:</strong> {e().message} <span class="adm-code">({e().code})</span>
        </p>
      )}
    </Show>
  );
}

interface ControlAttrs {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
}

/** A label, the control, its hint and its inline error, wired together for assistive tech. */
export function Field(props: {
  form: Form;
  name: string;
  label: string;
  hint?: string;
  class?: string;
  children: (attrs: ControlAttrs) => JSX.Element;
}): JSX.Element {
  const id = () => props.form.fieldId(props.name);
  const described = () =>
    [props.hint ? `${id()}-hint` : '', props.form.error(props.name) ? `${id()}-error` : ''].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div class={`adm-field ${props.class ?? ''}`} classList={{ 'adm-invalid': !!props.form.error(props.name) }}>
      <label for={id()}>{props.label}</label>
      {props.children({
        id: id(),
        'aria-describedby': described(),
        'aria-invalid': props.form.error(props.name) ? 'true' : undefined,
      })}
      <Show when={props.hint}>
        <p class="adm-hint" id={`${id()}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.form.error(props.name)}>
        <p class="adm-error" id={`${id()}-error`}>
          {props.form.error(props.name)}
        </p>
      </Show>
    </div>
  );
}

/** A checkbox with its label after it, and the same hint and error wiring. */
export function CheckField(props: {
  form: Form;
  name: string;
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}): JSX.Element {
  const id = () => props.form.fieldId(props.name);
  return (
    <div class="adm-field adm-check">
      <input
        type="checkbox"
        id={id()}
        checked={props.checked}
        aria-invalid={props.form.error(props.name) ? 'true' : undefined}
        aria-describedby={props.form.error(props.name) ? `${id()}-error` : undefined}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <label for={id()}>{props.label}</label>
      <Show when={props.form.error(props.name)}>
        <p class="adm-error" id={`${id()}-error`}>
          {props.form.error(props.name)}
        </p>
      </Show>
    </div>
  );
}

/** A button that is only a button (never submits by accident). */
export function Button(
  props: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'quiet' | 'danger' },
): JSX.Element {
  const [local, rest] = splitProps(props, ['variant', 'class']);
  return <button type="button" class={`adm-btn adm-btn-${local.variant ?? 'quiet'} ${local.class ?? ''}`} {...rest} />;
}

/**
 * A form's row of buttons: submit (labelled "Lưu" unless told), cancel when there is one, and
 * delete, after a confirmation naming the item, when the form edits one that exists.
 */
export function FormActions(props: {
  form: Form;
  submit?: string;
  onCancel?: () => void;
  remove?: { name: string; run: () => Promise<unknown>; done: () => void } | false;
}): JSX.Element {
  return (
    <div class="adm-actions">
      <button type="submit" class="adm-btn adm-btn-primary" disabled={props.form.busy()}>
        {props.submit ?? t('save')}
      </button>
      <Show when={props.onCancel}>{(cancel) => <Button onClick={() => cancel()()}>{t('cancel')}</Button>}</Show>
      <Show when={props.remove}>
        {(r) => (
          <Button
            variant="danger"
            class="adm-push-right"
            onClick={() => {
              // Read once: the deletion removes the item, and with it this Show's value.
              const { name, run, done } = r();
              if (confirm(t('confirmDelete', { name }))) void props.form.submit(run).then((ok) => ok && done());
            }}
          >
            {t('delete')}
          </Button>
        )}
      </Show>
    </div>
  );
}

/** Minutes after midnight <-> "HH:MM" for time inputs. */
export const toClock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
export function fromClock(v: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(v.trim());
  if (!m || Number(m[2]) > 59) return null;
  const total = Number(m[1]) * 60 + Number(m[2]);
  return total <= 1440 ? total : null;
}

/** A number from an input: empty means null, anything unparsable NaN (the server says why). */
export function num(v: string): number | null {
  if (v.trim() === '') return null;
  return Number(v);
}

/** Where focus goes back when an editor closes: the button that opened it, else a fallback. */
/**
 * Which editor of a section is open (null: none), opened from a button and closed back to it:
 * focus returns to the element that opened the editor, else to the section's add button.
 */
export function createEditor<T>() {
  const [current, setCurrent] = createSignal<T | null>(null);
  const focus = createFocusReturn();
  let fallback: HTMLElement | undefined;
  return {
    current,
    open(value: T): void {
      focus.save();
      setCurrent(() => value);
    },
    close(): void {
      setCurrent(null);
      focus.restore(fallback);
    },
    /** ref for the section's add button. */
    fallbackRef: (el: HTMLElement) => {
      fallback = el;
    },
  };
}

export function createFocusReturn() {
  let opener: HTMLElement | null = null;
  return {
    save(): void {
      opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    },
    restore(fallback?: HTMLElement): void {
      const target = opener?.isConnected ? opener : fallback;
      opener = null;
      target?.focus();
    },
  };
}
