import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { fetchFile, saveFile, textFile } from '../api/download';
import { gql } from '../api/graphql';
import { CHANNELS, ONLINE_APPLICATION, OUTCOMES, PROCEDURES, serviceName } from '../api/services';
import type { Channel, Outcome, Procedure } from '../api/schema.generated';
import { describeRefusal, explainGraphQLError, explainRefusal, HttpRefusal } from '../api/refusal';
import { fileDay, formatNumber, formatTime } from '../format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { Inbox } from '../messages/Inbox';
import { WaitingBanner } from '../messages/WaitingBanner';
import { channelAt, fetchDay, loadDay, minutesSince, readMinutes, RECENT_KEPT, saveDay, type Day, type Place, type RecentHelp } from './day';
import { newId, type Identity } from './identity';
import type { Outbox } from './outbox';
import { PhoneHeader } from './PhoneHeader';
import type { ItemRefusal, OutboxItem } from './store';

/** How often the screen's clock-driven parts (the minutes timer) move. */
const TICK_MS = 10_000;

export function DayScreen({ me, outbox, onLeave }: { me: Identity; outbox: Outbox; onLeave: () => void }) {
  const { t, lang } = useI18n();
  const [day, setDayState] = useState<Day>(() => loadDay(me));
  const [items, setItems] = useState<OutboxItem[]>([]);
  const itemsRead = useRef(0);
  // Reads overlap (a retry's listener, a tap); only the latest read started may set the list, or an older one could undo a newer.
  const reloadItems = useCallback(async () => {
    const mine = ++itemsRead.current;
    const all = await outbox.items();
    if (mine === itemsRead.current) setItems(all);
  }, [outbox]);
  const [online, setOnline] = useState(navigator.onLine);
  const [notice, setNotice] = useState('');
  const [now, setNow] = useState(Date.now());
  const [clock, setClock] = useState<ItemRefusal | undefined>();
  const [retryInMs, setRetryInMs] = useState<number | undefined>();
  const dayRef = useRef(day);

  const setDay = useCallback(
    (change: (d: Day) => Day) => {
      const next = change(dayRef.current);
      dayRef.current = next;
      saveDay(me, next);
      setDayState(next);
    },
    [me],
  );

  const refresh = useCallback(async () => {
    try {
      const server = await fetchDay(me);
      const unsentShift = (await outbox.items()).some((i) => (i.action.kind === 'checkIn' || i.action.kind === 'checkOut') && !i.error);
      // An unsent check-in or check-out is newer than what the server knows.
      setDay((d) => ({ ...d, ...server, shift: unsentShift ? d.shift : server.shift }));
    } catch {
      // Offline or server down: keep what the phone already has.
    }
  }, [me, outbox, setDay]);

  // The outbox retries passing faults by itself, with backoff; the screen follows every sync it makes.
  const sync = useCallback(() => outbox.sync(), [outbox]);

  useEffect(() => {
    const stop = outbox.listen((report) => {
      void reloadItems();
      setClock(report.clock);
      setRetryInMs(report.retryInMs);
      if (!report.interrupted) void refresh();
    });
    void reloadItems();
    void sync();
    const goOnline = () => {
      setOnline(true);
      void sync();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => {
      stop();
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      clearInterval(timer);
    };
  }, [outbox, sync, refresh, reloadItems]);

  const queue = async (action: Parameters<Outbox['add']>[2]) => {
    await outbox.add(me.campaignId, me.volunteerId, action);
    await reloadItems();
    if (navigator.onLine) void sync();
  };

  // The tap's time goes with it: sent hours later, the shift still starts and ends when the volunteer tapped.
  const checkIn = async (place: Place) => {
    const at = new Date().toISOString();
    setDay((d) => ({ ...d, shift: { place, since: at }, timerStart: Date.now() }));
    await queue({ kind: 'checkIn', placeId: place.id, at });
    setNotice(t('volunteer.checkedIn', { place: place.name }));
  };

  const checkOut = async () => {
    setDay((d) => ({ ...d, shift: null, timerStart: null }));
    await queue({ kind: 'checkOut', at: new Date().toISOString() });
    setNotice(t('volunteer.checkedOut'));
  };

  /** A record still on the phone is simply not sent; one the server holds is voided, in line after it. */
  const undo = async (recent: RecentHelp, reason: string) => {
    const unsent = (await outbox.items()).find((i) => i.id === recent.recordId);
    if (unsent) await outbox.discard(unsent.id);
    else await queue({ kind: 'void', recordId: recent.recordId, reason });
    setDay((d) => ({ ...d, recent: d.recent.map((r) => (r.recordId === recent.recordId ? { ...r, voided: true } : r)) }));
    await reloadItems();
    setNotice(t('volunteer.recent.undone'));
  };

  const waiting = items.filter((i) => !i.error);
  const refused = items.filter((i) => i.error);
  const unsentHelps = waiting.filter((i) => i.action.kind === 'help').length;

  return (
    <>
      <PhoneHeader title={me.volunteerName} subtitle={me.teamName} />
      <main id="main" class="phone-main">
        <p class={`sync ${waiting.length ? 'sync-waiting' : ''}`} role="status" data-testid="sync-status">
          <span class={online ? 'dot online' : 'dot offline'} aria-hidden="true" />
          {online ? t('volunteer.online') : t('volunteer.offline')} ·{' '}
          <span data-testid="waiting">{t('volunteer.waiting', { count: formatNumber(lang, waiting.length) })}</span>
          {waiting.length > 0 && online && (
            <button type="button" class="link" onClick={() => void sync()}>
              {t('volunteer.syncNow')}
            </button>
          )}
        </p>
        {notice && (
          <p class="notice" aria-live="polite">
            {notice}
          </p>
        )}

        <WaitingBanner campaignId={me.campaignId} count={waiting.length} />
        {clock && waiting.length > 0 && (
          <p class="status error" role="alert" data-testid="clock-skew">
            {t('volunteer.clock', { count: formatNumber(lang, waiting.length) })}
          </p>
        )}
        {!clock && retryInMs !== undefined && waiting.length > 0 && online && (
          <p class="muted" data-testid="retrying">
            {t('volunteer.retrying', { seconds: formatNumber(lang, Math.ceil(retryInMs / 1000)) })}
          </p>
        )}

        {refused.length > 0 && <Refused items={refused} outbox={outbox} onChange={() => sync().then(() => undefined)} />}
        <Inbox me={me} />

        {day.shift ? (
          <>
            <section class="shift" aria-labelledby="shift-h">
              <h2 id="shift-h">{t('volunteer.atPlace', { place: day.shift.place.name })}</h2>
              <p class="muted">{t('volunteer.since', { time: formatTime(lang, new Date(day.shift.since)) })}</p>
            </section>
            <LogHelp
              day={day}
              now={now}
              onRestartTimer={() => setDay((d) => ({ ...d, timerStart: Date.now() }))}
              onLog={async (help) => {
                const record = { ...help, recordId: newId(), occurredAt: new Date().toISOString(), placeId: day.shift?.place.id };
                await queue({ kind: 'help', help: record });
                const recent: RecentHelp = { recordId: record.recordId, service: record.service, occurredAt: record.occurredAt };
                setDay((d) => ({ ...d, timerStart: Date.now(), recent: [recent, ...d.recent].slice(0, RECENT_KEPT) }));
                setNow(Date.now());
                setNotice(t('volunteer.logged', { service: serviceName(day.services, help.service, lang) }));
              }}
            />
          </>
        ) : (
          <CheckIn places={day.places} yourPlaceId={day.yourPlaceId} onCheckIn={checkIn} onRefresh={refresh} />
        )}

        <section aria-labelledby="tally-h">
          <h2 id="tally-h">{t('volunteer.tally')}</h2>
          <dl class="tally">
            <div>
              <dt>{t('volunteer.tally.mine')}</dt>
              <dd data-testid="tally-mine">{formatNumber(lang, (day.tally?.mine ?? 0) + unsentHelps)}</dd>
            </div>
            <div>
              <dt>{t('volunteer.tally.team')}</dt>
              <dd>{formatNumber(lang, (day.tally?.team ?? 0) + unsentHelps)}</dd>
            </div>
          </dl>
          {unsentHelps > 0 && <p class="muted">{t('volunteer.tally.unsent', { count: formatNumber(lang, unsentHelps) })}</p>}
        </section>

        {day.recent.length > 0 && <Recent day={day} onUndo={undo} />}
        <Hours day={day} now={now} campaignId={me.campaignId} />
        <MyData waiting={waiting.length} onDeleted={onLeave} />

        <footer class="phone-footer">
          {day.shift && (
            <button type="button" class="big secondary" onClick={() => void checkOut()}>
              {t('volunteer.checkOut')}
            </button>
          )}
          <button type="button" class="link" onClick={onLeave}>
            {t('volunteer.leave')}
          </button>
        </footer>
      </main>
    </>
  );
}

function CheckIn({
  places,
  yourPlaceId,
  onCheckIn,
  onRefresh,
}: {
  places: Place[];
  yourPlaceId: string | null;
  onCheckIn: (p: Place) => void;
  onRefresh: () => void;
}) {
  const { t } = useI18n();
  const yours = places.find((p) => p.id === yourPlaceId);
  return (
    <section aria-labelledby="checkin-h">
      <h2 id="checkin-h">{t('volunteer.checkIn')}</h2>
      {places.length === 0 && <p class="muted">{t('volunteer.noPlaces')}</p>}
      {yours && (
        <p class="your-place" data-testid="your-place">
          {t('volunteer.yourPlace', { place: yours.name })}
        </p>
      )}
      <ul class="choices">
        {places.map((p) => (
          <li key={p.id}>
            <button type="button" class={p.id === yourPlaceId ? 'big primary' : 'big'} onClick={() => onCheckIn(p)}>
              {p.name}
              <small>{t(`kind.${p.kind}` as MessageKey)}</small>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="link" onClick={onRefresh}>
        {t('volunteer.refreshPlaces')}
      </button>
    </section>
  );
}

interface NewHelp {
  service: string;
  procedure?: Procedure;
  channel: Channel;
  outcome: Outcome;
  minutes: number;
}

/**
 * The common case is three taps: service, channel (already set from the place, so often none)
 * and outcome, which saves. Minutes come from the timer and may be corrected before saving.
 */
function LogHelp({ day, now, onLog, onRestartTimer }: { day: Day; now: number; onLog: (h: NewHelp) => Promise<void>; onRestartTimer: () => void }) {
  const { t, lang } = useI18n();
  const [service, setService] = useState<string | undefined>();
  const [procedure, setProcedure] = useState<Procedure | undefined>();
  const [channel, setChannel] = useState<Channel>(channelAt(day.shift?.place.kind));
  // What the volunteer typed, kept as text so a wrong entry is shown with its reason, never quietly made 0.
  const [typedMinutes, setTypedMinutes] = useState<string | undefined>();
  const typed = typedMinutes === undefined ? undefined : readMinutes(typedMinutes);
  const minutes = typed && 'minutes' in typed ? typed.minutes : minutesSince(day.timerStart, now);
  const minutesProblem = typed && 'problem' in typed ? typed.problem : undefined;
  const needsProcedure = service === ONLINE_APPLICATION;
  const ready = service !== undefined && (!needsProcedure || procedure !== undefined) && !minutesProblem;

  const clear = (help?: NewHelp) => {
    setService(help?.service);
    setProcedure(help?.procedure);
    setTypedMinutes(help && typedMinutes);
  };
  // Cleared before the outbox answers, not after: a volunteer who taps the next citizen's service as soon as
  // "saved" shows must not see that tap wiped. Only a help the outbox refused comes back to the form.
  const save = async (outcome: Outcome) => {
    if (!ready || !service) return;
    const help: NewHelp = { service, procedure: needsProcedure ? procedure : undefined, channel, outcome, minutes };
    clear();
    try {
      await onLog(help);
    } catch (failure) {
      clear(help);
      throw failure;
    }
  };

  return (
    <section aria-labelledby="log-h" class="log">
      <h2 id="log-h">{t('volunteer.log')}</h2>
      <Choices
        legend={t('volunteer.service')}
        options={day.services.map((s) => ({ value: s.code, label: serviceName(day.services, s.code, lang) }))}
        selected={service}
        onPick={setService}
      />
      {needsProcedure && (
        <Choices
          legend={t('volunteer.procedure')}
          options={PROCEDURES.map((p) => ({ value: p, label: t(`procedure.${p}` as MessageKey) }))}
          selected={procedure}
          onPick={setProcedure}
        />
      )}
      <Choices
        legend={t('volunteer.channel')}
        options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}` as MessageKey) }))}
        selected={channel}
        onPick={setChannel}
        columns={3}
      />
      <div class="minutes">
        <label for="minutes">{t('volunteer.minutes')}</label>
        <input
          id="minutes"
          type="text"
          inputMode="numeric"
          data-field="minutes"
          value={typedMinutes ?? String(minutes)}
          aria-invalid={minutesProblem ? true : undefined}
          aria-describedby={minutesProblem ? 'minutes-error' : undefined}
          onInput={(e) => setTypedMinutes(e.currentTarget.value)}
        />
        <button type="button" class="secondary" onClick={() => { setTypedMinutes(undefined); onRestartTimer(); }}>
          {t('volunteer.restartTimer')}
        </button>
        {minutesProblem && (
          <small id="minutes-error" class="field-error" role="alert" data-testid="minutes-error">
            {t(`volunteer.minutes.${minutesProblem}`)}
          </small>
        )}
      </div>
      <fieldset>
        <legend>{t('volunteer.outcome')}</legend>
        {!ready && !minutesProblem && <p class="muted">{t(needsProcedure && service ? 'volunteer.pickProcedure' : 'volunteer.pickService')}</p>}
        <div class="grid">
          {OUTCOMES.map((o) => (
            <button type="button" key={o} class={`big ${o === 'DONE' ? 'primary' : 'secondary'}`} disabled={!ready} onClick={() => void save(o)}>
              {t(`outcome.${o}` as MessageKey)}
            </button>
          ))}
        </div>
      </fieldset>
    </section>
  );
}

/** A group of toggle buttons of which one is chosen: bigger targets than radio buttons, same meaning to a screen reader. */
function Choices<T extends string>(props: { legend: string; options: { value: T; label: string }[]; selected: T | undefined; onPick: (value: T) => void; columns?: 3 }) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <div class={props.columns === 3 ? 'grid three' : 'grid'}>
        {props.options.map((o) => (
          <button type="button" key={o.value} class="big choice" aria-pressed={props.selected === o.value} onClick={() => props.onPick(o.value)}>
            {o.label}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

function Refused({ items, outbox, onChange }: { items: OutboxItem[]; outbox: Outbox; onChange: () => Promise<void> }) {
  const { t } = useI18n();
  return (
    <section class="refused" aria-labelledby="refused-h">
      <h2 id="refused-h">{t('volunteer.refused', { count: items.length })}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <strong>{t(`volunteer.item.${item.action.kind}` as MessageKey)}</strong>:{' '}
            {item.error && describeRefusal(explainRefusal(item.error.code, item.error.field, item.error.message), t)}
            <br />
            <small class="muted">{item.error?.message}</small>
            <div class="row">
              <button type="button" class="secondary" onClick={() => void outbox.retry(item.id).then(onChange)}>
                {t('volunteer.retry')}
              </button>
              <button type="button" class="secondary" onClick={() => void outbox.discard(item.id).then(onChange)}>
                {t('volunteer.discard')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

const VOID_REASONS = ['mistap', 'duplicate', 'wrongService', 'wrongMinutes'] as const;

/** The last records made on this phone, each undone with a reason picked from a short list. */
function Recent({ day, onUndo }: { day: Day; onUndo: (recent: RecentHelp, reason: string) => Promise<void> }) {
  const { t, lang } = useI18n();
  const [undoing, setUndoing] = useState<string | undefined>();
  const [reason, setReason] = useState<(typeof VOID_REASONS)[number]>('mistap');
  return (
    <section aria-labelledby="recent-h">
      <h2 id="recent-h">{t('volunteer.recent.title')}</h2>
      <ul class="recent">
        {day.recent.map((r) => (
          <li key={r.recordId} data-record={r.recordId}>
            {formatTime(lang, new Date(r.occurredAt))} · {serviceName(day.services, r.service, lang)}
            {r.voided ? (
              <em class="muted"> · {t('volunteer.recent.voided')}</em>
            ) : undoing === r.recordId ? (
              <fieldset>
                <legend>{t('volunteer.recent.reason')}</legend>
                {VOID_REASONS.map((why) => (
                  <label key={why} class="choice-line">
                    <input type="radio" name={`why-${r.recordId}`} checked={reason === why} onChange={() => setReason(why)} />
                    {t(`volunteer.voidReason.${why}`)}
                  </label>
                ))}
                <div class="row">
                  <button
                    type="button"
                    class="primary"
                    onClick={() => void onUndo(r, t(`volunteer.voidReason.${reason}`)).then(() => setUndoing(undefined))}
                  >
                    {t('volunteer.recent.confirm')}
                  </button>
                  <button type="button" class="secondary" onClick={() => setUndoing(undefined)}>
                    {t('volunteer.recent.cancel')}
                  </button>
                </div>
              </fieldset>
            ) : (
              <button type="button" class="link" onClick={() => setUndoing(r.recordId)}>
                {t('volunteer.recent.undo')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The hours the volunteer gave: today's shifts as the server keeps them, and every day's total; and the
 * certificate of the day's hours (giấy xác nhận), which needs the network.
 */
function Hours({ day, now, campaignId }: { day: Day; now: number; campaignId: string }) {
  const { t, lang } = useI18n();
  const [problem, setProblem] = useState<string | undefined>();
  const hours = day.hours;
  if (!hours) return null;
  const certificate = async () => {
    setProblem(undefined);
    try {
      saveFile(await fetchFile(`/certificates/${encodeURIComponent(campaignId)}.pdf`, 'giay-xac-nhan.pdf'));
    } catch (error) {
      const status = error instanceof HttpRefusal ? error.status : 0;
      setProblem(t(status === 0 ? 'refusal.network' : status >= 500 ? 'refusal.unavailable' : 'refusal.code.FORBIDDEN'));
    }
  };
  return (
    <section aria-labelledby="hours-h">
      <h2 id="hours-h">{t('volunteer.hours.title')}</h2>
      <dl class="tally">
        <div>
          <dt>{t('volunteer.hours.today')}</dt>
          <dd data-testid="hours-today">{t('volunteer.hours.value', { hours: formatNumber(lang, hours.today, 1) })}</dd>
        </div>
        <div>
          <dt>{t('volunteer.hours.total')}</dt>
          <dd data-testid="hours-total">{t('volunteer.hours.value', { hours: formatNumber(lang, hours.total, 1) })}</dd>
        </div>
      </dl>
      <ul class="shifts" data-testid="shifts" data-now={now}>
        {hours.shifts.map((s) => (
          <li key={s.checkedInAt}>
            {s.place.name}: {formatTime(lang, new Date(s.checkedInAt))}–
            {s.checkedOutAt ? formatTime(lang, new Date(s.checkedOutAt)) : t('volunteer.hours.open')}
          </li>
        ))}
      </ul>
      {hours.shifts.length > 0 && (
        <button type="button" class="secondary" onClick={() => void certificate()}>
          {t('volunteer.certificate')}
        </button>
      )}
      {problem && (
        <p class="status error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

const MY_DATA = `query MyData { myData { totalHours volunteer { id name phone branch team { id name } }
  days { hours campaign { id name date } shifts { place { name } checkedInAt checkedOutAt minutes } counts { helps minutes } } } }`;

/** What the platform holds about the volunteer, to download; and the account, to delete after a confirmation. */
function MyData({ waiting, onDeleted }: { waiting: number; onDeleted: () => void }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const fail = (error: unknown) => setProblem(describeRefusal(explainGraphQLError(error), t));
  const download = async () => {
    setProblem(undefined);
    try {
      const data = await gql<{ myData: unknown }>(MY_DATA);
      saveFile(textFile(JSON.stringify(data.myData, null, 2), `du-lieu-cua-toi-${fileDay(new Date())}.json`, 'application/json'));
    } catch (error) {
      fail(error);
    }
  };
  const remove = async () => {
    setProblem(undefined);
    try {
      await gql('mutation { deleteMyAccount }');
      onDeleted();
    } catch (error) {
      fail(error);
    }
  };
  return (
    <section aria-labelledby="mine-h">
      <h2 id="mine-h">{t('volunteer.mine.title')}</h2>
      <div class="row">
        <button type="button" class="secondary" onClick={() => void download()}>
          {t('volunteer.mine.download')}
        </button>
        {!confirming && (
          <button type="button" class="secondary" onClick={() => setConfirming(true)}>
            {t('volunteer.mine.delete')}
          </button>
        )}
      </div>
      {confirming && (
        <div class="confirm" role="alertdialog" aria-labelledby="delete-q">
          <p id="delete-q">{t('volunteer.mine.deleteConfirm')}</p>
          {waiting > 0 && <p class="status error">{t('volunteer.mine.unsent', { count: waiting })}</p>}
          <div class="row">
            <button type="button" class="primary danger" onClick={() => void remove()}>
              {t('volunteer.mine.deleteYes')}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              {t('volunteer.recent.cancel')}
            </button>
          </div>
        </div>
      )}
      {problem && (
        <p class="status error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
