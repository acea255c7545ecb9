import { useEffect, useState } from 'preact/hooks';
import { formatMoment, formatNumber } from '../format';
import { useI18n } from '../i18n/context';
import { fetchClose, loadClose, timeLeft, waitingNotice, type CampaignClose } from './waiting';

const TICK_MS = 30_000;

/**
 * "N records are still on this phone" while the outbox holds anything unsent, and once the campaign is
 * closed, how long is left to sync them before the late-sync window closes.
 */
export function WaitingBanner({ campaignId, count }: { campaignId: string; count: number }) {
  const { t, lang } = useI18n();
  const [close, setClose] = useState<CampaignClose | undefined>(() => loadClose(campaignId));
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (count === 0) return undefined;
    // Only while records wait: asked when the banner appears and at each tick, so a close is seen soon.
    const refresh = () => {
      setNow(Date.now());
      if (navigator.onLine) void fetchClose(campaignId).then(setClose);
    };
    refresh();
    const timer = setInterval(refresh, TICK_MS);
    return () => clearInterval(timer);
  }, [campaignId, count > 0]);

  const notice = waitingNotice(count, close, now);
  if (!notice) return null;
  const until = close?.lateSyncUntil ? Date.parse(close.lateSyncUntil) : now;
  const left = timeLeft(until - now);
  return (
    <p class={notice.key === 'waiting.records' ? 'banner' : 'banner urgent'} role="status" data-testid="waiting-banner">
      {t(notice.key, {
        ...notice.params,
        count: formatNumber(lang, count),
        left: t(left.key, left.params),
        until: close?.lateSyncUntil ? formatMoment(lang, close.lateSyncUntil) : '',
      })}
    </p>
  );
}
