/**
 * What the customer shared for THIS conversation (issue 7): one line per item ("Standort geteilt
 * für diesen Fall, läuft ab in 3 Stunden"), never a value until the agent asks to see it. Each view is
 * a request the server logs (the customer sees who looked, and when); after the case ended the item
 * shows as deleted and a view is refused.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent } from '../api/types.ts';
import { reason } from '../errors.ts';
import { fullTime } from '../format.ts';
import type { CaseShare, CaseShareView, CaseSharesApi } from './api.ts';

export interface CaseShareSectionProps {
  api: CaseSharesApi;
  conversationId: string;
  agents: Record<string, Agent>;
}

/** "in 3 Stunden" / "in 3 hours": minutes below an hour, hours below two days, then days. */
export function relativeEnd(iso: string, language: string, now = Date.now()): string {
  const minutes = Math.max(1, Math.round((Date.parse(iso) - now) / 60_000));
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'always' });
  if (minutes < 60) return format.format(minutes, 'minute');
  if (minutes < 48 * 60) return format.format(Math.round(minutes / 60), 'hour');
  return format.format(Math.round(minutes / 1440), 'day');
}

function Value({ view }: { view: CaseShareView }) {
  const { t } = useTranslation();
  const value = view.value;
  switch (value.kind) {
    case 'location': {
      const map = `https://www.openstreetmap.org/?mlat=${value.latitude}&mlon=${value.longitude}#map=17/${value.latitude}/${value.longitude}`;
      return (
        <p className="case-share__value">
          {value.latitude.toFixed(5)}, {value.longitude.toFixed(5)}
          {value.accuracy !== null && ` (± ${Math.round(value.accuracy)} m)`}{' '}
          <a href={map} target="_blank" rel="noopener noreferrer">
            {t('caseShares.map')}
          </a>
        </p>
      );
    }
    case 'order-number':
    case 'contract-number':
      return <p className="case-share__value">{value.number}</p>;
    case 'photo':
      return value.contentType.startsWith('image/') ? (
        <img
          className="case-share__photo"
          alt={value.filename}
          src={`data:${value.contentType};base64,${value.base64}`}
        />
      ) : null;
    case 'device':
      return (
        <p className="case-share__value">
          {value.userAgent}
          {value.screen && ` · ${value.screen}`}
          {value.language && ` · ${value.language}`}
        </p>
      );
  }
}

type Load = { conversationId: string; items: CaseShare[] } | { conversationId: string; error: string };

export function CaseShareSection({ api, conversationId, agents }: CaseShareSectionProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'de';
  const id = useId();
  const [loaded, setLoaded] = useState<Load | null>(null);
  const [views, setViews] = useState<Record<string, CaseShareView>>({});
  const [failure, setFailure] = useState<string | null>(null);

  const load = useCallback(() => {
    let cancelled = false;
    api.ofConversation(conversationId).then(
      (list) => !cancelled && setLoaded({ conversationId, items: list.items }),
      (error: unknown) => !cancelled && setLoaded({ conversationId, error: reason(error, t) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, conversationId, t]);

  useEffect(() => {
    setViews({});
    setFailure(null);
    const stop = load();
    // An item may end (resolve, expiry, the customer takes it back) while the panel is open.
    const timer = setInterval(load, 30_000);
    return () => {
      stop();
      clearInterval(timer);
    };
  }, [load]);

  const current = loaded?.conversationId === conversationId ? loaded : null;
  if (!current || 'error' in current || current.items.length === 0) return null;

  async function show(share: CaseShare) {
    setFailure(null);
    try {
      const view = await api.view(conversationId, share.id);
      setViews((before) => ({ ...before, [share.id]: view }));
    } catch (error) {
      setFailure(t('caseShares.viewFailed', { reason: reason(error, t) }));
    }
    load();
  }

  return (
    <section className="case-shares" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('caseShares.heading')}</h3>
      <ul className="case-shares__list">
        {current.items.map((share) => {
          const view = views[share.id];
          const kind = share.label[language];
          return (
            <li key={share.id} className="case-share" data-kind={share.kind} data-status={share.status}>
              <p className="case-share__line">
                {share.status === 'active'
                  ? t('caseShares.active', { kind, ends: relativeEnd(share.expiresAt, i18n.language) })
                  : t(`caseShares.ended.${share.endReason ?? 'time'}`, { kind })}
              </p>
              {share.status === 'active' &&
                (view ? (
                  <Value view={view} />
                ) : (
                  <button type="button" className="button case-share__view" onClick={() => void show(share)}>
                    {t('caseShares.view')}
                  </button>
                ))}
              {share.access && share.access.length > 0 && (
                <details className="case-share__log">
                  <summary>{t('caseShares.log', { count: share.access.length })}</summary>
                  <ol>
                    {share.access.map((entry, index) => (
                      <li key={index}>
                        {t(`caseShares.outcome.${entry.outcome}`, {
                          name: (entry.userId && agents[entry.userId]?.name) || '—',
                          time: fullTime(entry.at, i18n.language),
                        })}
                      </li>
                    ))}
                  </ol>
                </details>
              )}
            </li>
          );
        })}
      </ul>
      <p className="muted case-shares__note">{t('caseShares.note')}</p>
      {failure && (
        <p className="notice notice--error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
