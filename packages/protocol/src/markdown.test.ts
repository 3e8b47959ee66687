import { describe, expect, it } from 'vitest';
import {
  parseInline,
  parseMarkdown,
  plainText,
  renderMarkdown,
  safeHref,
  type CreateElement,
} from './markdown.ts';

describe('the safe markdown subset', () => {
  it('reads bold, italic, code, links and bare links', () => {
    expect(
      parseInline('**fett** und *kursiv*, `code` [Hilfe](https://example.com/a?b=1) https://x.example/y.'),
    ).toEqual([
      { type: 'strong', children: [{ type: 'text', text: 'fett' }] },
      { type: 'text', text: ' und ' },
      { type: 'em', children: [{ type: 'text', text: 'kursiv' }] },
      { type: 'text', text: ', ' },
      { type: 'code', text: 'code' },
      { type: 'text', text: ' ' },
      { type: 'link', href: 'https://example.com/a?b=1', children: [{ type: 'text', text: 'Hilfe' }] },
      { type: 'text', text: ' ' },
      {
        type: 'link',
        href: 'https://x.example/y',
        children: [{ type: 'text', text: 'https://x.example/y' }],
      },
      { type: 'text', text: '.' },
    ]);
  });

  it('reads lists, paragraphs and fenced code', () => {
    expect(parseMarkdown('Hallo\nWelt\n\n- eins\n- zwei\n1. a\n```\n<b>x</b>\n```')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'Hallo\nWelt' }] },
      {
        type: 'list',
        ordered: false,
        items: [[{ type: 'text', text: 'eins' }], [{ type: 'text', text: 'zwei' }]],
      },
      { type: 'list', ordered: true, items: [[{ type: 'text', text: 'a' }]] },
      { type: 'code', text: '<b>x</b>' },
    ]);
  });

  it('keeps links to anything but http(s) and mailto as the text that was written', () => {
    for (const target of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '/relative',
      '//evil.example',
    ]) {
      const text = `[x](${target})`;
      expect(parseInline(text), target).toEqual([{ type: 'text', text }]);
    }
    expect(safeHref('mailto:hilfe@example.com')).toBe('mailto:hilfe@example.com');
  });

  it('treats nested brackets, snake_case and unmatched delimiters as text', () => {
    expect(parseInline('[[x](javascript:alert(1))](https://ok.example)')).toEqual([
      {
        type: 'link',
        href: 'https://ok.example/',
        children: [{ type: 'text', text: '[x](javascript:alert(1))' }],
      },
    ]);
    for (const text of [
      'snake_case_name and 2 * 3 * 4 and **open',
      'window.__xss=1 &gt; window.__xss',
      'a__b__c ***',
    ])
      expect(parseInline(text)).toEqual([{ type: 'text', text }]);
  });

  it('stays fast on hostile input', () => {
    const started = performance.now();
    parseMarkdown('*'.repeat(20_000) + '['.repeat(20_000) + '_a'.repeat(10_000));
    parseMarkdown('['.repeat(5_000) + '](https://x.example)' + '`'.repeat(5_000));
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('renderMarkdown', () => {
  /** A hyperscript that builds plain objects, to see exactly what an app's framework would get. */
  type Node = { type: string; props: Record<string, string> | null; children: (Node | string)[] };
  const h: CreateElement<Node> = (type, props, ...children) => ({ type, props, children });

  it('builds elements with text children, links with target and rel', () => {
    const [paragraph, list, code] = renderMarkdown(
      parseMarkdown(
        '**Hallo** <b>x</b> [Hilfe](https://example.test/h)\n\n- eins\n- *zwei*\n\n```\n<script>\n```',
      ),
      h,
    );
    expect(paragraph).toEqual({
      type: 'p',
      props: null,
      children: [
        { type: 'strong', props: null, children: ['Hallo'] },
        ' <b>x</b> ',
        {
          type: 'a',
          props: { href: 'https://example.test/h', target: '_blank', rel: 'noopener noreferrer nofollow' },
          children: ['Hilfe'],
        },
      ],
    });
    expect(list).toEqual({
      type: 'ul',
      props: null,
      children: [
        { type: 'li', props: null, children: ['eins'] },
        { type: 'li', props: null, children: [{ type: 'em', props: null, children: ['zwei'] }] },
      ],
    });
    expect(code).toEqual({
      type: 'pre',
      props: null,
      children: [{ type: 'code', props: null, children: ['<script>'] }],
    });
  });

  it('gives the plain words for previews: no asterisks, link texts, list items as lines', () => {
    expect(
      plainText('Geben Sie die **Flugnummer** an: [Hilfe](https://example.test/h)\n\n- *eins*\n- zwei'),
    ).toBe('Geben Sie die Flugnummer an: Hilfe\neins\nzwei');
    expect(plainText('a * b ** c')).toBe('a * b ** c');
  });
});
