import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { GraphQLRequestError } from '../api/graphql';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';

/** A labelled input; the label is a real <label>, so tapping it focuses the field and screen readers name it. */
export function Field({ id, label, hint, ...input }: { id: string; label: string; hint?: string } & JSX.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} name={id} required aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      )}
    </div>
  );
}

/**
 * A form that sends once at a time and says why it failed: `refused` when the server said no,
 * `signin.offline` when it could not be reached. Fields read their values from the form itself.
 */
export function SubmitForm(props: {
  label: string;
  submit: string;
  refused: MessageKey;
  onSubmit: (values: FormData) => Promise<unknown>;
  children: ComponentChildren;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | undefined>();
  const send = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit(new FormData(event.currentTarget as HTMLFormElement));
    } catch (e) {
      setError(e instanceof GraphQLRequestError && e.errors.length > 0 ? props.refused : 'signin.offline');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="sign-in" aria-label={props.label} onSubmit={(e) => void send(e)}>
      {props.children}
      {error && (
        <p class="status error" role="alert">
          {t(error)}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('signin.busy') : props.submit}
      </button>
    </form>
  );
}

export const text = (values: FormData, name: string): string => String(values.get(name) ?? '').trim();
