import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { postGraphQL } from '../api/graphql';
import { useI18n } from '../i18n/context';
import { SchemaBrowser } from './SchemaBrowser';
import { operationAt } from './schema';

const QUERY_KEY = 'volunteers.explorer.query';
const VARIABLES_KEY = 'volunteers.explorer.variables';
const DEFAULT_QUERY = 'query Hello {\n  __typename\n}\n';

function load(key: string, fallback: string): string {
  try {
    return localStorage.getItem(key) ?? fallback;
  } catch {
    return fallback;
  }
}

function save(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // A reload losing the draft is acceptable when storage is unavailable.
  }
}

type Status =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done'; status: number; ms: number; ok: boolean }
  | { kind: 'failed'; message: string };

export function Explorer() {
  const { t } = useI18n();
  const [query, setQuery] = useState(() => load(QUERY_KEY, DEFAULT_QUERY));
  const [variables, setVariables] = useState(() => load(VARIABLES_KEY, ''));
  const [result, setResult] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [notice, setNotice] = useState('');
  const queryRef = useRef<HTMLTextAreaElement>(null);
  const variablesRef = useRef<HTMLTextAreaElement>(null);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => save(QUERY_KEY, query), [query]);
  useEffect(() => save(VARIABLES_KEY, variables), [variables]);

  const run = useCallback(async () => {
    let vars: Record<string, unknown> | undefined;
    if (variables.trim()) {
      try {
        const parsed: unknown = JSON.parse(variables);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
          setStatus({ kind: 'failed', message: t('explorer.status.variablesNotObject') });
          variablesRef.current?.focus();
          return;
        }
        vars = parsed as Record<string, unknown>;
      } catch (e) {
        setStatus({ kind: 'failed', message: t('explorer.status.badVariables', { message: (e as Error).message }) });
        variablesRef.current?.focus();
        return;
      }
    }

    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    const operationName = operationAt(query, queryRef.current?.selectionStart ?? 0);
    const started = performance.now();
    setStatus({ kind: 'running' });
    try {
      const answer = await postGraphQL(query, vars, { operationName, signal: controller.signal });
      const ms = Math.round(performance.now() - started);
      setResult(answer.body ? JSON.stringify(answer.body, null, 2) : answer.text);
      const ok = answer.status >= 200 && answer.status < 300 && !answer.body?.errors?.length;
      setStatus({ kind: 'done', status: answer.status, ms, ok });
    } catch (e) {
      if (controller.signal.aborted) {
        setStatus({ kind: 'failed', message: t('explorer.status.cancelled') });
      } else {
        setStatus({ kind: 'failed', message: t('explorer.status.network', { message: (e as Error).message }) });
      }
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
    }
  }, [query, variables, t]);

  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void run();
      }
    },
    [run],
  );

  const insertSkeleton = useCallback(
    (fieldLabel: string, text: string, vars: Record<string, unknown>) => {
      const editor = queryRef.current;
      if (editor) {
        editor.focus();
        editor.select();
        // execCommand keeps the replacement on the browser's undo stack, so Ctrl+Z brings the
        // reader's own query back; assigning the value directly would lose it.
        const undoable = document.execCommand?.('insertText', false, text);
        if (!undoable) editor.value = text;
        editor.setSelectionRange(0, 0);
      }
      setQuery(text);
      setVariables(Object.keys(vars).length ? JSON.stringify(vars, null, 2) : '');
      setNotice(t('explorer.schema.inserted', { field: fieldLabel }));
    },
    [t],
  );

  const running = status.kind === 'running';
  let statusText = '';
  if (status.kind === 'running') statusText = t('explorer.status.running');
  else if (status.kind === 'done') statusText = t('explorer.status.done', { status: status.status, ms: status.ms });
  else if (status.kind === 'failed') statusText = status.message;
  const statusClass = status.kind === 'failed' || (status.kind === 'done' && !status.ok) ? 'status error' : 'status';

  return (
    <main id="main" class="explorer">
      <h1 class="visually-hidden">{t('explorer.title')}</h1>
      <section class="editors" aria-label={t('explorer.query')}>
        <label for="gql-query">{t('explorer.query')}</label>
        <textarea
          id="gql-query"
          ref={queryRef}
          class="code"
          spellcheck={false}
          autocapitalize="off"
          autocomplete="off"
          aria-describedby="run-hint"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          rows={16}
        />
        <label for="gql-variables">{t('explorer.variables')}</label>
        <textarea
          id="gql-variables"
          ref={variablesRef}
          class="code"
          spellcheck={false}
          autocapitalize="off"
          autocomplete="off"
          aria-describedby="run-hint"
          value={variables}
          onInput={(e) => setVariables(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          rows={5}
          placeholder='{ "id": "…" }'
        />
        <div class="actions">
          <button type="button" class="primary" onClick={() => void run()} aria-keyshortcuts="Control+Enter">
            {t('explorer.run')}
          </button>
          {running && (
            <button type="button" onClick={() => abortRef.current?.abort()}>
              {t('explorer.cancel')}
            </button>
          )}
          <span id="run-hint" class="hint">
            {t('explorer.run.hint')}
          </span>
        </div>
      </section>

      <section class="result" aria-labelledby="result-heading">
        <h2 id="result-heading">{t('explorer.result')}</h2>
        <p class={statusClass} role="status" aria-live="polite">
          {statusText}
        </p>
        <pre class="code output" tabIndex={0} aria-labelledby="result-heading" aria-busy={running}>
          {result || t('explorer.result.empty')}
        </pre>
      </section>

      <SchemaBrowser onInsert={insertSkeleton} />
      <p class="visually-hidden" role="status" aria-live="polite">
        {notice}
      </p>
    </main>
  );
}
