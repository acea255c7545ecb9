import { describeRefusal, explainGraphQLError } from '../api/refusal';
import { useI18n } from '../i18n/context';

/** Why loading part of these pages failed, in the reader's language. */
export function Problem({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error === undefined) return null;
  const refusal = explainGraphQLError(error);
  return (
    <p class="status error" role="alert">
      {describeRefusal(refusal, t)}
      {refusal.detail && <small class="hint detail">{t('common.detail', { message: refusal.detail })}</small>}
    </p>
  );
}
