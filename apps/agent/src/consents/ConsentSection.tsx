/**
 * The contact panel's consents: the state per purpose the account asks for (granted, withdrawn,
 * not asked; since when, via which channel), the whole ledger on demand, and a form for a consent
 * the customer gave or withdrew on the phone (the "how" note is required: it is the proof).
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent } from '../api/types.ts';
import { reason } from '../errors.ts';
import { fullTime } from '../format.ts';
import type { ConsentEntry, ConsentsApi, ContactConsents } from './api.ts';

export interface ConsentSectionProps {
  api: ConsentsApi;
  contactId: string;
  agents: Record<string, Agent>;
}

type Load = { contactId: string; data: ContactConsents } | { contactId: string; error: string };

export function ConsentSection({ api, contactId, agents }: ConsentSectionProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'de';
  const id = useId();
  const [loaded, setLoaded] = useState<Load | null>(null);
  const [purposeKey, setPurposeKey] = useState('');
  const [granted, setGranted] = useState(true);
  const [how, setHow] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    let cancelled = false;
    setOutcome(null);
    api.ofContact(contactId).then(
      (data) => !cancelled && setLoaded({ contactId, data }),
      (failure: unknown) => !cancelled && setLoaded({ contactId, error: reason(failure, t) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, contactId, t]);

  const heading = (
    <h3 id={`${id}-heading`} className="consents__heading">
      {t('consents.heading')}
    </h3>
  );
  // An answer for the contact shown before is not this contact's.
  const current = loaded?.contactId === contactId ? loaded : null;
  if (!current) {
    return (
      <section className="consents" aria-labelledby={`${id}-heading`}>
        {heading}
        <p className="muted" role="status">
          {t('consents.loading')}
        </p>
      </section>
    );
  }
  if ('error' in current) {
    return (
      <section className="consents" aria-labelledby={`${id}-heading`}>
        {heading}
        <p className="notice notice--error" role="alert">
          {t('consents.loadFailed', { reason: current.error })}
        </p>
      </section>
    );
  }
  const consents = current.data;
  const titleOf = (key: string) =>
    consents.current.find((state) => state.purpose.key === key)?.purpose.texts[language].title ?? key;
  const recorder = (entry: ConsentEntry) => {
    const name = entry.recordedBy.userId ? agents[entry.recordedBy.userId]?.name : undefined;
    if (entry.recordedBy.kind === 'contact') return t('consents.by.contact');
    if (entry.recordedBy.kind === 'api-token') return t('consents.by.system', { name: name ?? '—' });
    return t('consents.by.agent', { name: name ?? '—' });
  };
  const selectedKey = purposeKey || consents.current[0]?.purpose.key || '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (how.trim() === '') return;
    setBusy(true);
    setOutcome(null);
    try {
      const data = await api.record(contactId, {
        purposeKey: selectedKey,
        granted,
        channel: 'phone',
        proof: { how },
      });
      setLoaded({ contactId, data });
      setHow('');
      setOutcome({ ok: true, text: t('consents.recorded') });
    } catch (failure) {
      setOutcome({ ok: false, text: t('consents.recordFailed', { reason: reason(failure, t) }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="consents" aria-labelledby={`${id}-heading`}>
      {heading}
      {consents.current.length === 0 ? (
        <p className="muted">{t('consents.noPurposes')}</p>
      ) : (
        <ul className="consents__list">
          {consents.current.map((state) => (
            <li key={state.purpose.id} className="consents__item" data-purpose={state.purpose.key}>
              <div className="consents__row">
                <span className="consents__title">{state.purpose.texts[language].title}</span>
                <span className={`consent-state consent-state--${state.state}`}>
                  {t(`consents.state.${state.state}`)}
                </span>
              </div>
              {state.latest && (
                <p className="consents__since">
                  {t('consents.since', {
                    time: fullTime(state.latest.createdAt, i18n.language),
                    channel: t(`consents.channel.${state.latest.channel}`),
                  })}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {consents.history.length > 0 && (
        <details className="consents__history">
          <summary>{t('consents.history', { count: consents.history.length })}</summary>
          <ol>
            {[...consents.history].reverse().map((entry) => (
              <li key={entry.id} className="consents__entry">
                <div className="consents__row">
                  <span>
                    {titleOf(entry.purposeKey)}{' '}
                    <span className="muted consents__version">
                      {t('consents.version', { version: entry.purposeVersion })}
                    </span>
                  </span>
                  <span className={`consent-state consent-state--${entry.granted ? 'granted' : 'withdrawn'}`}>
                    {t(entry.granted ? 'consents.given' : 'consents.withdrawnShort')}
                  </span>
                </div>
                <p className="consents__proof">
                  <time dateTime={entry.createdAt}>{fullTime(entry.createdAt, i18n.language)}</time> ·{' '}
                  {t(`consents.channel.${entry.channel}`)} · {recorder(entry)}
                </p>
                <p className="consents__proof">
                  „{entry.how}“{entry.reference && ` (${entry.reference})`}
                </p>
              </li>
            ))}
          </ol>
        </details>
      )}
      {consents.current.length > 0 && (
        <details className="consents__record">
          <summary>{t('consents.recordTitle')}</summary>
          <form className="consents__form" onSubmit={(event) => void submit(event)}>
            <div className="field">
              <label htmlFor={`${id}-purpose`}>{t('consents.purpose')}</label>
              <select
                id={`${id}-purpose`}
                value={selectedKey}
                onChange={(event) => setPurposeKey(event.target.value)}
              >
                {consents.current.map((state) => (
                  <option key={state.purpose.id} value={state.purpose.key}>
                    {state.purpose.texts[language].title}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="consents__choice">
              <legend>{t('consents.decision')}</legend>
              <label>
                <input
                  type="radio"
                  name={`${id}-granted`}
                  checked={granted}
                  onChange={() => setGranted(true)}
                />{' '}
                {t('consents.give')}
              </label>
              <label>
                <input
                  type="radio"
                  name={`${id}-granted`}
                  checked={!granted}
                  onChange={() => setGranted(false)}
                />{' '}
                {t('consents.withdraw')}
              </label>
            </fieldset>
            <div className="field">
              <label htmlFor={`${id}-how`}>{t('consents.how')}</label>
              <input
                id={`${id}-how`}
                value={how}
                required
                maxLength={500}
                placeholder={t('consents.howPlaceholder')}
                aria-describedby={`${id}-how-hint`}
                onChange={(event) => setHow(event.target.value)}
              />
              <p id={`${id}-how-hint`} className="field__hint">
                {t('consents.howHint')}
              </p>
            </div>
            {outcome && (
              <p
                className={outcome.ok ? 'consents__ok' : 'form-error'}
                role={outcome.ok ? 'status' : 'alert'}
              >
                {outcome.text}
              </p>
            )}
            <button type="submit" className="button button--primary" disabled={busy || how.trim() === ''}>
              {busy ? t('consents.saving') : t('consents.save')}
            </button>
          </form>
        </details>
      )}
    </section>
  );
}
