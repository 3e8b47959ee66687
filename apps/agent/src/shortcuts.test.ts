import { describe, expect, it } from 'vitest';
import { isShortcutTarget, shortcutFor } from './shortcuts.ts';

const key = (k: string, over: Record<string, unknown> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  target: null,
  ...over,
});

describe('keyboard shortcuts', () => {
  it('maps the keys', () => {
    expect(['j', 'k', 'r', 'n', 'e', 'a', '?', 'x'].map((k) => shortcutFor(key(k)))).toEqual([
      'next',
      'previous',
      'reply',
      'note',
      'resolve',
      'assign',
      'help',
      undefined,
    ]);
  });

  it('never fires while typing or with a modifier', () => {
    expect(isShortcutTarget(key('j'))).toBe(true);
    expect(isShortcutTarget(key('j', { target: { tagName: 'DIV' } }))).toBe(true);
    expect(isShortcutTarget(key('j', { target: { tagName: 'TEXTAREA' } }))).toBe(false);
    expect(isShortcutTarget(key('j', { target: { tagName: 'INPUT', type: 'text' } }))).toBe(false);
    expect(isShortcutTarget(key('j', { target: { tagName: 'INPUT', type: 'radio' } }))).toBe(true);
    expect(isShortcutTarget(key('j', { target: { tagName: 'SELECT' } }))).toBe(false);
    expect(isShortcutTarget(key('j', { target: { tagName: 'DIV', isContentEditable: true } }))).toBe(false);
    expect(isShortcutTarget(key('r', { ctrlKey: true }))).toBe(false);
    expect(isShortcutTarget(key('r', { metaKey: true }))).toBe(false);
    expect(isShortcutTarget(key('r', { defaultPrevented: true }))).toBe(false);
  });
});
