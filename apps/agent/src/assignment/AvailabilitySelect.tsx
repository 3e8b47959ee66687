/**
 * The agent's availability in the header: online (takes new conversations), away or offline.
 * Automatic assignment reads it on the server; "online" counts only while this workspace is connected.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/client.ts';
import { AssignmentApi, AVAILABILITIES, type AgentAvailability } from './api.ts';
import './assignment.css';

const isAvailability = (value: string): value is AgentAvailability =>
  (AVAILABILITIES as readonly string[]).includes(value);

export function AvailabilitySelect({ api, className }: { api: ApiClient; className?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const assignment = useMemo(() => new AssignmentApi(api), [api]);
  const [availability, setAvailability] = useState<AgentAvailability | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    assignment.presence().then(
      (presence) => !cancelled && setAvailability(presence.availability),
      () => !cancelled && setFailed(true),
    );
    return () => {
      cancelled = true;
    };
  }, [assignment]);

  async function change(next: AgentAvailability) {
    const previous = availability;
    // Shown at once; taken back if the server refuses.
    setAvailability(next);
    setFailed(false);
    try {
      setAvailability((await assignment.setAvailability(next)).availability);
    } catch {
      setAvailability(previous);
      setFailed(true);
    }
  }

  if (availability === null && !failed) return null;
  return (
    <div
      className={`availability availability--${availability ?? 'offline'}${className ? ` ${className}` : ''}`}
      data-availability={availability ?? undefined}
    >
      <span className="availability__dot" aria-hidden="true" />
      <label htmlFor={id}>{t('assignment.availability')}</label>
      <select
        id={id}
        value={availability ?? 'offline'}
        aria-invalid={failed || undefined}
        title={failed ? t('assignment.saveFailed') : t('assignment.availabilityHint')}
        onChange={(event) => isAvailability(event.target.value) && void change(event.target.value)}
      >
        {AVAILABILITIES.map((value) => (
          <option key={value} value={value}>
            {t(`assignment.presence.${value}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
