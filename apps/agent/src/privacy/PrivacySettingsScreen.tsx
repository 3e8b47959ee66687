/**
 * Privacy settings (admins): what an erasure does with a contact's conversations, how long a
 * per-case share lasts when the customer chooses no time, and retention (resolved conversations
 * untouched for more than N months deleted or anonymised by the daily run), with the last runs'
 * receipts (counts only).
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useLoad } from '../admin/hooks.ts';
import { LoadState, Outcome } from '../admin/Outcome.tsx';
import { fullTime } from '../format.ts';
import type { PrivacyApi, PrivacySettings } from './api.ts';

type Policy = PrivacySettings['erasureMessages'];

interface Draft {
  erasureMessages: Policy;
  caseShareHours: string;
  keepForever: boolean;
  retentionMonths: string;
  retentionAction: Policy;
  from: PrivacySettings;
}

const draftOf = (settings: PrivacySettings): Draft => ({
  erasureMessages: settings.erasureMessages,
  caseShareHours: String(settings.caseShareHours),
  keepForever: settings.retentionMonths === null,
  retentionMonths: String(settings.retentionMonths ?? 24),
  retentionAction: settings.retentionAction,
  from: settings,
});

export function PrivacySettingsScreen({ api }: { api: PrivacyApi }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const settings = useLoad(() => api.settings(), 'privacy-settings');
  const runs = useLoad(() => api.retentionRuns(), 'retention-runs');
  const action = useAction();
  // Taken from the loaded (or just saved) settings while rendering: never a value the account lacks.
  const [draft, setDraft] = useState<Draft>();
  if (settings.data && draft?.from !== settings.data) setDraft(draftOf(settings.data));
  const change = (patch: Partial<Draft>) => setDraft((current) => current && { ...current, ...patch });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    await action.run(async () => {
      const saved = await api.save({
        erasureMessages: draft.erasureMessages,
        caseShareHours: Number(draft.caseShareHours),
        retentionMonths: draft.keepForever ? null : Number(draft.retentionMonths),
        retentionAction: draft.retentionAction,
      });
      settings.setData(() => saved);
    });
  }

  if (!settings.data || !draft) return <LoadState error={settings.error} />;
  const policy = (name: 'erasure' | 'retentionAction', value: Policy, onChange: (value: Policy) => void) => (
    <>
      {(['delete', 'anonymise'] as const).map((choice) => (
        <label key={choice} className="admin-check">
          <input type="radio" name={name} checked={value === choice} onChange={() => onChange(choice)} />
          {t(
            name === 'erasure'
              ? `privacySettings.policy.${choice}`
              : `privacySettings.retentionPolicy.${choice}`,
          )}
        </label>
      ))}
    </>
  );
  return (
    <div className="admin-columns">
      <div className="admin-column">
        <p className="admin__intro">{t('privacySettings.intro')}</p>
        <form
          className="admin-card admin-form privacy-settings"
          onSubmit={(event) => void submit(event)}
          aria-labelledby={`${id}-title`}
          data-testid="privacy-settings-form"
        >
          <h2 id={`${id}-title`}>{t('privacySettings.title')}</h2>
          <fieldset className="admin-checklist">
            <legend>{t('privacySettings.erasure')}</legend>
            {policy('erasure', draft.erasureMessages, (value) => change({ erasureMessages: value }))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-hours`}>{t('privacySettings.caseShareHours')}</label>
            <input
              id={`${id}-hours`}
              name="caseShareHours"
              type="number"
              min={1}
              max={720}
              step={1}
              required
              value={draft.caseShareHours}
              aria-describedby={`${id}-hours-hint`}
              onChange={(event) => change({ caseShareHours: event.target.value })}
            />
            <p id={`${id}-hours-hint`} className="field__hint">
              {t('privacySettings.caseShareHoursHint')}
            </p>
          </div>
          <fieldset className="admin-checklist">
            <legend>{t('privacySettings.retention')}</legend>
            <label className="admin-check">
              <input
                type="checkbox"
                name="keepForever"
                checked={draft.keepForever}
                onChange={(event) => change({ keepForever: event.target.checked })}
              />
              {t('privacySettings.keepForever')}
            </label>
            {!draft.keepForever && (
              <>
                <div className="field">
                  <label htmlFor={`${id}-months`}>{t('privacySettings.retentionMonths')}</label>
                  <input
                    id={`${id}-months`}
                    name="retentionMonths"
                    type="number"
                    min={1}
                    max={1200}
                    step={1}
                    required
                    value={draft.retentionMonths}
                    onChange={(event) => change({ retentionMonths: event.target.value })}
                  />
                </div>
                {policy('retentionAction', draft.retentionAction, (value) =>
                  change({ retentionAction: value }),
                )}
              </>
            )}
            <p className="field__hint">{t('privacySettings.retentionHint')}</p>
          </fieldset>
          <Outcome action={action} />
          <div className="admin-form__actions">
            <button type="submit" className="button button--primary" disabled={action.busy}>
              {action.busy ? t('admin.saving') : t('admin.save')}
            </button>
          </div>
        </form>
      </div>
      <div className="admin-column">
        <section className="admin-card" aria-labelledby={`${id}-runs`}>
          <h2 id={`${id}-runs`}>{t('privacySettings.runs')}</h2>
          {!runs.data ? (
            <LoadState error={runs.error} />
          ) : runs.data.items.length === 0 ? (
            <p className="muted">{t('privacySettings.noRuns')}</p>
          ) : (
            <ul className="retention-runs">
              {runs.data.items.map((run) => (
                <li key={run.id}>
                  <strong>{run.date}</strong>{' '}
                  {run.cutoff === null
                    ? t('privacySettings.runKept')
                    : t('privacySettings.runDone', {
                        count: run.counts.retainedConversations ?? 0,
                        action: t(`privacySettings.retentionPolicy.${run.action ?? 'delete'}`),
                        cutoff: fullTime(run.cutoff, i18n.language),
                      })}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
