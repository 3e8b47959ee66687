/**
 * Automatic answers: whether the knowledge base answers customers on its own, and how sure it must
 * be (the precision target, shown in percent: 95 % means at most one wrong answer in twenty).
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminApi } from './api.ts';
import { useAction, useLoad } from './hooks.ts';
import { LoadState, Outcome } from './Outcome.tsx';

/** The API's range (0.5..0.999) in percent. */
const MIN_PERCENT = 50;
const MAX_PERCENT = 99.9;

export function AutomaticAnswersScreen({ api }: { api: AdminApi }) {
  const { t } = useTranslation();
  const id = useId();
  const settings = useLoad(() => api.automaticAnswers(), 'automatic-answers');
  const action = useAction();
  // The form's values, taken from the loaded (or just saved) settings while rendering, not in an
  // effect: the form never shows, even for a frame, values the account does not have.
  const [draft, setDraft] = useState<{ enabled: boolean; percent: string; from: unknown }>();
  if (settings.data && draft?.from !== settings.data) {
    setDraft({
      enabled: settings.data.enabled,
      percent: String(Math.round(settings.data.precisionTarget * 1000) / 10),
      from: settings.data,
    });
  }
  const enabled = draft?.enabled ?? false;
  const percent = draft?.percent ?? '';
  const setEnabled = (value: boolean) => setDraft((current) => current && { ...current, enabled: value });
  const setPercent = (value: string) => setDraft((current) => current && { ...current, percent: value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = Number(percent.replace(',', '.'));
    await action.run(async () => {
      const saved = await api.setAutomaticAnswers({ enabled, precisionTarget: value / 100 });
      settings.setData(() => saved);
    });
  }

  if (!settings.data || !draft) return <LoadState error={settings.error} />;
  return (
    <div className="admin-columns">
      <div className="admin-column">
        <p className="admin__intro">{t('admin.autoAnswers.intro')}</p>
        <form
          className="admin-card admin-form"
          onSubmit={(event) => void submit(event)}
          aria-labelledby={`${id}-title`}
          data-testid="automatic-answers-form"
        >
          <h2 id={`${id}-title`}>{t('admin.autoAnswers.title')}</h2>
          <label className="admin-check">
            <input
              type="checkbox"
              name="enabled"
              checked={enabled}
              onChange={(event) => setEnabled(event.target.checked)}
            />
            {t('admin.autoAnswers.enabled')}
          </label>
          <div className="field">
            <label htmlFor={`${id}-precision`}>{t('admin.autoAnswers.precision')}</label>
            <input
              id={`${id}-precision`}
              name="precision"
              type="number"
              inputMode="decimal"
              min={MIN_PERCENT}
              max={MAX_PERCENT}
              step={0.1}
              required
              value={percent}
              aria-describedby={`${id}-precision-hint`}
              onChange={(event) => setPercent(event.target.value)}
            />
            <p id={`${id}-precision-hint`} className="field__hint">
              {t('admin.autoAnswers.precisionHint', { min: MIN_PERCENT, max: MAX_PERCENT })}
            </p>
          </div>
          <p className="field__hint">{t('admin.autoAnswers.never')}</p>
          <Outcome action={action} />
          <div className="admin-form__actions">
            <button type="submit" className="button button--primary" disabled={action.busy}>
              {action.busy ? t('admin.saving') : t('admin.save')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
