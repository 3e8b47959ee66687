/**
 * A web chat inbox's proactive invitations: each rule's message and conditions. Saved as a whole
 * list (the server replaces it); an empty field means "no such condition".
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminApi, WebchatSettings } from './api.ts';
import { useAction } from './hooks.ts';
import { Outcome } from './Outcome.tsx';

type Rule = WebchatSettings['proactiveRules'][number];

/** A rule as the form holds it: every field text, so a half-typed number is not lost. */
interface RuleForm {
  id: string;
  enabled: boolean;
  messageDe: string;
  messageEn: string;
  urlPattern: string;
  minSecondsOnPage: string;
  minVisits: string;
  eventName: string;
  eventMinValue: string;
}

const text = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : String(value);
const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value));
const textOrNull = (value: string) => (value.trim() === '' ? null : value.trim());

const formOf = (rule: Rule): RuleForm => ({
  id: rule.id,
  enabled: rule.enabled,
  messageDe: rule.message.de ?? '',
  messageEn: rule.message.en ?? '',
  urlPattern: rule.urlPattern ?? '',
  minSecondsOnPage: text(rule.minSecondsOnPage),
  minVisits: text(rule.minVisits),
  eventName: rule.event?.name ?? '',
  eventMinValue: text(rule.event?.minValue),
});

const ruleOf = (form: RuleForm): Rule => ({
  id: form.id,
  enabled: form.enabled,
  message: { de: textOrNull(form.messageDe), en: textOrNull(form.messageEn) },
  urlPattern: textOrNull(form.urlPattern),
  minSecondsOnPage: numberOrNull(form.minSecondsOnPage),
  minVisits: numberOrNull(form.minVisits),
  event: form.eventName.trim()
    ? { name: form.eventName.trim(), minValue: numberOrNull(form.eventMinValue) }
    : null,
});

/** Ids only name a rule to the widget's memory ("shown today"); random is enough. */
const newRuleId = () => `rule-${crypto.randomUUID().slice(0, 8)}`;

export interface ProactiveRulesEditorProps {
  api: AdminApi;
  settings: WebchatSettings;
  onSaved: (settings: WebchatSettings) => void;
}

export function ProactiveRulesEditor({ api, settings, onSaved }: ProactiveRulesEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const [rules, setRules] = useState(() => settings.proactiveRules.map(formOf));
  const action = useAction();

  const change = (index: number, update: Partial<RuleForm>) =>
    setRules((current) => current.map((rule, i) => (i === index ? { ...rule, ...update } : rule)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    await action.run(async () => {
      const saved = await api.updateWebchat(settings.inboxId, { proactiveRules: rules.map(ruleOf) });
      setRules(saved.proactiveRules.map(formOf));
      onSaved(saved);
    });
  }

  function add() {
    setRules((current) => [
      ...current,
      {
        id: newRuleId(),
        enabled: true,
        messageDe: '',
        messageEn: '',
        urlPattern: '',
        minSecondsOnPage: '30',
        minVisits: '',
        eventName: '',
        eventMinValue: '',
      },
    ]);
  }

  return (
    <form
      className="admin-card admin-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-title`}
      data-proactive-rules=""
    >
      <h3 id={`${id}-title`}>{t('admin.rules.title')}</h3>
      <p className="muted">{t('admin.rules.hint')}</p>
      {rules.length === 0 && <p className="muted">{t('admin.rules.empty')}</p>}
      {rules.map((rule, index) => {
        const field = (name: string) => `${id}-${index}-${name}`;
        const number = index + 1;
        return (
          <fieldset key={rule.id} className="rule">
            <legend>{t('admin.rules.rule', { number })}</legend>
            <div className="rule__head">
              <label className="admin-check">
                <input
                  type="checkbox"
                  checked={rule.enabled}
                  onChange={(event) => change(index, { enabled: event.target.checked })}
                />
                {t('admin.rules.enabled')}
              </label>
              <button
                type="button"
                className="button"
                onClick={() => setRules((current) => current.filter((_, i) => i !== index))}
              >
                {t('admin.rules.remove', { number })}
              </button>
            </div>
            <div className="admin-form__row">
              <div className="field">
                <label htmlFor={field('de')}>{t('admin.rules.messageDe')}</label>
                <textarea
                  id={field('de')}
                  lang="de"
                  rows={2}
                  maxLength={1000}
                  value={rule.messageDe}
                  onChange={(event) => change(index, { messageDe: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={field('en')}>{t('admin.rules.messageEn')}</label>
                <textarea
                  id={field('en')}
                  lang="en"
                  rows={2}
                  maxLength={1000}
                  value={rule.messageEn}
                  onChange={(event) => change(index, { messageEn: event.target.value })}
                />
              </div>
            </div>
            <div className="field">
              <label htmlFor={field('url')}>{t('admin.rules.urlPattern')}</label>
              <input
                id={field('url')}
                value={rule.urlPattern}
                maxLength={500}
                spellCheck={false}
                aria-describedby={field('url-hint')}
                onChange={(event) => change(index, { urlPattern: event.target.value })}
              />
              <p id={field('url-hint')} className="field__hint">
                {t('admin.rules.urlPatternHint')}
              </p>
            </div>
            <div className="admin-form__row">
              <div className="field">
                <label htmlFor={field('seconds')}>{t('admin.rules.minSeconds')}</label>
                <input
                  id={field('seconds')}
                  type="number"
                  min={0}
                  max={3600}
                  value={rule.minSecondsOnPage}
                  onChange={(event) => change(index, { minSecondsOnPage: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={field('visits')}>{t('admin.rules.minVisits')}</label>
                <input
                  id={field('visits')}
                  type="number"
                  min={1}
                  max={1000}
                  value={rule.minVisits}
                  onChange={(event) => change(index, { minVisits: event.target.value })}
                />
              </div>
            </div>
            <div className="admin-form__row">
              <div className="field">
                <label htmlFor={field('event')}>{t('admin.rules.eventName')}</label>
                <input
                  id={field('event')}
                  value={rule.eventName}
                  maxLength={64}
                  spellCheck={false}
                  aria-describedby={field('event-hint')}
                  onChange={(event) => change(index, { eventName: event.target.value })}
                />
                <p id={field('event-hint')} className="field__hint">
                  {t('admin.rules.eventNameHint')}
                </p>
              </div>
              <div className="field">
                <label htmlFor={field('value')}>{t('admin.rules.eventMinValue')}</label>
                <input
                  id={field('value')}
                  type="number"
                  step="any"
                  disabled={!rule.eventName.trim()}
                  value={rule.eventMinValue}
                  onChange={(event) => change(index, { eventMinValue: event.target.value })}
                />
              </div>
            </div>
          </fieldset>
        );
      })}
      <Outcome action={action} />
      <div className="admin-form__actions">
        <button type="button" className="button" onClick={add} disabled={rules.length >= 20}>
          {t('admin.rules.add')}
        </button>
        <button type="submit" className="button button--primary" disabled={action.busy}>
          {action.busy ? t('admin.saving') : t('admin.save')}
        </button>
      </div>
    </form>
  );
}
