import { useI18n } from '../i18n/context';

/** Why a request of these pages failed, said once for all of them. */
export function Problem({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error === undefined) return null;
  return (
    <p class="status error" role="alert">
      {t('common.loadFailed', { message: error instanceof Error ? error.message : String(error) })}
    </p>
  );
}
