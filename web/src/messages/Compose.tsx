import { useState } from 'preact/hooks';
import { gql } from '../api/graphql';
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
  const [result, setResult] = useState<{ text: string; error: boolean } | undefined>();
  if (scopes.length === 0) return null;
  const chosen = scopes.some((s) => s.id === scopeId) ? scopeId : scopes[0]!.id;
  const length = text.trim().length;

  const send = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setResult(undefined);
    try {
      const { sendMessage } = await gql<{ sendMessage: { teams: number; scopeName: string } }>(SEND, { s: chosen, t: text });
      setResult({ text: t('compose.sent', { teams: formatNumber(lang, sendMessage.teams), scope: sendMessage.scopeName }), error: false });
      setText('');
    } catch (error) {
      setResult({ text: (error as Error).message, error: true });
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
            <select value={chosen} onChange={(e) => setScopeId(e.currentTarget.value)}>
              {scopes.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {scopes.length === 1 && <p class="muted">{t('compose.toOne', { scope: scopes[0]!.name })}</p>}
        <label>
          {t('compose.text')}
          <textarea
            name="text"
            rows={3}
            maxLength={MAX_TEXT}
            value={text}
            placeholder={t('compose.placeholder')}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <p class="muted" aria-live="polite">
          {t('compose.count', { count: formatNumber(lang, length), max: formatNumber(lang, MAX_TEXT) })}
        </p>
        <button type="submit" class="primary" disabled={busy || length === 0}>
          {t('compose.send')}
        </button>
        {result && (
          <p class={result.error ? 'status error' : 'status'} role={result.error ? 'alert' : 'status'}>
            {result.text}
          </p>
        )}
      </form>
    </section>
  );
}
