import { createContext, type ComponentChildren, type JSX } from 'preact';
import { useContext, useState } from 'preact/hooks';
import { describeRefusal, explainGraphQLError } from '../api/refusal';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';

// The refusal of the form's last send, for the field it names to show beside itself.
const Refused = createContext<{ field?: string; text: string } | undefined>(undefined);

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
  const refused = useContext(Refused);
  const mine = refused?.field === field ? refused.text : undefined;
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
      {mine && (
        <small id={`${id}-error`} class="field-error" role="alert">
          {mine}
        </small>
      )}
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
      const refusal = explainGraphQLError(e);
      // A field the form does not show (an id it sent for the user) is told under the form.
      const shown = refusal.field && form.querySelector(`[data-field="${CSS.escape(refusal.field)}"]`) ? refusal.field : undefined;
      setError(props.refused && !refusal.retry ? { text: t(props.refused) } : { field: shown, text: describeRefusal(refusal, t) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="sign-in" aria-label={props.label} onSubmit={(e) => void send(e)}>
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
