import { createContext, type ComponentChildren, type JSX } from 'preact';
import { useContext, useState } from 'preact/hooks';
import { describeRefusal, explainGraphQLError } from '../api/refusal';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';

// The refusal of the form's last send, for the field it names to show beside itself.
const Refused = createContext<{ field?: string; text: string } | undefined>(undefined);

/** The sentence of the form's last refusal when it names `field`, for a control to show beside itself. */
export function useRefusal(field: string): string | undefined {
  const refused = useContext(Refused);
  return refused?.field === field ? refused.text : undefined;
}

/** The refusal of a control that is not one input (a group of checkboxes, a list), shown where it stands. */
export function FieldProblem({ id, field }: { id: string; field: string }) {
  const mine = useRefusal(field);
  return mine ? (
    <small id={`${id}-error`} class="field-error" role="alert">
      {mine}
    </small>
  ) : null;
}

/** What the page found wrong before sending: thrown from `onSubmit`, told beside `field` like a server refusal. */
export class FormProblem extends Error {
  constructor(
    readonly field: string | undefined,
    text: string,
  ) {
    super(text);
    this.name = 'FormProblem';
  }
}

/** A labelled choice from a list, refused like a Field when the server names `field`. */
export function SelectField({
  id,
  label,
  field = id,
  options,
  ...select
}: { id: string; label: string; field?: string; options: { value: string; label: string; group?: string }[] } & JSX.SelectHTMLAttributes<HTMLSelectElement>) {
  const mine = useRefusal(field);
  const groups = [...new Set(options.map((o) => o.group))];
  const optionsOf = (group: string | undefined) =>
    options.filter((o) => o.group === group).map((o) => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    ));
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={id} data-field={field} required aria-invalid={mine ? true : undefined} aria-describedby={mine ? `${id}-error` : undefined} {...select}>
        {groups.map((group) => (group === undefined ? optionsOf(group) : <optgroup key={group} label={group}>{optionsOf(group)}</optgroup>))}
      </select>
      <FieldProblem id={id} field={field} />
    </div>
  );
}

/**
 * A labelled input; the label is a real <label>, so tapping it focuses the field and screen readers name it.
 * `field` is the server's name for the input (its id by default): a refusal naming it is shown here.
 */
export function Field({
  id,
  label,
  hint,
  field = id,
  ...input
}: { id: string; label: string; hint?: string; field?: string } & JSX.InputHTMLAttributes<HTMLInputElement>) {
  const mine = useRefusal(field);
  const described = [hint && `${id}-hint`, mine && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} name={id} data-field={field} required aria-invalid={mine ? true : undefined} aria-describedby={described || undefined} {...input} />
      {hint && (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      )}
      <FieldProblem id={id} field={field} />
    </div>
  );
}

/**
 * A form that sends once at a time and says why it failed, in the reader's language: beside the
 * field the server named, else under the form. `refused`, when given, replaces what the server said
 * of a refusal (sign-in must not tell which of username and password was wrong); a fault of the
 * network or the platform is always told as such, since sending again may work.
 */
export function SubmitForm(props: {
  label: string;
  submit: string;
  refused?: MessageKey;
  onSubmit: (values: FormData) => Promise<unknown>;
  children: ComponentChildren;
  /** The form's class; a sign-in form's look by default. */
  class?: string;
  /** The page checks the fields itself and says what is wrong in the reader's language, not the browser's. */
  noValidate?: boolean;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; text: string } | undefined>();
  const send = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    const form = event.currentTarget as HTMLFormElement;
    try {
      await props.onSubmit(new FormData(form));
    } catch (e) {
      if (e instanceof FormProblem) {
        setError({ field: e.field, text: e.message });
        return;
      }
      const refusal = explainGraphQLError(e);
      // A field the form does not show (an id it sent for the user) is told under the form.
      const shown = refusal.field && form.querySelector(`[data-field="${CSS.escape(refusal.field)}"]`) ? refusal.field : undefined;
      setError(props.refused && !refusal.retry ? { text: t(props.refused) } : { field: shown, text: describeRefusal(refusal, t) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class={props.class ?? 'sign-in'} noValidate={props.noValidate} aria-label={props.label} onSubmit={(e) => void send(e)}>
      <Refused.Provider value={error}>{props.children}</Refused.Provider>
      {error && !error.field && (
        <p class="status error" role="alert">
          {error.text}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('signin.busy') : props.submit}
      </button>
    </form>
  );
}

export const text = (values: FormData, name: string): string => String(values.get(name) ?? '').trim();
