import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TextAnalyzer } from './analyzer.ts';
import { loadThesaurus, Thesaurus, ThesaurusError } from './thesaurus.ts';

const SAMPLE = [
  '# comment',
  '@en',
  'delet\teras:80 remov:40',
  'photo\tpictur:100',
  '@de',
  'losch\tentfern:50',
  '',
].join('\n');

describe('Thesaurus', () => {
  it('parses both languages with weights, strongest first', () => {
    const thesaurus = Thesaurus.parse(SAMPLE);
    expect(thesaurus.size).toEqual({ de: 1, en: 2 });
    expect(thesaurus.synonyms('delet', 'en')).toEqual([
      { term: 'eras', weight: 0.8 },
      { term: 'remov', weight: 0.4 },
    ]);
    expect(thesaurus.synonyms('losch', 'de')).toEqual([{ term: 'entfern', weight: 0.5 }]);
    // Languages do not mix, and an unknown stem has no synonym.
    expect(thesaurus.synonyms('losch', 'en')).toEqual([]);
    expect(thesaurus.synonyms('unknown', 'en')).toEqual([]);
    expect(Thesaurus.empty.synonyms('delet', 'en')).toEqual([]);
  });

  it('finds every stem, first and last included, when the lines come unsorted', () => {
    const stems = ['zeta', 'alpha', 'mid', 'beta', 'omega'];
    const thesaurus = Thesaurus.parse(`@en\n${stems.map((stem) => `${stem}\t${stem}x:100`).join('\n')}\n`);
    for (const stem of stems)
      expect(thesaurus.synonyms(stem, 'en')).toEqual([{ term: `${stem}x`, weight: 1 }]);
    expect(thesaurus.synonyms('aaa', 'en')).toEqual([]);
    expect(thesaurus.synonyms('zzz', 'en')).toEqual([]);
    expect(thesaurus.synonyms('lambda', 'en')).toEqual([]);
  });

  it('loads gzip and plain files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thesaurus-'));
    fs.writeFileSync(path.join(dir, 'plain.txt'), SAMPLE);
    fs.writeFileSync(path.join(dir, 'packed.gz'), zlib.gzipSync(SAMPLE));
    for (const name of ['plain.txt', 'packed.gz']) {
      const thesaurus = await loadThesaurus(path.join(dir, name));
      expect(thesaurus.synonyms('photo', 'en')).toEqual([{ term: 'pictur', weight: 1 }]);
    }
  });

  it('names a missing file and how to regenerate it, instead of searching without synonyms', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir', 'thesaurus.gz');
    const load = loadThesaurus(missing);
    await expect(load).rejects.toBeInstanceOf(ThesaurusError);
    await expect(load).rejects.toThrow(/no-such-dir.*build-thesaurus/s);
  });

  it('ships a thesaurus whose stems are the analyzer’s, English and German', async () => {
    const analyzer = await TextAnalyzer.create({ thesaurus: true });
    const stem = (word: string, language: 'de' | 'en') => analyzer.analyze(word, language).terms[0]!;
    const synonyms = (word: string, language: 'de' | 'en') =>
      analyzer.synonyms(stem(word, language), language).map((synonym) => synonym.term);
    expect(synonyms('delete', 'en')).toContain(stem('erase', 'en'));
    expect(synonyms('retrieve', 'en')).toContain(stem('recover', 'en'));
    expect(synonyms('löschen', 'de')).toContain(stem('entfernen', 'de'));
    // Names are no synonyms of a common word ("ID" is Idaho in WordNet).
    expect(synonyms('id', 'en')).not.toContain(stem('Idaho', 'en'));
    // Without a thesaurus the analyzer knows no synonyms.
    expect(new TextAnalyzer().synonyms(stem('delete', 'en'), 'en')).toEqual([]);
  });
});
