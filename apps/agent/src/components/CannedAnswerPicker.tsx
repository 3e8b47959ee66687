/**
 * Canned answers in the composer: typing "/" and letters at the start of a word opens a listbox of
 * matching answers (ARIA combobox pattern: arrows choose, Enter or Tab inserts, Escape closes), and
 * the chosen one replaces "/word" with its text, {{contact.name}} filled in.
 *
 * The picker enhances the composer's textarea through its ref, as a text expander does: it listens
 * to the field's own events and sets the combobox attributes on it. So the composer only renders
 * <CannedAnswerPicker> beside its field and stays free of the picker's keyboard handling; while the
 * list is open, the picker's key handling runs first and keeps the keys it uses from the composer
 * (Escape closes the list instead of leaving the field).
 */
import {
  createContext,
  use,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/client.ts';
import type { CannedAnswer } from '../api/types.ts';
import { fillPlaceholders, findTrigger, insertAnswer, matchAnswers, type Trigger } from './canned-answers.ts';

/** Answers change rarely: one load serves every conversation for this long, then the next "/" reloads. */
const FRESH_MS = 60_000;

type LoadAnswers = () => Promise<CannedAnswer[]>;

const CannedAnswersContext = createContext<LoadAnswers | null>(null);

/** Loads the account's canned answers when the first "/" asks for them, and shares them. */
export function CannedAnswersProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  const load = useMemo<LoadAnswers>(() => {
    let cached: { at: number; answers: Promise<CannedAnswer[]> } | undefined;
    return () => {
      if (!cached || Date.now() - cached.at > FRESH_MS) {
        const answers = api.cannedAnswers().then((result) => result.items);
        cached = { at: Date.now(), answers };
        // A failed load is tried again next time rather than remembered.
        answers.catch(() => (cached = undefined));
      }
      return cached.answers;
    };
  }, [api]);
  return <CannedAnswersContext value={load}>{children}</CannedAnswersContext>;
}

export interface CannedAnswerPickerProps {
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  /** The composer's text: the picker re-reads the trigger when it changes. */
  text: string;
  /** Sets the composer's text (after an insertion). */
  onChange: (text: string) => void;
  /** Fills {{contact.name}}; null: the placeholder is left out. */
  contactName: string | null;
}

export function CannedAnswerPicker({ textareaRef, text, onChange, contactName }: CannedAnswerPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const listboxId = `${id}-listbox`;
  const load = use(CannedAnswersContext);
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [answers, setAnswers] = useState<CannedAnswer[] | undefined>(undefined);
  const [active, setActive] = useState(0);
  // Escape closes the list for this "/" only; a new "/" opens it again.
  const [dismissed, setDismissed] = useState<number | null>(null);
  const caretAfterInsert = useRef<number | null>(null);

  const matches = useMemo(
    () => (trigger && answers ? matchAnswers(answers, trigger.query, null) : []),
    [answers, trigger],
  );
  const open = trigger !== null && dismissed !== trigger.start && load !== null;
  const activeIndex = Math.min(active, Math.max(matches.length - 1, 0));
  const optionId = (index: number) => `${id}-option-${index}`;

  /** Reads "/word" before the caret from the field itself (its caret is not in React's state). */
  const readTrigger = useCallback(() => {
    const field = textareaRef.current;
    if (!field || field.selectionStart !== field.selectionEnd || document.activeElement !== field) {
      setTrigger(null);
      return;
    }
    const next = findTrigger(field.value, field.selectionStart);
    setTrigger((current) =>
      current?.start === next?.start && current?.query === next?.query ? current : next,
    );
    if (!next) setDismissed(null);
  }, [textareaRef]);

  // The text changed (typed, pasted, inserted): look again.
  useLayoutEffect(() => {
    if (caretAfterInsert.current !== null && textareaRef.current) {
      const caret = caretAfterInsert.current;
      caretAfterInsert.current = null;
      textareaRef.current.setSelectionRange(caret, caret);
    }
    readTrigger();
  }, [text, readTrigger, textareaRef]);

  useEffect(() => setActive(0), [trigger?.query]);

  useEffect(() => {
    if (!open || !load) return;
    let cancelled = false;
    load().then(
      (loaded) => !cancelled && setAnswers(loaded),
      () => !cancelled && setAnswers([]),
    );
    return () => {
      cancelled = true;
    };
  }, [open, load]);

  const insert = useCallback(
    (answer: CannedAnswer) => {
      const field = textareaRef.current;
      if (!field || !trigger) return;
      const result = insertAnswer(field.value, trigger, fillPlaceholders(answer.text, { contactName }));
      caretAfterInsert.current = result.caret;
      setTrigger(null);
      onChange(result.text);
      field.focus();
    },
    [contactName, onChange, textareaRef, trigger],
  );

  // The field's own events: the caret moves without the text changing (arrows, clicks), and the keys
  // the open list uses.
  const state = useRef({ open, matches, activeIndex, insert });
  useLayoutEffect(() => {
    state.current = { open, matches, activeIndex, insert };
  });
  useEffect(() => {
    const field = textareaRef.current;
    if (!field) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const current = state.current;
      if (!current.open || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
      const count = current.matches.length;
      let handled = true;
      if (event.key === 'Escape') {
        setDismissed(findTrigger(field.value, field.selectionStart)?.start ?? null);
      } else if (count === 0) {
        handled = false;
      } else if (event.key === 'ArrowDown') {
        setActive((current.activeIndex + 1) % count);
      } else if (event.key === 'ArrowUp') {
        setActive((current.activeIndex - 1 + count) % count);
      } else if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
        current.insert(current.matches[current.activeIndex]!);
      } else {
        handled = false;
      }
      if (handled) {
        event.preventDefault();
        // Runs before React's handlers (they listen at the root): the composer never sees this key.
        event.stopPropagation();
      }
    };
    const onCaret = () => readTrigger();
    const onBlur = () => setTrigger(null);
    field.addEventListener('keydown', onKeyDown);
    field.addEventListener('keyup', onCaret);
    field.addEventListener('click', onCaret);
    field.addEventListener('focus', onCaret);
    field.addEventListener('blur', onBlur);
    return () => {
      field.removeEventListener('keydown', onKeyDown);
      field.removeEventListener('keyup', onCaret);
      field.removeEventListener('click', onCaret);
      field.removeEventListener('focus', onCaret);
      field.removeEventListener('blur', onBlur);
    };
  }, [readTrigger, textareaRef]);

  // The combobox's state on the field, where assistive technology looks for it.
  const hasOptions = open && matches.length > 0;
  useLayoutEffect(() => {
    const field = textareaRef.current;
    if (!field) return;
    field.setAttribute('role', 'combobox');
    field.setAttribute('aria-autocomplete', 'list');
    field.setAttribute('aria-controls', listboxId);
    field.setAttribute('aria-expanded', String(hasOptions));
    if (hasOptions) field.setAttribute('aria-activedescendant', optionId(activeIndex));
    else field.removeAttribute('aria-activedescendant');
  });
  useEffect(() => {
    const field = textareaRef.current;
    return () => {
      for (const name of [
        'role',
        'aria-autocomplete',
        'aria-controls',
        'aria-expanded',
        'aria-activedescendant',
      ])
        field?.removeAttribute(name);
    };
  }, [textareaRef]);

  if (!open) return null;
  return (
    <div className="canned-picker">
      <p className="canned-picker__status" role="status">
        {answers === undefined
          ? t('canned.loading')
          : matches.length === 0
            ? t('canned.none', { query: trigger.query })
            : t('canned.count', { count: matches.length })}
      </p>
      {matches.length > 0 && (
        <ul id={listboxId} role="listbox" aria-label={t('canned.label')} className="canned-picker__list">
          {matches.map((answer, index) => (
            <li
              key={answer.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? 'canned-option canned-option--active' : 'canned-option'}
              // Keep the focus in the field: a click inserts, the field stays where the agent types.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => insert(answer)}
            >
              <span className="canned-option__shortcut">/{answer.shortcut}</span>
              <span className="canned-option__title">{answer.title}</span>
              <span className="canned-option__text">{fillPlaceholders(answer.text, { contactName })}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
