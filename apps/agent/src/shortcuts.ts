/** The workspace's keyboard shortcuts: single keys, as in mail clients, never while typing. */
export type Shortcut = 'next' | 'previous' | 'reply' | 'note' | 'resolve' | 'assign' | 'help';

export const SHORTCUTS: readonly { key: string; shortcut: Shortcut }[] = [
  { key: 'j', shortcut: 'next' },
  { key: 'k', shortcut: 'previous' },
  { key: 'r', shortcut: 'reply' },
  { key: 'n', shortcut: 'note' },
  { key: 'e', shortcut: 'resolve' },
  { key: 'a', shortcut: 'assign' },
  { key: '?', shortcut: 'help' },
];

const BY_KEY = new Map(SHORTCUTS.map((s) => [s.key, s.shortcut]));

/** Inputs one does not type into: a shortcut there is no typing mistake. */
const NOT_TYPED = new Set(['radio', 'checkbox', 'button', 'submit', 'reset']);

interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
  defaultPrevented: boolean;
  target: EventTarget | null;
}

/** Not while typing (fields, editable text), with a modifier, or when something handled the key. */
export function isShortcutTarget(event: KeyEventLike): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing)
    return false;
  const target = event.target as { tagName?: string; type?: string; isContentEditable?: boolean } | null;
  if (!target) return true;
  if (target.isContentEditable) return false;
  if (target.tagName === 'INPUT') return NOT_TYPED.has(target.type ?? '');
  return !['TEXTAREA', 'SELECT'].includes(target.tagName ?? '');
}

export function shortcutFor(event: Pick<KeyEventLike, 'key'>): Shortcut | undefined {
  return BY_KEY.get(event.key);
}
