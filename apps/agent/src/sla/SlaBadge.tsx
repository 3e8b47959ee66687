/**
 * A conversation's SLA timer, counting down on the agent's own clock: "Erste Antwort fällig in
 * 12 Min.", amber after the warning time, red and "überfällig seit 3 Min." once late. Nothing while
 * no timer runs. Compact (list rows): the target's short name ("Antwort fällig in 12 Min.").
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../api/types.ts';
import { fullTime } from '../format.ts';
import { slaDisplay, spanText } from './timers.ts';

/** Minutes are what it shows; a tick every 10 s keeps the minute it turns exact enough. */
const TICK_MS = 10_000;

function useNow(every: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [every]);
  return now;
}

export function SlaBadge({ sla, compact = false }: { sla: Conversation['sla']; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const now = useNow(TICK_MS);
  const display = slaDisplay(sla, now);
  if (!display) return null;
  const target = t(`sla.target.${display.timer.target}`);
  const named = compact ? t(`sla.short.${display.timer.target}`) : target;
  const duration = spanText(display.remainingMs, i18n.language);
  const text =
    display.state === 'overdue'
      ? t('sla.overdue', { target: named, duration })
      : t('sla.dueIn', { target: named, duration });
  return (
    <time
      className={`sla sla--${display.state}${compact ? ' sla--compact' : ''}`}
      dateTime={display.timer.dueAt ?? undefined}
      title={t('sla.title', {
        policy: display.policyName,
        target,
        due: fullTime(display.timer.dueAt ?? '', i18n.language),
      })}
      data-sla={display.state}
    >
      {text}
    </time>
  );
}
