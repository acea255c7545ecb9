import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { saveFile, textFile } from '../api/download';
import { gql } from '../api/graphql';
import type { Explained } from '../api/refusal';
import type { Role } from '../api/session';
import { useSession } from '../components/useSession';
import { formatNumber } from '../format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { COLUMNS, MAX_FILE_BYTES, followImport, outcomeOf, progressOf, startImport, type ImportKind, type ImportMode, type ImportStatus, type RowError } from './job';
import { errorsCsv, explainRequest, explainRow } from './problems';
import { templateCsv, templateName } from './templates';

const MODES: readonly ImportMode[] = ['GOOD_ROWS', 'ALL_OR_NOTHING'];

/** What each role may import (AccessRules.MayImport): units are the organiser's, rosters also the ward official's. */
export function kindsFor(role: Role): ImportKind[] {
  if (role === 'ORGANISER') return ['units', 'volunteers'];
  return role === 'OFFICIAL' ? ['volunteers'] : [];
}

type Phase = 'idle' | 'sending' | 'running' | 'done';

export function ImportPage() {
  const { t } = useI18n();
  const current = useSession();
  const kinds = current ? kindsFor(current.account.role) : [];
  if (kinds.length === 0) {
    return (
      <main id="main" class="page narrow">
        <h1>{t('import.title')}</h1>
        <p role="alert">{t('import.notAllowed')}</p>
      </main>
    );
  }
  // An official's scope is their ward, whose team ids the roster file's team column needs.
  return <ImportForm kinds={kinds} wardId={current?.account.role === 'OFFICIAL' ? current.account.scopeId : undefined} />;
}

function ImportForm({ kinds, wardId }: { kinds: ImportKind[]; wardId?: string }) {
  const { t, lang } = useI18n();
  const [kind, setKind] = useState<ImportKind>(kinds[0]!);
  const [mode, setMode] = useState<ImportMode>('GOOD_ROWS');
  const [phase, setPhase] = useState<Phase>('idle');
  const [status, setStatus] = useState<ImportStatus | undefined>();
  const [problem, setProblem] = useState<Explained | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);
  const running = useRef<AbortController | undefined>();
  useEffect(() => () => running.current?.abort(), []);

  const fail = (explained: Explained) => {
    setProblem(explained);
    setPhase('idle');
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (phase === 'sending' || phase === 'running') return;
    setProblem(undefined);
    setStatus(undefined);
    const file = fileInput.current?.files?.[0];
    if (!file) return fail({ key: 'import.pickFile' });
    if (!/\.(csv|xlsx)$/i.test(file.name)) return fail({ key: 'import.wrongExtension', params: { name: file.name } });
    if (file.size > MAX_FILE_BYTES) return fail({ key: 'import.problem.tooLarge' });

    const abort = new AbortController();
    running.current?.abort();
    running.current = abort;
    setPhase('sending');
    try {
      const started = await startImport(kind, mode, file, { signal: abort.signal });
      setStatus(started);
      setPhase('running');
      const finished = await followImport(started.id, setStatus, { signal: abort.signal });
      setStatus(finished);
      setPhase('done');
    } catch (error) {
      if (abort.signal.aborted) return;
      fail(explainRequest(error));
    }
  };

  const reason = (error: RowError) => t(explainRow(error).key);
  const busy = phase === 'sending' || phase === 'running';
  const progress = progressOf(status);
  const outcome = status ? outcomeOf(status) : undefined;

  return (
    <main id="main" class="page narrow import">
      <h1>{t('import.title')}</h1>
      <p>{t('import.lead')}</p>

      <form onSubmit={(e) => void submit(e)} aria-describedby="import-status">
        <Choice legend={t('import.kind')} name="kind" options={kinds} value={kind} onChange={setKind} disabled={busy} label={(k) => t(`import.kind.${k}` as MessageKey)}>
          <p class="hint">{t(`import.kind.${kind}.hint` as MessageKey)}</p>
          {kind === 'volunteers' && wardId && <WardTeams wardId={wardId} />}
          <p class="hint">
            {t('import.columns', { columns: COLUMNS[kind].join(', ') })}{' '}
            <button type="button" class="link" onClick={() => saveFile(textFile(templateCsv(kind), templateName(kind)))}>
              {t('import.template')}
            </button>
          </p>
        </Choice>

        <div class="field">
          <label for="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            ref={fileInput}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="import-file-hint"
            disabled={busy}
            onChange={() => setProblem(undefined)}
          />
          <small id="import-file-hint" class="muted">{t('import.file.hint')}</small>
        </div>

        <Choice legend={t('import.mode')} name="mode" options={MODES} value={mode} onChange={setMode} disabled={busy} label={(m) => t(`import.mode.${m}` as MessageKey)} />

        <button type="submit" class="primary" disabled={busy}>
          {phase === 'sending' ? t('import.sending') : t('import.submit')}
        </button>
      </form>

      {problem && (
        <div class="problem" role="alert">
          <h2>{t('import.problem.title')}</h2>
          <p>{t(problem.key, problem.params)}</p>
          {problem.detail && <p class="hint">{t('common.detail', { message: problem.detail })}</p>}
        </div>
      )}

      <section aria-labelledby="import-progress-h" hidden={!status && phase !== 'sending'}>
        <h2 id="import-progress-h">{t('import.progress')}</h2>
        <progress
          id="import-progress"
          aria-labelledby="import-progress-h"
          max={progress.max}
          {...(progress.value === undefined ? {} : { value: progress.value })}
        />
        <div id="import-status" aria-live="polite" role="status">
          {status && progress.value !== undefined ? (
            <p>{t('import.progress.rows', { processed: formatNumber(lang, status.done ? status.total : status.processed), total: formatNumber(lang, status.total) })}</p>
          ) : (
            phase !== 'idle' && <p>{t('import.progress.counting')}</p>
          )}
          {status && outcome && outcome !== 'running' && (
            <p class={outcome === 'complete' ? 'ok' : 'error'}>
              {t(`import.result.${outcome}` as MessageKey, {
                created: formatNumber(lang, status.created),
                matched: formatNumber(lang, status.matched),
                errors: formatNumber(lang, status.errors.length),
              })}{' '}
              {status.seconds !== null && t('import.result.seconds', { seconds: formatNumber(lang, status.seconds, 1) })}
            </p>
          )}
          {/* The server names the lines it created before it stopped, and that sending the file again completes it. */}
          {status?.failure && <p class="hint">{t('common.detail', { message: status.failure })}</p>}
        </div>
      </section>

      {status && status.errors.length > 0 && (
        <section aria-labelledby="import-errors-h">
          <h2 id="import-errors-h">{t('import.errors', { count: formatNumber(lang, status.errors.length) })}</h2>
          {status.done && (
            <p>
              <button
                type="button"
                onClick={() =>
                  saveFile(
                    textFile(
                      errorsCsv(status.errors, reason, [t('import.errors.line'), t('import.errors.column'), t('import.errors.reason')]),
                      `dong-loi-${status.id}.csv`,
                    ),
                  )
                }
              >
                {t('import.errors.download')}
              </button>
            </p>
          )}
          <div class="table-wrap">
            <table class="data import-errors">
              <thead>
                <tr>
                  <th scope="col">{t('import.errors.line')}</th>
                  <th scope="col">{t('import.errors.column')}</th>
                  <th scope="col">{t('import.errors.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {status.errors.map((error) => (
                  <tr key={`${error.line}-${error.field}-${error.code}`}>
                    <th scope="row">{error.line}</th>
                    <td>
                      <code>{error.field}</code>
                    </td>
                    <td>
                      {reason(error)}
                      <br />
                      <small class="muted">{error.message}</small>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </main>
  );
}

/** Radio buttons in a fieldset whose legend names the choice, as screen readers announce it. */
function Choice<T extends string>(props: {
  legend: string;
  name: string;
  options: readonly T[];
  value: T;
  onChange: (value: T) => void;
  disabled: boolean;
  label: (option: T) => string;
  children?: ComponentChildren;
}) {
  return (
    <fieldset disabled={props.disabled}>
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label class="inline" key={option}>
          <input type="radio" name={props.name} value={option} checked={props.value === option} onChange={() => props.onChange(option)} />
          {props.label(option)}
        </label>
      ))}
      {props.children}
    </fieldset>
  );
}

/** The ward's teams with their ids, to copy into the team column. */
function WardTeams({ wardId }: { wardId: string }) {
  const { t } = useI18n();
  const [teams, setTeams] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    gql<{ unit: { teams: { id: string; name: string }[] } }>('query WardTeams($id: ID!) { unit(id: $id) { teams { id name } } }', { id: wardId })
      .then((d) => setTeams(d.unit.teams))
      .catch(() => setTeams([]));
  }, [wardId]);
  if (teams.length === 0) return null;
  return (
    <div class="hint">
      {t('import.teams')}
      <ul>
        {teams.map((team) => (
          <li key={team.id}>
            {team.name}: <code>{team.id}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
