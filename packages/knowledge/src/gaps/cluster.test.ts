import { beforeAll, describe, expect, it } from 'vitest';
import { TextAnalyzer } from '../text/analyzer.ts';
import { clusterQuestions, type GapQuestion } from './cluster.ts';

let analyzer: TextAnalyzer;
beforeAll(async () => {
  analyzer = await TextAnalyzer.create();
});

const QUESTIONS: GapQuestion[] = [
  { id: 'c01', text: 'Kann ich meine Lieferadresse nach der Bestellung noch ändern?' },
  { id: 'c02', text: 'Wie ändere ich die Lieferadresse meiner Bestellung?' },
  { id: 'c03', text: 'Lieferadresse ändern – geht das noch?' },
  { id: 'c04', text: 'Falsche Adresse angegeben, kann ich die Lieferadresse ändern?' },
  { id: 'c05', text: 'Do you offer gift wrapping?' },
  { id: 'c06', text: 'Can you gift wrap my order?' },
  { id: 'c07', text: 'Is gift wrapping available for orders?' },
  { id: 'c08', text: 'Gibt es einen Studentenrabatt?' },
  { id: 'c09', text: 'Bekomme ich als Student Rabatt?' },
  { id: 'c10', text: 'Warum ist der Himmel blau?' },
  { id: 'c11', text: 'My parcel arrived damaged, what now?' },
  { id: 'c12', text: '🙂🙂🙂' },
];

const ids = (cluster: { questions: GapQuestion[] }) => cluster.questions.map((q) => q.id).sort();

describe('clusterQuestions', () => {
  it('groups paraphrases in German and in English and keeps unrelated questions apart', () => {
    const clusters = clusterQuestions(analyzer, QUESTIONS);
    const groups = clusters.map(ids);
    expect(groups).toContainEqual(['c01', 'c02', 'c03', 'c04']);
    expect(groups).toContainEqual(['c05', 'c06', 'c07']);
    expect(groups).toContainEqual(['c08', 'c09']);
    // One-off questions (and emoji-only text) are no recurring gap.
    for (const lonely of ['c10', 'c11', 'c12']) expect(groups.flat()).not.toContain(lonely);
    expect(clusters).toHaveLength(3);
  });

  it('sorts by size and labels each cluster with the words customers used', () => {
    const [address, gift] = clusterQuestions(analyzer, QUESTIONS);
    expect(address!.questions).toHaveLength(4);
    expect(address!.terms).toContain('lieferadresse');
    expect(address!.label).toMatch(/^lieferadresse · /);
    expect(gift!.terms).toEqual(expect.arrayContaining(['gift']));
    // The typical question is a member, listed first.
    expect(address!.questions[0]).toEqual(address!.typical);
  });

  it('gives the same clusters and ids whatever the input order', () => {
    const first = clusterQuestions(analyzer, QUESTIONS);
    const shuffled = [...QUESTIONS].reverse();
    shuffled.push(shuffled.splice(3, 1)[0]!);
    const second = clusterQuestions(analyzer, shuffled);
    expect(second).toEqual(first);
    expect(new Set(first.map((c) => c.id)).size).toBe(first.length);
    expect(first[0]!.id).toMatch(/^gap-[0-9a-z]+$/);
  });

  it('answers nothing for no questions, and honours minSize', () => {
    expect(clusterQuestions(analyzer, [])).toEqual([]);
    expect(clusterQuestions(analyzer, QUESTIONS, { minSize: 3 }).map(ids)).toEqual([
      ['c01', 'c02', 'c03', 'c04'],
      ['c05', 'c06', 'c07'],
    ]);
    // Emoji-only text has no terms: it is in no cluster, not even a single one.
    const singles = clusterQuestions(analyzer, QUESTIONS, { minSize: 1 });
    expect(singles.map(ids).flat()).not.toContain('c12');
  });

  it('clusters 5,000 questions in bounded time', () => {
    const topics = [
      ['Wie ändere ich meine Lieferadresse', 'Lieferadresse ändern bitte', 'Adresse der Lieferung falsch'],
      ['Do you ship to Canada', 'Shipping to Canada possible', 'Can I get delivery in Canada'],
      ['Wo ist meine Rechnung', 'Rechnung fehlt', 'Ich brauche eine Kopie der Rechnung'],
      ['How do I cancel my subscription', 'Cancel subscription now', 'Stop my subscription please'],
    ];
    const many: GapQuestion[] = [];
    for (let i = 0; i < 5000; i++) {
      const topic = topics[i % topics.length]!;
      // A number per question: every vector is distinct, as real questions are.
      many.push({ id: `q${String(i).padStart(5, '0')}`, text: `${topic[i % 3]} ${i} ref${i}x` });
    }
    const clusters = clusterQuestions(analyzer, many);
    expect(clusters.length).toBeGreaterThanOrEqual(4);
    expect(clusters.reduce((sum, c) => sum + c.questions.length, 0)).toBeGreaterThan(4000);
    // Every cluster holds one topic only.
    for (const cluster of clusters) {
      const topicsIn = new Set(cluster.questions.map((q) => Number(q.id.slice(1)) % topics.length));
      expect(topicsIn.size).toBe(1);
    }
    // The bound is the test's timeout (no timed assertion): generous for a shared CI machine, while a
    // quadratic pass over 5,000 questions would blow it.
  }, 20_000);
});
