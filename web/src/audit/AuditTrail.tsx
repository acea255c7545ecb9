import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { describeRefusal, explainGraphQLError } from '../api/refusal';
import { formatMoment } from '../format';
import { useI18n } from '../i18n/context';
import { isMessageKey } from '../i18n';

interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string;
  reason: string | null;
}

const AUDIT_QUERY = `query Audit($u: ID!, $n: Int!) { auditLog(unitId: $u, limit: $n) { at actor action target reason } }`;
const LIMIT = 50;
/** Staff act under their login, "user:<username>"; the reader knows them by the username. */
const STAFF_LOGIN = /^user:/;

/**
 * A unit's part of the audit trail, newest first, in the reader's language and Vietnam's time. Ids the
 * page knows by name (`names`: its teams, places and volunteers) are shown by name.
 */
export function AuditTrail({ unitId, names }: { unitId: string; names: Record<string, string> }) {
  const { t, lang } = useI18n();
  const [entries, setEntries] = useState<AuditEntry[] | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    gql<{ auditLog: AuditEntry[] }>(AUDIT_QUERY, { u: unitId, n: LIMIT })
      .then((d) => setEntries(d.auditLog))
      .catch((e: unknown) => setError(describeRefusal(explainGraphQLError(e), t)));
  }, [unitId]);
  const action = (code: string) => {
    const key = `audit.action.${code}`;
    return isMessageKey(key) ? t(key) : code;
  };
  return (
    <section aria-labelledby="audit-h" class="audit">
      <h2 id="audit-h">{t('audit.title')}</h2>
      {error && <p class="status error" role="alert">{error}</p>}
      {entries?.length === 0 && <p class="muted">{t('audit.none')}</p>}
      <ol class="audit-list">
        {entries?.map((e, i) => (
          <li key={`${e.at}-${i}`}>
            <time dateTime={e.at}>{formatMoment(lang, e.at)}</time> · <strong>{action(e.action)}</strong> · {names[e.target] ?? e.target}
            <span class="muted"> · {t('audit.by', { actor: names[e.actor] ?? e.actor.replace(STAFF_LOGIN, '') })}</span>
            {e.reason && <span> · {t('audit.reason', { reason: e.reason })}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
