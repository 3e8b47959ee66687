/** Canned answers: the list, and one form to write a new one or change the chosen one. */
import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n/index.ts';
import type { AdminApi, CannedAnswer } from './api.ts';
import { useAction, useLoad } from './hooks.ts';
import { LoadState, Outcome } from './Outcome.tsx';

export function CannedAnswersScreen({ api }: { api: AdminApi }) {
  const { t } = useTranslation();
  const answers = useLoad(() => api.cannedAnswers().then((result) => result.items), 'canned-answers');
  const [editing, setEditing] = useState<CannedAnswer | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const remove = useAction();

  const sorted = (list: CannedAnswer[]) => [...list].sort((a, b) => a.shortcut.localeCompare(b.shortcut));

  function saved(answer: CannedAnswer) {
    answers.setData((current) =>
      sorted([...(current ?? []).filter((other) => other.id !== answer.id), answer]),
    );
    setEditing(null);
  }

  function edit(answer: CannedAnswer) {
    setEditing(answer);
    // The form is beside the list: take the agent there, to the first field.
    requestAnimationFrame(() => formRef.current?.querySelector('input')?.focus());
  }

  async function destroy(answer: CannedAnswer) {
    if (!window.confirm(t('admin.canned.confirmDelete', { shortcut: answer.shortcut }))) return;
    const ok = await remove.run(() => api.deleteCannedAnswer(answer.id));
    if (ok) {
      answers.setData((current) => current?.filter((other) => other.id !== answer.id));
      if (editing?.id === answer.id) setEditing(null);
    }
  }

  return (
    <div className="admin-columns admin-columns--wide-first">
      <div className="admin-column">
        <p className="admin__intro">{t('admin.canned.intro')}</p>
        <section className="admin-card" aria-labelledby="canned-list-title">
          <h2 id="canned-list-title">{t('admin.canned.list')}</h2>
          {!answers.data ? (
            <LoadState error={answers.error} />
          ) : answers.data.length === 0 ? (
            <p className="muted">{t('admin.canned.empty')}</p>
          ) : (
            <ul className="canned-list">
              {answers.data.map((answer) => (
                <li key={answer.id} className="canned-list__item" data-shortcut={answer.shortcut}>
                  <div className="canned-list__head">
                    <code className="canned-list__shortcut">/{answer.shortcut}</code>
                    <span className="canned-list__title">{answer.title}</span>
                    <span className="badge badge--channel">
                      {answer.language ? t(`languages.${answer.language}`) : t('admin.canned.anyLanguage')}
                    </span>
                  </div>
                  <p className="canned-list__text">{answer.text}</p>
                  <div className="canned-list__actions">
                    <button type="button" className="button" onClick={() => edit(answer)}>
                      {t('admin.edit')}
                      <span className="visually-hidden"> /{answer.shortcut}</span>
                    </button>
                    <button type="button" className="button" onClick={() => void destroy(answer)}>
                      {t('admin.delete')}
                      <span className="visually-hidden"> /{answer.shortcut}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {remove.outcome && !remove.outcome.ok && <Outcome action={remove} />}
        </section>
      </div>
      <div className="admin-column admin-column--narrow">
        <CannedAnswerForm
          key={editing?.id ?? 'new'}
          formRef={formRef}
          api={api}
          answer={editing}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      </div>
    </div>
  );
}

interface CannedAnswerFormProps {
  formRef: RefObject<HTMLFormElement | null>;
  api: AdminApi;
  /** null: a new one. */
  answer: CannedAnswer | null;
  onSaved: (answer: CannedAnswer) => void;
  onCancel: () => void;
}

function CannedAnswerForm({ formRef, api, answer, onSaved, onCancel }: CannedAnswerFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [shortcut, setShortcut] = useState(answer?.shortcut ?? '');
  const [title, setTitle] = useState(answer?.title ?? '');
  const [text, setText] = useState(answer?.text ?? '');
  const [language, setLanguage] = useState<Language | null>(answer?.language ?? null);
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    // A leading "/" is how agents think of the shortcut; it is not part of it.
    const fields = { shortcut: shortcut.trim().replace(/^\//, ''), title, text, language };
    await action.run(async () => {
      onSaved(
        answer ? await api.updateCannedAnswer(answer.id, fields) : await api.createCannedAnswer(fields),
      );
      if (!answer) {
        setShortcut('');
        setTitle('');
        setText('');
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
        {answer ? t('admin.canned.editing', { shortcut: answer.shortcut }) : t('admin.canned.new')}
      </h2>
      <div className="field">
        <label htmlFor={`${id}-shortcut`}>{t('admin.canned.shortcut')}</label>
        <input
          id={`${id}-shortcut`}
          value={shortcut}
          required
          maxLength={33}
          pattern="/?[0-9A-Za-zÀ-ÖØ-öø-ÿ_\-]+"
          spellCheck={false}
          autoCapitalize="none"
          aria-describedby={`${id}-shortcut-hint`}
          onChange={(event) => setShortcut(event.target.value)}
        />
        <p id={`${id}-shortcut-hint`} className="field__hint">
          {t('admin.canned.shortcutHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-title-field`}>{t('admin.canned.title')}</label>
        <input
          id={`${id}-title-field`}
          value={title}
          required
          maxLength={100}
          onChange={(event) => setTitle(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-language`}>{t('admin.canned.language')}</label>
        <select
          id={`${id}-language`}
          value={language ?? ''}
          onChange={(event) =>
            setLanguage(
              event.target.value === 'de' || event.target.value === 'en' ? event.target.value : null,
            )
          }
        >
          <option value="">{t('admin.canned.anyLanguage')}</option>
          <option value="de">{t('languages.de')}</option>
          <option value="en">{t('languages.en')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('admin.canned.text')}</label>
        <textarea
          id={`${id}-text`}
          rows={5}
          value={text}
          required
          maxLength={5000}
          aria-describedby={`${id}-text-hint`}
          onChange={(event) => setText(event.target.value)}
        />
        <p id={`${id}-text-hint`} className="field__hint">
          {t('admin.canned.textHint', { placeholder: '{{contact.name}}' })}
        </p>
      </div>
      <Outcome action={action} />
      <div className="admin-form__actions">
        {answer && (
          <button type="button" className="button" onClick={onCancel}>
            {t('admin.cancel')}
          </button>
        )}
        <button type="submit" className="button button--primary" disabled={action.busy}>
          {action.busy ? t('admin.saving') : answer ? t('admin.save') : t('admin.create')}
        </button>
      </div>
    </form>
  );
}
