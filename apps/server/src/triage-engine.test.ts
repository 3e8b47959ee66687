import { describe, expect, it } from 'vitest';
import { TextAnalyzer } from '@sofortdesk/knowledge';
import type { IntentExample, TriageInput } from '@sofortdesk/domain';
import { AccountTriageEngine } from './triage-engine.ts';

const analyzer = TextAnalyzer.create();

function examples(): IntentExample[] {
  const items = [
    'Bestellung',
    'Jacke',
    'Schuhe',
    'Paket',
    'Uhr',
    'Lampe',
    'Tasche',
    'Hose',
    'Kauf',
    'Artikel',
  ];
  const templates: Record<string, string[]> = {
    refund: [
      'Ich möchte mein Geld für die {x} zurück',
      'Bitte erstatten Sie den Betrag für die {x}',
      'Erstattung für {x}',
    ],
    shipping: [
      'Wann wird meine {x} geliefert?',
      'Wo ist meine {x}? Sendungsverfolgung',
      'Versand der {x} dauert',
    ],
    password: ['Passwort vergessen für {x} Konto', 'Kennwort zurücksetzen {x}', 'Login geht nicht {x}'],
    invoice: ['Rechnung für die {x} bitte', 'Wo finde ich die Rechnung der {x}?', 'Rechnungskopie {x}'],
  };
  return Object.entries(templates).flatMap(([label, list]) =>
    list.flatMap((template) => items.map((x) => ({ text: template.replace('{x}', x), label }))),
  );
}

/** A repository double: the examples and a stamp the test changes. */
function fakeRepos(state: { stamp: string; examples: IntentExample[]; trained: number }) {
  return {
    triage: {
      intentExamplesStamp: () => Promise.resolve(state.stamp),
      intentExamples: () => {
        state.trained += 1;
        return Promise.resolve(state.examples);
      },
    },
  } as unknown as ConstructorParameters<typeof AccountTriageEngine>[0];
}

const input = (text: string, over: Partial<TriageInput> = {}): TriageInput => ({
  text,
  fallbackLanguage: 'de',
  attachments: 0,
  analyseContent: true,
  failedAutomaticAnswers: 0,
  ...over,
});

describe('AccountTriageEngine', () => {
  it('computes every signal with consent, and the language only without', async () => {
    const state = { stamp: 'a', examples: examples(), trained: 0 };
    const engine = new AccountTriageEngine(fakeRepos(state), () => analyzer);
    const text = 'Ich bin verärgert: ich möchte mein Geld für die Bestellung zurück, Erstattung bitte!';
    const full = await engine.analyse('acc', input(text));
    expect(full).toMatchObject({ language: 'de', analysed: true, sentiment: 'negative', intent: 'refund' });
    expect(full.complexity).toBeGreaterThan(0);
    const withheld = await engine.analyse('acc', input(text, { analyseContent: false }));
    expect(withheld).toMatchObject({
      language: 'de',
      analysed: false,
      sentiment: null,
      intent: null,
      complexity: null,
      anger: null,
    });
  });

  it('says why a message cannot be read, and lets short texts take the fallback language', async () => {
    const engine = new AccountTriageEngine(
      fakeRepos({ stamp: 'a', examples: [], trained: 0 }),
      () => analyzer,
    );
    expect((await engine.analyse('acc', input('  '))).unreadable).toBe('empty');
    expect((await engine.analyse('acc', input('', { attachments: 1 }))).unreadable).toBe('attachment-only');
    const french = await engine.analyse(
      'acc',
      input("Bonjour, je voudrais savoir quand ma commande arrive s'il vous plaît"),
    );
    expect(french.unreadable).toBe('unsupported-language');
    const short = await engine.analyse('acc', input('ok 12345', { fallbackLanguage: 'en' }));
    expect(short).toMatchObject({ language: 'en', unreadable: null });
  });

  it('answers with no intent without a model, and out of scope', async () => {
    const engine = new AccountTriageEngine(
      fakeRepos({ stamp: 'a', examples: [], trained: 0 }),
      () => analyzer,
    );
    expect((await engine.analyse('acc', input('Ich möchte mein Geld zurück'))).intent).toBeNull();
  });

  it('keeps a model per account, checks its stamp, and retrains in the background when it changed', async () => {
    let now = 0;
    const state = { stamp: 'a', examples: examples(), trained: 0 };
    const engine = new AccountTriageEngine(fakeRepos(state), () => analyzer, {
      freshForMs: 1000,
      now: () => now,
    });
    const first = await engine.intentModel('acc');
    expect(first).not.toBeNull();
    expect(state.trained).toBe(1);
    now = 500;
    expect(await engine.intentModel('acc')).toBe(first);
    now = 2000;
    expect(await engine.intentModel('acc')).toBe(first);
    expect(state.trained).toBe(1);
    // New examples: the old model answers while the new one trains.
    state.stamp = 'b';
    now = 4000;
    expect(await engine.intentModel('acc')).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect.poll(() => state.trained).toBe(2);
    now = 6000;
    await expect
      .poll(async () => (await engine.intentModel('acc')) !== first, { timeout: 20_000 })
      .toBe(true);
    // Another account trains its own.
    await engine.intentModel('other');
    expect(state.trained).toBe(3);
  }, 60_000);
});
