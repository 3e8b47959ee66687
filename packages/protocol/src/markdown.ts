/**
 * The small, safe markdown subset messages may use: **bold**, *italic*, `code`, [links](https://…),
 * bare https links, lists (- item, 1. item) and fenced code blocks. It parses into a tree of plain
 * data that the apps turn into elements with text children: no HTML string is ever produced, so
 * nothing a customer writes can become markup. Links are only http(s) and mailto; anything else
 * (javascript:, data:, vbscript:, relative) stays visible as the text that was written.
 *
 * Kept free of dependencies: the widget bundles it (`@sofortdesk/protocol/markdown`).
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] };

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'code'; text: string };

/** Emphasis inside emphasis inside a link, and no deeper: enough for people, bounded for machines. */
const MAX_DEPTH = 3;
const LIST_ITEM = /^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;
const FENCE = /^\s{0,3}```/;

/** An absolute http(s) or mailto URL as the browser will read it, or undefined for anything else. */
export function safeHref(raw: string): string | undefined {
  // Browsers drop tabs and line breaks inside URLs ("java\nscript:"): refuse rather than guess.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u0020\u007F-\u009F]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:' && url.protocol !== 'mailto:') return undefined;
  return url.href;
}

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (FENCE.test(line)) {
      const end = lines.findIndex((candidate, j) => j > i && FENCE.test(candidate));
      if (end !== -1) {
        flush();
        blocks.push({ type: 'code', text: lines.slice(i + 1, end).join('\n') });
        i = end;
        continue;
      }
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      const ordered = item[2] !== undefined;
      const previous = blocks.at(-1);
      const inline = parseInline(item[3]!);
      if (previous?.type === 'list' && previous.ordered === ordered && lines[i - 1]?.trim() !== '')
        previous.items.push(inline);
      else blocks.push({ type: 'list', ordered, items: [inline] });
      continue;
    }
    if (line.trim() === '') flush();
    else paragraph.push(line);
  }
  flush();
  return blocks;
}

/** The words of a markdown text without its markup, for one-line previews (lists and blocks as lines). */
export function plainText(source: string): string {
  const inline = (nodes: Inline[]): string =>
    nodes.map((node) => ('children' in node ? inline(node.children) : node.text)).join('');
  return parseMarkdown(source)
    .map((block) =>
      block.type === 'paragraph'
        ? inline(block.children)
        : block.type === 'list'
          ? block.items.map(inline).join('\n')
          : block.text,
    )
    .join('\n');
}

/** Inline markup of one block. Unmatched delimiters are text, as written. */
export function parseInline(text: string, depth = 0, inLink = false): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const emit = (node: Inline) => {
    if (plain) out.push({ type: 'text', text: plain });
    plain = '';
    out.push(node);
  };
  // Where a delimiter has no closing one any more: searching again would only cost time.
  const exhausted = new Map<string, number>();
  const closing = (delimiter: string, from: number): number => {
    const none = exhausted.get(delimiter);
    if (none !== undefined && from >= none) return -1;
    const at = text.indexOf(delimiter, from);
    if (at === -1) exhausted.set(delimiter, from);
    return at;
  };
  const nested = depth < MAX_DEPTH;

  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length && /[\\`*_[\]()]/.test(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = closing('`', i + 1);
      if (end > i + 1) {
        emit({ type: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (nested && (c === '*' || c === '_')) {
      const double = text[i + 1] === c;
      const delimiter = double ? c + c : c;
      const start = i + delimiter.length;
      // "snake_case", "__init__" and "2 * 3" are no emphasis: it must open at a word's start, hugging
      // its text, and a run of delimiters is never split.
      const opens =
        text[start] !== undefined &&
        !/\s/.test(text[start]) &&
        text[start] !== c &&
        text[i - 1] !== c &&
        !isWordChar(text[i - 1]);
      const end = opens ? closing(delimiter, start + 1) : -1;
      const after = text[end + delimiter.length];
      if (end > start && !/\s/.test(text.charAt(end - 1)) && after !== c && !isWordChar(after)) {
        const children = parseInline(text.slice(start, end), depth + 1, inLink);
        emit(double ? { type: 'strong', children } : { type: 'em', children });
        i = end + delimiter.length;
        continue;
      }
    }
    if (c === '[' && !inLink && nested && closing('](', i + 1) !== -1) {
      const link = linkAt(text, i);
      if (link) {
        const href = safeHref(link.url);
        if (href) {
          emit({ type: 'link', href, children: parseInline(link.label, depth + 1, true) });
          i = link.end;
          continue;
        }
        // An unsafe target: the whole thing stays text, so the reader sees what was attempted.
        plain += text.slice(i, link.end);
        i = link.end;
        continue;
      }
    }
    if (!inLink && (c === 'h' || c === 'H') && !isWordChar(text[i - 1])) {
      const bare = /^https?:\/\/[^\s<>"'`]+/i.exec(text.slice(i, i + 2048));
      if (bare) {
        const url = bare[0].replace(/[.,;:!?)\]]+$/, '');
        const href = safeHref(url);
        if (href) {
          emit({ type: 'link', href, children: [{ type: 'text', text: url }] });
          i += url.length;
          continue;
        }
      }
    }
    plain += c;
    i++;
  }
  if (plain) out.push({ type: 'text', text: plain });
  return out;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** `[label](url)` at i: brackets in the label may nest; the url ends at the first unmatched ")". */
function linkAt(text: string, i: number): { label: string; url: string; end: number } | undefined {
  let depth = 0;
  let j = i;
  // Bounded: a label is short; a stray "[" must not make every later one scan the whole text.
  const limit = Math.min(text.length, i + 1000);
  for (; j < limit; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '[') depth++;
    else if (text[j] === ']' && --depth === 0) break;
  }
  if (depth !== 0 || text[j + 1] !== '(') return undefined;
  let parens = 0;
  let k = j + 2;
  const urlLimit = Math.min(text.length, k + 2048);
  for (; k < urlLimit; k++) {
    if (text[k] === '(') parens++;
    else if (text[k] === ')' && parens-- === 0) break;
  }
  if (text[k] !== ')') return undefined;
  return { label: text.slice(i + 1, j), url: text.slice(j + 2, k).trim(), end: k + 1 };
}

/**
 * Any hyperscript function: React's createElement and Preact's h have this shape. String children
 * become text nodes (the framework escapes them), so the tree never turns into markup.
 */
export type CreateElement<N> = (
  type: string,
  props: Record<string, string> | null,
  ...children: (N | string)[]
) => N;

/** The links' attributes: a new tab that gets no handle on the page that opened it. */
const LINK_PROPS = { target: '_blank', rel: 'noopener noreferrer nofollow' } as const;

/**
 * The parsed blocks as elements of the calling app's framework: one renderer for the widget
 * (Preact) and the workspace (React). Children go in as arguments, not arrays, so no keys are needed.
 */
export function renderMarkdown<N>(blocks: Block[], h: CreateElement<N>): N[] {
  const inline = (nodes: Inline[]): (N | string)[] =>
    nodes.map((node) => {
      switch (node.type) {
        case 'text':
          return node.text;
        case 'code':
          return h('code', null, node.text);
        case 'link':
          return h('a', { href: node.href, ...LINK_PROPS }, ...inline(node.children));
        default:
          return h(node.type, null, ...inline(node.children));
      }
    });
  return blocks.map((block) => {
    if (block.type === 'code') return h('pre', null, h('code', null, block.text));
    if (block.type === 'list') {
      return h(
        block.ordered ? 'ol' : 'ul',
        null,
        ...block.items.map((item) => h('li', null, ...inline(item))),
      );
    }
    return h('p', null, ...inline(block.children));
  });
}
