import { describe, expect, it } from 'vitest';
import { excerpt, renderMarkdown } from './markdown.ts';
import { languageFrom } from './i18n.ts';

describe('renderMarkdown', () => {
  it('renders the safe subset: emphasis, lists, code, links', () => {
    const html = renderMarkdown(
      '**fett** und *kursiv*\n\n- eins\n- zwei\n\n`code` [Hilfe](https://example.test/hilfe)',
    );
    expect(html).toContain('<strong>fett</strong>');
    expect(html).toContain('<em>kursiv</em>');
    expect(html).toContain('<li>eins</li>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain(
      '<a href="https://example.test/hilfe" target="_blank" rel="noopener noreferrer nofollow ugc">Hilfe</a>',
    );
  });

  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['<svg onload=alert(1)>', '&lt;svg onload=alert(1)&gt;'],
    ['<iframe srcdoc="<script>alert(1)</script>">', '&lt;iframe'],
  ])('shows raw HTML %s as text', (source, shown) => {
    const html = renderMarkdown(source);
    expect(html).toContain(shown);
    expect(html).not.toMatch(/<(script|img|svg|iframe)\b/);
  });

  it.each([
    '[klick](javascript:alert(1))',
    '[klick](JaVaScRiPt:alert(1))',
    '[klick](vbscript:msgbox(1))',
    '[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[klick](file:///etc/passwd)',
  ])('makes no link of %s', (source) => {
    expect(renderMarkdown(source)).not.toContain('<a ');
  });

  it('keeps relative links in the same tab', () => {
    expect(renderMarkdown('[mehr](/help/x/de)')).toContain(
      '<a href="/help/x/de" rel="noopener noreferrer nofollow ugc">mehr</a>',
    );
  });
});

describe('excerpt', () => {
  it('gives the first words as plain text, cut at a word', () => {
    expect(excerpt('# Titel\n\n**Wichtig:** [Link](https://x.test) und `code`', 100)).toBe(
      'Titel Wichtig: Link und code',
    );
    expect(excerpt('eins zwei drei vier', 12)).toBe('eins zwei …');
  });
});

describe('languageFrom', () => {
  it.each([
    ['en-GB,en;q=0.9,de;q=0.8', 'en'],
    ['de-AT', 'de'],
    ['fr-FR,en;q=0.5', 'en'],
    ['fr-FR', 'de'],
    [undefined, 'de'],
  ] as const)('%s → %s', (header, language) => {
    expect(languageFrom(header)).toBe(language);
  });
});

describe('excerpt of lists and hyphenated words', () => {
  it('keeps hyphens inside words and punctuation where it was', () => {
    expect(excerpt('In **2–3 Werktagen**, ins EU-Ausland:\n\n- schnell\n- günstig')).toBe(
      'In 2–3 Werktagen, ins EU-Ausland: schnell günstig',
    );
  });
});
