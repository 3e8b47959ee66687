/** A web chat inbox's widget: the embed snippet to copy, its settings, and its identity secret. */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fullTime } from '../format.ts';
import type { AdminApi, RotatedSecret, WebchatSettings } from './api.ts';
import { CopyButton } from './CopyButton.tsx';
import { useAction, useLoad } from './hooks.ts';
import { LoadState, Outcome } from './Outcome.tsx';
import { ProactiveRulesEditor } from './ProactiveRulesEditor.tsx';

export interface WebchatSettingsPanelProps {
  api: AdminApi;
  inboxId: string;
  /** The secret made with the inbox, shown this once. */
  identitySecret: string | null;
}

export function WebchatSettingsPanel({ api, inboxId, identitySecret }: WebchatSettingsPanelProps) {
  const { t } = useTranslation();
  const settings = useLoad(() => api.webchat(inboxId), inboxId);
  if (!settings.data) return <LoadState error={settings.error} />;
  return (
    <>
      <section className="admin-card" aria-labelledby="snippet-title">
        <h3 id="snippet-title">{t('admin.inboxes.snippet')}</h3>
        <p className="muted">{t('admin.inboxes.snippetHint')}</p>
        <pre className="snippet" data-snippet="">
          <code>{settings.data.embedSnippet}</code>
        </pre>
        <CopyButton text={settings.data.embedSnippet} />
      </section>
      <WidgetSettingsForm
        api={api}
        settings={settings.data}
        onSaved={(saved) => settings.setData(() => saved)}
      />
      <ProactiveRulesEditor
        api={api}
        settings={settings.data}
        onSaved={(saved) => settings.setData(() => saved)}
      />
      <IdentitySecret
        api={api}
        settings={settings.data}
        initialSecret={identitySecret}
        onRotated={(rotated) =>
          settings.setData((current) => current && { ...current, secrets: rotated.secrets })
        }
      />
    </>
  );
}

interface WidgetSettingsFormProps {
  api: AdminApi;
  settings: WebchatSettings;
  onSaved: (settings: WebchatSettings) => void;
}

function WidgetSettingsForm({ api, settings, onSaved }: WidgetSettingsFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [origins, setOrigins] = useState(settings.allowedOrigins.join('\n'));
  const [greetingDe, setGreetingDe] = useState(settings.greeting.de ?? '');
  const [greetingEn, setGreetingEn] = useState(settings.greeting.en ?? '');
  const [preChatForm, setPreChatForm] = useState(settings.preChatForm);
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await action.run(async () => {
      const saved = await api.updateWebchat(settings.inboxId, {
        allowedOrigins: origins
          .split(/\s+/)
          .map((origin) => origin.trim())
          .filter(Boolean),
        greeting: { de: greetingDe.trim() || null, en: greetingEn.trim() || null },
        preChatForm,
      });
      setOrigins(saved.allowedOrigins.join('\n'));
      onSaved(saved);
    });
  }

  return (
    <form
      className="admin-card admin-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>{t('admin.inboxes.widget')}</h3>
      <div className="field">
        <label htmlFor={`${id}-origins`}>{t('admin.inboxes.origins')}</label>
        <textarea
          id={`${id}-origins`}
          rows={3}
          value={origins}
          onChange={(event) => setOrigins(event.target.value)}
          aria-describedby={`${id}-origins-hint`}
          spellCheck={false}
        />
        <p id={`${id}-origins-hint`} className="field__hint">
          {t('admin.inboxes.originsHint')}
        </p>
      </div>
      <div className="admin-form__row">
        <div className="field">
          <label htmlFor={`${id}-greeting-de`}>{t('admin.inboxes.greetingDe')}</label>
          <textarea
            id={`${id}-greeting-de`}
            lang="de"
            rows={2}
            maxLength={1000}
            value={greetingDe}
            onChange={(event) => setGreetingDe(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-greeting-en`}>{t('admin.inboxes.greetingEn')}</label>
          <textarea
            id={`${id}-greeting-en`}
            lang="en"
            rows={2}
            maxLength={1000}
            value={greetingEn}
            onChange={(event) => setGreetingEn(event.target.value)}
          />
        </div>
      </div>
      <label className="admin-check">
        <input
          type="checkbox"
          checked={preChatForm}
          onChange={(event) => setPreChatForm(event.target.checked)}
        />
        {t('admin.inboxes.preChatForm')}
      </label>
      <Outcome action={action} />
      <div className="admin-form__actions">
        <button type="submit" className="button button--primary" disabled={action.busy}>
          {action.busy ? t('admin.saving') : t('admin.save')}
        </button>
      </div>
    </form>
  );
}

interface IdentitySecretProps {
  api: AdminApi;
  settings: WebchatSettings;
  initialSecret: string | null;
  onRotated: (rotated: RotatedSecret) => void;
}

function IdentitySecret({ api, settings, initialSecret, onRotated }: IdentitySecretProps) {
  const { t, i18n } = useTranslation();
  const [secret, setSecret] = useState(initialSecret);
  const action = useAction();
  const newest = settings.secrets[0];

  async function rotate() {
    await action.run(async () => {
      const rotated = await api.rotateSecret(settings.inboxId);
      setSecret(rotated.secret);
      onRotated(rotated);
    });
  }

  return (
    <section className="admin-card" aria-labelledby="secret-title">
      <h3 id="secret-title">{t('admin.inboxes.secret')}</h3>
      <p className="muted">{t('admin.inboxes.secretHint')}</p>
      {newest && (
        <p>
          {t('admin.inboxes.secretCount', {
            count: settings.secrets.length,
            date: fullTime(newest.createdAt, i18n.resolvedLanguage ?? 'de'),
          })}
        </p>
      )}
      {secret && (
        <div className="secret" data-secret="">
          <p>{t('admin.inboxes.newSecret')}</p>
          <code>{secret}</code>
          <CopyButton text={secret} />
        </div>
      )}
      <div className="admin-form__actions">
        <span className="field__hint">{t('admin.inboxes.rotateHint')}</span>
        <button type="button" className="button" onClick={() => void rotate()} disabled={action.busy}>
          {t('admin.inboxes.rotate')}
        </button>
      </div>
      {action.outcome && !action.outcome.ok && <Outcome action={action} />}
    </section>
  );
}
