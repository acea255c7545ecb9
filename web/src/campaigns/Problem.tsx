import { describeRefusal, explainGraphQLError } from '../api/refusal';
import { useI18n } from '../i18n/context';

/** Why loading part of these pages failed, in the reader's language. */
export function Problem({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error === undefined) return null;
  // As the forms do, the server's own (English, technical) words stay out of the sentence.
  return (
    <p class="status error" role="alert">
      {describeRefusal(explainGraphQLError(error), t)}
    </p>
  );
}
