/**
 * A message's text in the safe markdown subset (@sofortdesk/protocol/markdown), as Preact elements
 * with text children: no HTML is ever parsed, so whatever anyone writes stays characters. Links are
 * http(s) or mailto only and open without handing over the host page (noopener noreferrer).
 */
import { h as preactH, type ComponentChild } from 'preact';
import { useMemo } from 'preact/hooks';
import { parseMarkdown, renderMarkdown, type CreateElement } from '@sofortdesk/protocol/markdown';

const h = preactH as unknown as CreateElement<ComponentChild>;

export function Markdown({ text }: { text: string }) {
  const blocks = useMemo(() => renderMarkdown(parseMarkdown(text), h), [text]);
  // dir="auto": a right-to-left override in the text cannot turn the layout around it.
  return preactH('div', { class: 'md', dir: 'auto' }, ...blocks);
}
