import { beforeAll, describe, expect, it } from 'vitest';
import { TextAnalyzer } from './analyzer.ts';
import { detectLanguage } from './language.ts';
import { fold, normalize, umlautVariants } from './normalize.ts';

let analyzer: TextAnalyzer;
beforeAll(async () => {
  analyzer = await TextAnalyzer.create();
});

const stems = (text: string, language: 'de' | 'en' | 'auto' = 'de') => {
  const analyzed = analyzer.analyze(text, language);
  return new Set([...analyzed.terms, ...analyzed.expansions]);
};

describe('normalisation', () => {
  it('applies NFKC, case folding and folds umlauts, ß and accents', () => {
    expect(normalize('ＡＢＣ ﬁle')).toBe('abc file');
    expect(fold('straße')).toBe('strasse');
    expect(fold('gärten')).toBe('garten');
    expect(fold('café')).toBe('cafe');
    expect(umlautVariants('gaerten')).toEqual(['garten']);
  });
});

describe('language detection', () => {
  it('names German and English and says unknown for short or empty text', () => {
    expect(detectLanguage('Wie kann ich meine Rechnung als PDF herunterladen?')).toBe('de');
    expect(detectLanguage('How can I download my invoice as a PDF?')).toBe('en');
    expect(detectLanguage('ok')).toBe('unknown');
    expect(detectLanguage('')).toBe('unknown');
    expect(detectLanguage('😀😀😀')).toBe('unknown');
  });
});

describe('TextAnalyzer', () => {
  it('splits German compounds: "Kreditkartenabrechnung" finds "Abrechnung" and "Kreditkarte"', () => {
    const compound = stems('Kreditkartenabrechnung');
    for (const stem of stems('Abrechnung')) expect(compound).toContain(stem);
    for (const stem of stems('Kreditkarte')) expect(compound).toContain(stem);
  });

  it('matches umlaut and ß spellings with their folded forms', () => {
    expect(stems('Gärten')).toEqual(stems('Garten'));
    expect(stems('Straße')).toEqual(stems('STRASSE'));
  });

  it('drops stopwords and stems with Snowball', () => {
    expect(analyzer.analyze('How do I delete my accounts?', 'en').terms).toEqual(['delet', 'account']);
    expect(analyzer.analyze('Wie lösche ich mein Konto?', 'de').terms).toEqual(['losch', 'konto']);
  });

  it('stems text of unknown language both ways', () => {
    const analyzed = analyzer.analyze('Konten accounts', 'unknown');
    expect(analyzed.terms).toContain('account');
    expect(analyzed.expansions).toContain('kont');
  });

  it('survives empty, emoji-only, 100 KB and binary-looking input in bounded time', () => {
    const binary = Array.from({ length: 100_000 }, (_, i) => String.fromCharCode((i * 7919) % 65_536)).join(
      '',
    );
    const inputs = [
      '',
      '   ',
      '😀🙈🎉',
      'Kreditkartenabrechnung '.repeat(5_000),
      binary,
      '\u0000\uFFFF\uD800',
    ];
    const started = performance.now();
    for (const input of inputs) expect(() => analyzer.analyze(input)).not.toThrow();
    expect(analyzer.analyze('😀🙈🎉').terms).toEqual([]);
    // Generous for a busy CI machine; unloaded it takes well under a second.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('joins neighbouring words, stopwords included, for words an article writes as one', () => {
    expect(analyzer.joinedNeighbours('How do I back up my e-mail?', 'en')).toEqual(
      expect.arrayContaining([analyzer.stem('backup', 'en'), analyzer.stem('email', 'en')]),
    );
    expect(analyzer.joinedNeighbours('', 'en')).toEqual([]);
    expect(analyzer.joinedNeighbours('Konto', 'de')).toEqual([]);
  });
});
