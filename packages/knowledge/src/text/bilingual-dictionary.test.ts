import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BilingualDictionary, DictionaryError, loadBilingualDictionary } from './bilingual-dictionary.ts';
import { TextAnalyzer } from './analyzer.ts';

const SAMPLE = [
  '# comment',
  '@de-en',
  'rechnung\tinvoic:100 bill:50',
  'kund\tcustom:100 client:40',
  '@en-de',
  'invoic\trechnung:100 faktura:50',
  '',
].join('\n');

describe('BilingualDictionary', () => {
  it('parses both directions with weights, dominant sense first', () => {
    const dictionary = BilingualDictionary.parse(SAMPLE);
    expect(dictionary.size).toEqual({ de: 2, en: 1 });
    expect(dictionary.translate('rechnung', 'de')).toEqual([
      { term: 'invoic', weight: 1 },
      { term: 'bill', weight: 0.5 },
    ]);
    expect(dictionary.translate('invoic', 'en').map((t) => t.term)).toEqual(['rechnung', 'faktura']);
    // Directions do not mix, and an unknown stem has no translation.
    expect(dictionary.translate('invoic', 'de')).toEqual([]);
    expect(dictionary.translate('unbekannt', 'de')).toEqual([]);
  });

  it('loads gzip and plain files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dict-'));
    fs.writeFileSync(path.join(dir, 'plain.dict'), SAMPLE);
    fs.writeFileSync(path.join(dir, 'packed.dict.gz'), zlib.gzipSync(SAMPLE));
    for (const name of ['plain.dict', 'packed.dict.gz']) {
      const dictionary = await loadBilingualDictionary(path.join(dir, name));
      expect(dictionary.translate('kund', 'de')[0]).toEqual({ term: 'custom', weight: 1 });
    }
  });

  it('names a missing file and how to regenerate it, instead of searching without translations', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir', 'de-en.dict.gz');
    const load = loadBilingualDictionary(missing);
    await expect(load).rejects.toBeInstanceOf(DictionaryError);
    await expect(load).rejects.toThrow(/no-such-dir.*build-bilingual-dictionary/s);
  });

  it('ships a dictionary whose stems are the analyzer’s: "Rechnung" translates to "invoice"', async () => {
    const analyzer = await TextAnalyzer.create();
    const rechnung = analyzer.analyze('Rechnung', 'de').terms[0]!;
    const invoice = analyzer.analyze('invoice', 'en').terms[0]!;
    expect(analyzer.translate(rechnung, 'de').map((t) => t.term)).toContain(invoice);
    expect(analyzer.translate(invoice, 'en').map((t) => t.term)).toContain(rechnung);
    // Without a dictionary the analyzer translates nothing.
    expect(new TextAnalyzer().translate(rechnung, 'de')).toEqual([]);
  });
});
