/**
 * A message's text in the safe markdown subset (@sofortdesk/protocol/markdown), as React elements
 * with text children: no HTML is ever parsed, so whatever a customer writes stays characters.
 * Links open in a new tab without handing over the workspace (noopener noreferrer).
 */
import { createElement, useMemo, type ReactNode } from 'react';
import { parseMarkdown, renderMarkdown, type CreateElement } from '@sofortdesk/protocol/markdown';

const h = createElement as CreateElement<ReactNode>;

export function Markdown({ text, className }: { text: string; className?: string }) {
  const blocks = useMemo(() => renderMarkdown(parseMarkdown(text), h), [text]);
  // dir="auto": a right-to-left override in the text cannot turn the layout around it.
  return createElement('div', { className, dir: 'auto' }, ...blocks);
}
