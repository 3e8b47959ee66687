/**
 * The pre-chat form an admin can switch on: name (optional) and e-mail address (required, checked
 * here and again on the server) before the first message. Labelled fields; a wrong address is
 * announced (aria-invalid, aria-describedby) and gets the focus back.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PreChatAnswers } from './chat.ts';
import type { Strings } from './i18n.ts';

/** Deliberately loose (one @, a dot in the domain, no spaces): the server has the final word. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function PreChatForm({
  strings,
  focus,
  onSubmit,
}: {
  strings: Strings;
  /** Take the focus when shown (not when an invitation opened the window: the page keeps it). */
  focus: boolean;
  onSubmit: (answers: PreChatAnswers) => void;
}) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [invalid, setInvalid] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focus) nameInput.current?.focus();
  }, [focus]);

  const submit = (event: Event) => {
    event.preventDefault();
    const address = email.trim();
    if (!EMAIL.test(address) || address.length > 320) {
      setInvalid(true);
      emailInput.current?.focus();
      return;
    }
    const trimmedName = name.trim().slice(0, 200);
    onSubmit({ email: address, ...(trimmedName && { name: trimmedName }) });
  };

  return (
    <form class="prechat" onSubmit={submit} noValidate>
      <p>{strings.preChatIntro}</p>
      <label for="sofortdesk-name">{strings.name}</label>
      <input
        id="sofortdesk-name"
        ref={nameInput}
        type="text"
        autocomplete="name"
        maxLength={200}
        value={name}
        onInput={(event) => setName(event.currentTarget.value)}
      />
      <label for="sofortdesk-email">{strings.email}</label>
      <input
        id="sofortdesk-email"
        ref={emailInput}
        type="email"
        autocomplete="email"
        required
        maxLength={320}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'sofortdesk-email-error' : undefined}
        value={email}
        onInput={(event) => {
          setEmail(event.currentTarget.value);
          setInvalid(false);
        }}
      />
      {invalid && (
        <p id="sofortdesk-email-error" class="error" role="alert">
          {strings.emailInvalid}
        </p>
      )}
      <button type="submit" class="start">
        {strings.start}
      </button>
    </form>
  );
}
