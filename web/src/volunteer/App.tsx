import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { CHANNELS, ONLINE_APPLICATION, OUTCOMES, PROCEDURES, serviceName, type Channel, type Outcome, type Procedure } from '../api/model';
import { formatNumber, formatTime } from '../format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { Inbox } from '../messages/Inbox';
import { WaitingBanner } from '../messages/WaitingBanner';
import { channelAt, fetchDay, loadDay, minutesSince, saveDay, type Day, type Place } from './day';
import { newId, type Identity } from './identity';
import type { Outbox } from './outbox';
import { PhoneHeader } from './PhoneHeader';
import type { OutboxItem } from './store';

const SYNC_EVERY_MS = 10_000;

export function VolunteerDay({ me, outbox, onLeave }: { me: Identity; outbox: Outbox; onLeave: () => void }) {
  const { t, lang } = useI18n();
  const [day, setDayState] = useState<Day>(() => loadDay(me));
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [online, setOnline] = useState(navigator.onLine);
  const [notice, setNotice] = useState('');
  const [now, setNow] = useState(Date.now());
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
      const unsentShift = (await outbox.items()).some((i) => i.action.kind !== 'help' && !i.error);
      // An unsent check-in or check-out is newer than what the server knows.
      setDay((d) => ({ ...d, ...server, shift: unsentShift ? d.shift : server.shift }));
    } catch {
      // Offline or server down: keep what the phone already has.
    }
  }, [me, outbox, setDay]);

  const sync = useCallback(async () => {
    const report = await outbox.sync();
    setItems(await outbox.items());
    if (!report.interrupted) await refresh();
  }, [outbox, refresh]);

  useEffect(() => {
    void outbox.items().then(setItems);
    void sync();
    const goOnline = () => {
      setOnline(true);
      void sync();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    const timer = setInterval(() => {
      setNow(Date.now());
      if (navigator.onLine) void sync();
    }, SYNC_EVERY_MS);
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      clearInterval(timer);
    };
  }, [sync]);

  const queue = async (action: Parameters<Outbox['add']>[2]) => {
    await outbox.add(me.campaignId, me.volunteerId, action);
    setItems(await outbox.items());
    if (navigator.onLine) void sync();
  };

  const checkIn = async (place: Place) => {
    setDay((d) => ({ ...d, shift: { place, since: new Date().toISOString() }, timerStart: Date.now() }));
    await queue({ kind: 'checkIn', placeId: place.id });
    setNotice(t('volunteer.checkedIn', { place: place.name }));
  };

  const checkOut = async () => {
    setDay((d) => ({ ...d, shift: null, timerStart: null }));
    await queue({ kind: 'checkOut' });
    setNotice(t('volunteer.checkedOut'));
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
        {refused.length > 0 && <Refused items={refused} outbox={outbox} onChange={sync} />}
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
                await queue({ kind: 'help', help: { ...help, recordId: newId(), occurredAt: new Date().toISOString(), placeId: day.shift?.place.id } });
                setDay((d) => ({ ...d, timerStart: Date.now() }));
                setNow(Date.now());
                setNotice(t('volunteer.logged', { service: serviceName(day.services, help.service, lang) }));
              }}
            />
          </>
        ) : (
          <CheckIn places={day.places} onCheckIn={checkIn} onRefresh={refresh} />
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

function CheckIn({ places, onCheckIn, onRefresh }: { places: Place[]; onCheckIn: (p: Place) => void; onRefresh: () => void }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="checkin-h">
      <h2 id="checkin-h">{t('volunteer.checkIn')}</h2>
      {places.length === 0 && <p class="muted">{t('volunteer.noPlaces')}</p>}
      <ul class="choices">
        {places.map((p) => (
          <li key={p.id}>
            <button type="button" class="big" onClick={() => onCheckIn(p)}>
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
  const [editedMinutes, setEditedMinutes] = useState<number | undefined>();
  const minutes = editedMinutes ?? minutesSince(day.timerStart, now);
  const needsProcedure = service === ONLINE_APPLICATION;
  const ready = service !== undefined && (!needsProcedure || procedure !== undefined) && minutes >= 0 && minutes <= 480;

  const save = async (outcome: Outcome) => {
    if (!ready || !service) return;
    await onLog({ service, procedure: needsProcedure ? procedure : undefined, channel, outcome, minutes });
    setService(undefined);
    setProcedure(undefined);
    setEditedMinutes(undefined);
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
          type="number"
          inputMode="numeric"
          min={0}
          max={480}
          value={minutes}
          onInput={(e) => {
            const value = Number.parseInt(e.currentTarget.value, 10);
            setEditedMinutes(Number.isNaN(value) ? 0 : value);
          }}
        />
        <button type="button" class="secondary" onClick={() => { setEditedMinutes(undefined); onRestartTimer(); }}>
          {t('volunteer.restartTimer')}
        </button>
      </div>
      <fieldset>
        <legend>{t('volunteer.outcome')}</legend>
        {!ready && <p class="muted">{t(needsProcedure && service ? 'volunteer.pickProcedure' : 'volunteer.pickService')}</p>}
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
            <strong>{t(`volunteer.item.${item.action.kind}` as MessageKey)}</strong>: {item.error?.message} ({item.error?.code})
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
