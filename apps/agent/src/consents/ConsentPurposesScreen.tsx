/**
 * Administration → Consents: the purposes the account asks its customers about. A changed text is a
 * new version (the server keeps the old ones, and each ledger entry names the version it was given
 * for); the key cannot change, because features and entries name it.
 */
import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useLoad } from '../admin/hooks.ts';
import { LoadState, Outcome } from '../admin/Outcome.tsx';
import type { ConsentPurpose, ConsentsApi } from './api.ts';

export function ConsentPurposesScreen({ api }: { api: ConsentsApi }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'de';
  const purposes = useLoad(() => api.purposes().then((result) => result.items), 'consent-purposes');
  const [editing, setEditing] = useState<ConsentPurpose | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  function saved(purpose: ConsentPurpose) {
    purposes.setData((current) =>
      [...(current ?? []).filter((other) => other.id !== purpose.id), purpose].sort((a, b) =>
        a.key.localeCompare(b.key),
      ),
    );
    setEditing(null);
  }

  function edit(purpose: ConsentPurpose) {
    setEditing(purpose);
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('input, textarea')?.focus());
  }

  return (
    <div className="admin-columns admin-columns--wide-first">
      <div className="admin-column">
        <p className="admin__intro">{t('consents.admin.intro')}</p>
        <section className="admin-card" aria-labelledby="consent-purposes-title">
          <h2 id="consent-purposes-title">{t('consents.admin.list')}</h2>
          {!purposes.data ? (
            <LoadState error={purposes.error} />
          ) : purposes.data.length === 0 ? (
            <p className="muted">{t('consents.admin.empty')}</p>
          ) : (
            <ul className="canned-list">
              {purposes.data.map((purpose) => (
                <li key={purpose.id} className="canned-list__item" data-purpose={purpose.key}>
                  <div className="canned-list__head">
                    <code className="canned-list__shortcut">{purpose.key}</code>
                    <span className="canned-list__title">{purpose.texts[language].title}</span>
                    <span className="badge badge--channel">
                      {t('consents.version', { version: purpose.version })}
                    </span>
                    {purpose.perCase && <span className="badge">{t('consents.admin.perCaseBadge')}</span>}
                  </div>
                  <p className="canned-list__text">{purpose.texts[language].text}</p>
                  {purpose.versions.length > 1 && (
                    <details className="consents__versions">
                      <summary>{t('consents.admin.versions', { count: purpose.versions.length })}</summary>
                      <ol>
                        {[...purpose.versions].reverse().map((version) => (
                          <li key={version.version}>
                            <strong>{t('consents.version', { version: version.version })}</strong>{' '}
                            {version.texts[language].title}: {version.texts[language].text}
                          </li>
                        ))}
                      </ol>
                    </details>
                  )}
                  <div className="canned-list__actions">
                    <button type="button" className="button" onClick={() => edit(purpose)}>
                      {t('admin.edit')}
                      <span className="visually-hidden"> {purpose.key}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <div className="admin-column admin-column--narrow">
        <PurposeForm
          key={editing?.id ?? 'new'}
          formRef={formRef}
          api={api}
          purpose={editing}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      </div>
    </div>
  );
}

interface PurposeFormProps {
  formRef: RefObject<HTMLFormElement | null>;
  api: ConsentsApi;
  purpose: ConsentPurpose | null;
  onSaved: (purpose: ConsentPurpose) => void;
  onCancel: () => void;
}

const EMPTY = { title: '', text: '' };

function PurposeForm({ formRef, api, purpose, onSaved, onCancel }: PurposeFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [key, setKey] = useState(purpose?.key ?? '');
  const [texts, setTexts] = useState(purpose?.texts ?? { de: EMPTY, en: EMPTY });
  const [perCase, setPerCase] = useState(purpose?.perCase ?? false);
  const action = useAction();

  const setText = (language: 'de' | 'en', field: 'title' | 'text', value: string) =>
    setTexts((current) => ({ ...current, [language]: { ...current[language], [field]: value } }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    await action.run(async () => {
      onSaved(
        purpose
          ? await api.updatePurpose(purpose.id, { texts, perCase })
          : await api.createPurpose({ key: key.trim(), texts, perCase }),
      );
      if (!purpose) {
        setKey('');
        setTexts({ de: EMPTY, en: EMPTY });
        setPerCase(false);
      }
    });
  }

  return (
    <form
      ref={formRef}
      className="admin-card admin-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`}>
        {purpose ? t('consents.admin.editing', { key: purpose.key }) : t('consents.admin.new')}
      </h2>
      {!purpose && (
        <div className="field">
          <label htmlFor={`${id}-key`}>{t('consents.admin.key')}</label>
          <input
            id={`${id}-key`}
            value={key}
            required
            maxLength={48}
            pattern="[a-z][a-z0-9\-]{1,47}"
            spellCheck={false}
            autoCapitalize="none"
            aria-describedby={`${id}-key-hint`}
            onChange={(event) => setKey(event.target.value)}
          />
          <p id={`${id}-key-hint`} className="field__hint">
            {t('consents.admin.keyHint')}
          </p>
        </div>
      )}
      {(['de', 'en'] as const).map((language) => (
        <fieldset key={language} className="consents__texts">
          <legend>{t(`languages.${language}`)}</legend>
          <div className="field">
            <label htmlFor={`${id}-${language}-title`}>{t('consents.admin.title')}</label>
            <input
              id={`${id}-${language}-title`}
              value={texts[language].title}
              required
              maxLength={120}
              onChange={(event) => setText(language, 'title', event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-${language}-text`}>{t('consents.admin.text')}</label>
            <textarea
              id={`${id}-${language}-text`}
              rows={4}
              value={texts[language].text}
              required
              maxLength={4000}
              onChange={(event) => setText(language, 'text', event.target.value)}
            />
          </div>
        </fieldset>
      ))}
      <label className="consents__per-case">
        <input type="checkbox" checked={perCase} onChange={(event) => setPerCase(event.target.checked)} />{' '}
        {t('consents.admin.perCase')}
      </label>
      {purpose && (
        <p className="field__hint">{t('consents.admin.versionHint', { version: purpose.version })}</p>
      )}
      <Outcome action={action} />
      <div className="admin-form__actions">
        {purpose && (
          <button type="button" className="button" onClick={onCancel}>
            {t('admin.cancel')}
          </button>
        )}
        <button type="submit" className="button button--primary" disabled={action.busy}>
          {action.busy ? t('admin.saving') : purpose ? t('admin.save') : t('admin.create')}
        </button>
      </div>
    </form>
  );
}
