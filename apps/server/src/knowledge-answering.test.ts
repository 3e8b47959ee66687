import { describe, expect, it } from 'vitest';
import type { Article, AutomaticAnswerSettings, KnowledgeRepository } from '@sofortdesk/domain';
import { EngineKnowledgeAnswering, snippetOf } from './knowledge-answering.ts';
import { PublicArticleSearch } from './knowledge-search.ts';

let sequence = 0;
const article = (title: string, body: string, fields: Partial<Article> = {}): Article => {
  const id = `a${++sequence}`;
  return {
    id,
    accountId: 'acc',
    collectionId: 'col',
    translationGroup: id,
    language: 'de',
    title,
    body,
    alternativeQuestions: [],
    tags: [],
    visibility: 'public',
    version: 1,
    createdAt: '2026-11-23T00:00:00.000Z',
    updatedAt: '2026-11-23T00:00:00.000Z',
    updatedBy: 'u',
    ...fields,
  };
};

const ARTICLES = [
  article(
    'Wie ändere ich mein Passwort?',
    'Öffnen Sie **Einstellungen → Sicherheit** und wählen Sie „Passwort ändern“. Sie bekommen eine E-Mail zur Bestätigung.',
    { alternativeQuestions: ['Passwort vergessen', 'Kennwort zurücksetzen'] },
  ),
  article(
    'Wie storniere ich meine Buchung?',
    'Unter **Meine Buchungen → Stornieren**. Bis 48 Stunden vor der Abholung ist die Stornierung kostenlos.',
    { alternativeQuestions: ['Buchung absagen', 'Reservierung stornieren'] },
  ),
  article(
    'Which documents do I need to pick up the car?',
    "- a valid driving licence\n- an ID card or passport\n- a credit card in the main driver's name",
    { language: 'en', alternativeQuestions: ['What do I need to bring?'] },
  ),
  article('Wo finde ich meine Rechnung?', 'Die Rechnung steht im Kundenkonto unter **Dokumente** als PDF.'),
  article('Interne Kulanzregel für Verspätungen', 'Bis 50 € Gutschrift ohne Rückfrage.', {
    visibility: 'internal',
    alternativeQuestions: ['Gutschrift wegen Verspätung'],
  }),
];

function answering(settings: AutomaticAnswerSettings = { enabled: true, precisionTarget: 0.95 }) {
  const repos = {
    knowledge: {
      listArticles: (_accountId: string, filter: { visibility?: string[] }) =>
        Promise.resolve(ARTICLES.filter((a) => filter.visibility?.includes(a.visibility) ?? true)),
    } as unknown as KnowledgeRepository,
  };
  const search = new PublicArticleSearch(repos);
  return new EngineKnowledgeAnswering(search, {
    autoAnswers: { getSettings: () => Promise.resolve(settings) } as never,
  });
}

describe('EngineKnowledgeAnswering', () => {
  it('answers a question that matches an article closely, citing it, with a calibrated probability', async () => {
    const engine = answering();
    const verdict = await engine.assess('acc', 'Wie kann ich mein Passwort ändern?', {
      audience: 'customer',
    });
    expect(verdict.decision).toBe('answer');
    expect(verdict.articleId).toBe(ARTICLES[0]!.id);
    expect(verdict.probability).toBeGreaterThan(0.78);
    expect(verdict.probability).toBeLessThanOrEqual(1);
    expect(verdict.suggestions[0]).toMatchObject({ articleId: ARTICLES[0]!.id, visibility: 'public' });
    // The runners-up never look surer than the top hit.
    for (const s of verdict.suggestions) expect(s.probability).toBeLessThanOrEqual(verdict.probability);
  }, 30_000);

  it('a stricter precision target answers less', async () => {
    const strict = answering({ enabled: true, precisionTarget: 0.999 });
    const loose = answering({ enabled: true, precisionTarget: 0.5 });
    const question = 'Buchung stornieren kostenlos?';
    const a = await strict.assess('acc', question, { audience: 'customer' });
    const b = await loose.assess('acc', question, { audience: 'customer' });
    expect(a.probability).toBeCloseTo(b.probability, 10);
    expect(b.decision).toBe('answer');
    expect(['suggest', 'abstain', 'answer']).toContain(a.decision);
    if (a.probability < 0.980787) expect(a.decision).not.toBe('answer');
  }, 30_000);

  it('shows internal articles to agents only', async () => {
    const engine = answering();
    const forAgent = await engine.assess('acc', 'Gutschrift wegen Verspätung', { audience: 'agent' });
    expect(forAgent.suggestions.map((s) => s.visibility)).toContain('internal');
    const forCustomer = await engine.assess('acc', 'Gutschrift wegen Verspätung', { audience: 'customer' });
    expect(forCustomer.suggestions.every((s) => s.visibility === 'public')).toBe(true);
    expect(forCustomer.articleId).not.toBe(ARTICLES[4]!.id);
  }, 30_000);

  it.each([
    ['empty', '', 'empty'],
    ['blank', '   \n\t ', 'empty'],
    ['emoji only', '😀🙈🎉👍', 'nothing-to-search'],
    ['binary-looking', '\u0000\u0001\u0002PK\u0003\u0004\uFFFD\uFFFD\u0007\u0008'.repeat(50), 'unreadable'],
  ])(
    '%s text gets a decision, not an error',
    async (_name, text, reason) => {
      const verdict = await answering().assess('acc', text, { audience: 'customer' });
      expect(verdict).toMatchObject({ decision: 'abstain', reason, articleId: null, suggestions: [] });
    },
    30_000,
  );

  it('a 100 KB question or one in another language gets a decision', async () => {
    const engine = answering();
    const long = await engine.assess('acc', 'Passwort '.repeat(12_000), { audience: 'customer' });
    expect(['answer', 'suggest', 'abstain']).toContain(long.decision);
    const french = await engine.assess('acc', 'Où se trouve la gare la plus proche, s’il vous plaît ?', {
      audience: 'customer',
    });
    expect(french.decision).not.toBe('answer');
  }, 30_000);

  it('an account without articles abstains', async () => {
    const search = new PublicArticleSearch({
      knowledge: { listArticles: () => Promise.resolve([]) } as unknown as KnowledgeRepository,
    });
    const engine = new EngineKnowledgeAnswering(search, {
      autoAnswers: { getSettings: () => Promise.resolve({ enabled: true, precisionTarget: 0.95 }) } as never,
    });
    expect(await engine.assess('acc', 'Passwort ändern', { audience: 'agent' })).toMatchObject({
      decision: 'abstain',
      reason: 'no-articles',
    });
  });
});

describe('snippetOf', () => {
  it('makes markdown and HTML a short plain line', () => {
    expect(snippetOf('# Titel\n\n**Fett** und [Link](https://x.test) <script>alert(1)</script>')).toBe(
      'Titel Fett und Link alert(1)',
    );
    expect(snippetOf('wort '.repeat(100), 40).endsWith(' …')).toBe(true);
  });
});
