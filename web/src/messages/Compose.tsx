import { useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { describeRefusal, explainGraphQLError } from '../api/refusal';
import type { Account } from '../api/session';
import { useSession } from '../components/useSession';
import { formatNumber } from '../format';
import { useI18n } from '../i18n/context';
import { MAX_TEXT } from './messages';

export interface MessageScope {
  id: string;
  name: string;
  /** A unit (ward, district, province) reaches all its teams; only officials and organisers write to one. */
  kind: 'unit' | 'team';
}

/** Scopes named by id, as a page that lists units and teams knows them; volunteers and unnamed ids are left out. */
export function scopesOf(ids: readonly string[], names: ReadonlyMap<string, string>): MessageScope[] {
  return ids
    .filter((id) => !id.startsWith('v-') && names.has(id))
    .map((id) => ({ id, name: names.get(id)!, kind: id.startsWith('t-') ? 'team' : 'unit' }));
}

/** The scopes the signed-in account may write to: a leader its own team, officials and organisers what the page offers. */
export function writableScopes(scopes: readonly MessageScope[], account: Account | undefined): MessageScope[] {
  if (account?.role === 'LEADER') return scopes.filter((s) => s.kind === 'team' && s.id === account.scopeId);
  return account?.role === 'OFFICIAL' || account?.role === 'ORGANISER' ? [...scopes] : [];
}

const SEND = 'mutation Send($s: ID!, $t: String!) { sendMessage(scopeId: $s, text: $t) { id teams scopeName } }';

/**
 * A short message to the teams of a scope, for the pages of leaders, officials and organisers. The page
 * offers the scopes its reader may write to, the first chosen; the text is bounded as the server bounds it.
 */
export function Compose({ scopes: offered }: { scopes: MessageScope[] }) {
  const { t, lang } = useI18n();
  const scopes = writableScopes(offered, useSession()?.account);
  const [scopeId, setScopeId] = useState(scopes[0]?.id ?? '');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | undefined>();
  // The refusal of the last send, beside the field the server named ("text", "scopeId"), else under the form.
  const [refused, setRefused] = useState<{ field?: string; text: string } | undefined>();
  if (scopes.length === 0) return null;
  const chosen = scopes.some((s) => s.id === scopeId) ? scopeId : scopes[0]!.id;
  const length = text.trim().length;

  const send = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setSent(undefined);
    setRefused(undefined);
    try {
      const { sendMessage } = await gql<{ sendMessage: { teams: number; scopeName: string } }>(SEND, { s: chosen, t: text });
      setSent(t('compose.sent', { teams: formatNumber(lang, sendMessage.teams), scope: sendMessage.scopeName }));
      setText('');
    } catch (error) {
      const refusal = explainGraphQLError(error);
      setRefused({ field: refusal.field, text: describeRefusal(refusal, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="compose" aria-labelledby="compose-h">
      <h2 id="compose-h">{t('compose.title')}</h2>
      <form onSubmit={(e) => void send(e)}>
        {scopes.length > 1 && (
          <label>
            {t('compose.to')}
            <select value={chosen} onChange={(e) => setScopeId(e.currentTarget.value)} aria-invalid={refused?.field === 'scopeId' || undefined}>
              {scopes.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {scopes.length === 1 && <p class="muted">{t('compose.toOne', { scope: scopes[0]!.name })}</p>}
        {refused?.field === 'scopeId' && <FieldError text={refused.text} />}
        <label>
          {t('compose.text')}
          <textarea
            name="text"
            rows={3}
            maxLength={MAX_TEXT}
            value={text}
            placeholder={t('compose.placeholder')}
            aria-invalid={refused?.field === 'text' || undefined}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        {refused?.field === 'text' && <FieldError text={refused.text} />}
        <p class="muted" aria-live="polite">
          {t('compose.count', { count: formatNumber(lang, length), max: formatNumber(lang, MAX_TEXT) })}
        </p>
        <button type="submit" class="primary" disabled={busy || length === 0}>
          {t('compose.send')}
        </button>
        {refused && refused.field !== 'text' && refused.field !== 'scopeId' && (
          <p class="status error" role="alert">
            {refused.text}
          </p>
        )}
        {sent && (
          <p class="status" role="status">
            {sent}
          </p>
        )}
      </form>
    </section>
  );
}

function FieldError({ text }: { text: string }) {
  return (
    <small class="field-error" role="alert">
      {text}
    </small>
  );
}
