/**
 * Reply to the customer or write an internal note: one field, two modes, visibly different. Drafts
 * survive switching conversations (kept per conversation while the page lives).
 */
import { useId, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../api/types.ts';
import { reason } from '../errors.ts';

const drafts = new Map<string, string>();

export interface ComposerProps {
  conversationId: string;
  mode: 'text' | 'note';
  onMode: (mode: 'text' | 'note') => void;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  onSend: (text: string, kind: 'text' | 'note') => Promise<Message>;
  onLeave: () => void;
}

export function Composer({ conversationId, mode, onMode, textareaRef, onSend, onLeave }: ComposerProps) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(() => drafts.get(conversationId) ?? '');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function update(value: string) {
    setText(value);
    if (value) drafts.set(conversationId, value);
    else drafts.delete(conversationId);
  }

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!text.trim() || sending) return;
    setSending(true);
    setError(null);
    try {
      await onSend(text, mode);
      update('');
    } catch (failure) {
      setError(reason(failure, t));
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onLeave();
    }
  }

  const field = mode === 'text' ? t('composer.replyField') : t('composer.noteField');
  return (
    <form
      className={`composer composer--${mode}`}
      onSubmit={(event) => void submit(event)}
      aria-label={t('composer.label')}
      data-mode={mode}
    >
      <fieldset className="composer__modes">
        <legend className="visually-hidden">{t('composer.mode')}</legend>
        {(['text', 'note'] as const).map((value) => (
          <label key={value} className={mode === value ? 'mode mode--active' : 'mode'}>
            <input
              type="radio"
              name={`${id}-mode`}
              value={value}
              checked={mode === value}
              onChange={() => onMode(value)}
            />
            {value === 'text' ? t('composer.reply') : t('composer.note')}
            <kbd aria-hidden="true">{value === 'text' ? 'r' : 'n'}</kbd>
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {field}
      </label>
      <textarea
        id={`${id}-text`}
        ref={textareaRef}
        className="composer__text"
        rows={3}
        value={text}
        placeholder={mode === 'text' ? t('composer.replyPlaceholder') : t('composer.notePlaceholder')}
        onChange={(event) => update(event.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-keyshortcuts={mode === 'text' ? 'r' : 'n'}
        data-composer=""
      />
      <div className="composer__footer">
        <span id={`${id}-hint`} className="composer__hint">
          {t('composer.hint')}
        </span>
        {error && (
          <p id={`${id}-error`} className="form-error" role="alert">
            {t('composer.error', { reason: error })}
          </p>
        )}
        <button
          type="submit"
          className={mode === 'text' ? 'button button--primary' : 'button button--note'}
          disabled={sending || !text.trim()}
        >
          {sending ? t('composer.sending') : mode === 'text' ? t('composer.send') : t('composer.addNote')}
        </button>
      </div>
    </form>
  );
}
