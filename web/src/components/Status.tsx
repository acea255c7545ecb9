import { useState } from 'preact/hooks';
import { describeRefusal, explainGraphQLError } from '../api/refusal';
import { useI18n } from '../i18n/context';

export interface StatusMessage {
  text: string;
  error: boolean;
}

/** What the last action of a section came to, read out by screen readers as it changes. */
export function StatusLine({ outcome }: { outcome?: StatusMessage }) {
  return (
    <p class="status" role="status">
      {outcome && <span class={outcome.error ? 'error' : 'ok'}>{outcome.text}</span>}
    </p>
  );
}

/** A section's last outcome, with `failed` turning anything a request threw into the reader's sentence. */
export function useOutcome() {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<StatusMessage | undefined>();
  return {
    outcome,
    done: (text: string) => setOutcome({ text, error: false }),
    failed: (e: unknown) => setOutcome({ text: describeRefusal(explainGraphQLError(e), t), error: true }),
  };
}
