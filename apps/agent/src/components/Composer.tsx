/**
 * Reply to the customer or write an internal note: one field, two modes, visibly different. Drafts
 * survive switching conversations (kept per conversation while the page lives). Files (images, PDF)
 * come by the picker, by pasting or by dropping, and are uploaded at once; the server checks them.
 * While a reply is being written, the customer and the other agents are told (typing).
 */
import {
  useEffect,
  useId,
  useRef,
  useState,
  type ClipboardEvent,
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplyOptions } from '../api/client.ts';
import type { Message, UploadedAttachment } from '../api/types.ts';
import { reason } from '../errors.ts';
import { CannedAnswerPicker } from './CannedAnswerPicker.tsx';

const drafts = new Map<string, string>();
/** "Still typing" is said again this often while keys are pressed (the others forget it after 7 s). */
const TYPING_REPEAT_MS = 3_000;
/** Without a key pressed this long, the others are told the typing stopped. */
const TYPING_IDLE_MS = 4_000;
const ACCEPTED = 'image/png,image/jpeg,image/gif,image/webp,application/pdf';

interface PendingFile {
  id: number;
  name: string;
  uploaded?: UploadedAttachment;
  error?: string;
}

let fileSequence = 0;

/** Tells the others while a reply is being written: at the first key, again now and then, and when it stops. */
function useTypingSignal(
  conversationId: string,
  onTyping: (conversationId: string, typing: boolean) => void,
  /** Only replies are announced: switching to a note ends the typing at once. */
  isReply: boolean,
) {
  const lastSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const notify = useRef(onTyping);
  notify.current = onTyping;
  const stop = () => {
    clearTimeout(idle.current);
    idle.current = undefined;
    if (lastSent.current === 0) return;
    lastSent.current = 0;
    notify.current(conversationId, false);
  };
  const typed = () => {
    const now = Date.now();
    if (now - lastSent.current > TYPING_REPEAT_MS) {
      lastSent.current = now;
      notify.current(conversationId, true);
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(stop, TYPING_IDLE_MS);
  };
  // Leaving the conversation ends the typing there.
  const stopRef = useRef(stop);
  stopRef.current = stop;
  useEffect(() => () => stopRef.current(), []);
  useEffect(() => {
    if (!isReply) stopRef.current();
  }, [isReply]);
  return { typed, stop };
}

export interface ComposerProps {
  conversationId: string;
  mode: 'text' | 'note';
  onMode: (mode: 'text' | 'note') => void;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  onSend: (
    text: string,
    kind: 'text' | 'note',
    attachments: string[],
    options?: ReplyOptions,
  ) => Promise<Message>;
  onTyping: (conversationId: string, typing: boolean) => void;
  onUpload: (conversationId: string, file: File) => Promise<UploadedAttachment>;
  onLeave: () => void;
  /** Fills {{contact.name}} in canned answers; null: the contact's name is unknown. */
  contactName?: string | null;
  /** Text to put into the reply (a knowledge suggestion); each new id inserts once. */
  insertion?: { id: number; text: string } | null;
  /**
   * The contact's e-mail address when the reply may go out by mail instead (a web chat visitor who
   * has left); null: no such choice.
   */
  emailTo?: string | null;
}

export function Composer({
  conversationId,
  mode,
  onMode,
  textareaRef,
  onSend,
  onTyping,
  onUpload,
  onLeave,
  contactName = null,
  insertion = null,
  emailTo = null,
}: ComposerProps) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(() => drafts.get(conversationId) ?? '');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [byEmail, setByEmail] = useState(false);
  const sendByEmail = byEmail && mode === 'text' && emailTo !== null;
  const picker = useRef<HTMLInputElement>(null);
  const typing = useTypingSignal(conversationId, onTyping, mode === 'text');
  const uploading = files.some((file) => !file.uploaded && !file.error);
  const ready = files.flatMap((file) => (file.uploaded ? [file.uploaded.key] : []));

  function update(value: string) {
    setText(value);
    if (value) drafts.set(conversationId, value);
    else drafts.delete(conversationId);
    // Only replies are announced: a note is nobody's business but the team's (and never the customer's).
    if (mode === 'text' && value) typing.typed();
    else typing.stop();
  }

  // A suggestion inserted: it becomes (or is added to) the reply, and the agent goes on from there.
  const inserted = useRef(insertion?.id);
  const insertRef = useRef<(text: string) => void>(() => undefined);
  insertRef.current = (added: string) => {
    onMode('text');
    update(text.trim() ? `${text.trimEnd()}\n\n${added}` : added);
    textareaRef.current?.focus();
  };
  useEffect(() => {
    if (!insertion || insertion.id === inserted.current) return;
    inserted.current = insertion.id;
    insertRef.current(insertion.text);
  }, [insertion]);

  function attach(list: Iterable<File>) {
    for (const file of list) {
      const pending: PendingFile = { id: ++fileSequence, name: file.name || t('message.attachment') };
      setFiles((current) => [...current, pending]);
      onUpload(conversationId, file).then(
        (uploaded) =>
          setFiles((current) => current.map((f) => (f.id === pending.id ? { ...f, uploaded } : f))),
        (failure: unknown) =>
          setFiles((current) =>
            current.map((f) => (f.id === pending.id ? { ...f, error: reason(failure, t) } : f)),
          ),
      );
    }
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const pasted = [...event.clipboardData.files];
    if (pasted.length === 0) return;
    event.preventDefault();
    attach(pasted);
  }

  function onDrop(event: DragEvent<HTMLFormElement>) {
    if (event.dataTransfer.files.length === 0) return;
    event.preventDefault();
    attach([...event.dataTransfer.files]);
  }

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if ((!text.trim() && ready.length === 0) || sending || uploading) return;
    setSending(true);
    setError(null);
    typing.stop();
    try {
      await onSend(text, mode, ready, sendByEmail ? { via: 'email' } : undefined);
      update('');
      setFiles([]);
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
      onDragOver={(event) => event.dataTransfer.types.includes('Files') && event.preventDefault()}
      onDrop={onDrop}
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
        onPaste={onPaste}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-keyshortcuts={mode === 'text' ? 'r' : 'n'}
        data-composer=""
      />
      {emailTo !== null && mode === 'text' && (
        <label className="composer__via" title={t('composer.byEmailHint', { address: emailTo })}>
          <input
            type="checkbox"
            checked={byEmail}
            onChange={(event) => setByEmail(event.target.checked)}
            data-composer-via-email=""
          />
          {t('composer.byEmail', { address: emailTo })}
        </label>
      )}
      <CannedAnswerPicker textareaRef={textareaRef} text={text} onChange={update} contactName={contactName} />
      {files.length > 0 && (
        <ul className="composer__files" aria-label={t('composer.attachments')}>
          {files.map((file) => (
            <li
              key={file.id}
              className={file.error ? 'file-chip file-chip--error' : 'file-chip'}
              data-file-state={file.error ? 'failed' : file.uploaded ? 'ready' : 'uploading'}
            >
              {file.error ? (
                <span role="alert">
                  {t('composer.uploadFailed', { name: file.name, reason: file.error })}
                </span>
              ) : file.uploaded ? (
                <span>{file.uploaded.filename}</span>
              ) : (
                <span role="status">{t('composer.uploading', { name: file.name })}</span>
              )}
              <button
                type="button"
                className="file-chip__remove"
                aria-label={t('composer.removeAttachment', { name: file.name })}
                onClick={() => setFiles((current) => current.filter((f) => f.id !== file.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="composer__footer">
        <input
          ref={picker}
          id={`${id}-file`}
          type="file"
          accept={ACCEPTED}
          multiple
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('composer.attach')}
          onChange={(event) => {
            if (event.target.files) attach([...event.target.files]);
            event.target.value = '';
          }}
          data-composer-file=""
        />
        <button
          type="button"
          className="button composer__attach"
          onClick={() => picker.current?.click()}
          title={t('composer.attachHint')}
        >
          {t('composer.attach')}
        </button>
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
          disabled={sending || uploading || (!text.trim() && ready.length === 0)}
        >
          {sending ? t('composer.sending') : mode === 'text' ? t('composer.send') : t('composer.addNote')}
        </button>
      </div>
    </form>
  );
}
