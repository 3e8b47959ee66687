import { describe, expect, it } from 'vitest';
import { answerExcerpt, planAutoAnswer, type AutoAnswerFacts } from './auto-answers.ts';

/** A plain new question in a conversation nobody has touched: the bot may look it up. */
const question: AutoAnswerFacts = {
  enabled: true,
  isLatestInbound: true,
  alreadyAnswered: false,
  assigned: false,
  agentReplied: false,
  pendingAnswer: false,
  reply: null,
  complaint: { isComplaint: false, cues: [] },
  asksForPerson: false,
};

describe('planAutoAnswer (the job decision table)', () => {
  it.each<[string, Partial<AutoAnswerFacts>, ReturnType<typeof planAutoAnswer>]>([
    ['a new question is assessed', {}, { action: 'assess' }],
    ['automatic answers off', { enabled: false }, { action: 'skip', reason: 'disabled' }],
    ['a retried job', { alreadyAnswered: true }, { action: 'skip', reason: 'already-answered' }],
    ['a newer customer message exists', { isLatestInbound: false }, { action: 'skip', reason: 'not-latest' }],
    ['assigned to a person', { assigned: true }, { action: 'skip', reason: 'assigned' }],
    ['an agent has replied', { agentReplied: true }, { action: 'skip', reason: 'agent-replied' }],
    [
      'a complaint is flagged, never answered',
      { complaint: { isComplaint: true, cues: ['complaint'] } },
      { action: 'flag-complaint', cues: ['complaint'] },
    ],
    [
      'an angry "nein" to an automatic answer is a complaint first',
      { pendingAnswer: true, reply: 'no', complaint: { isComplaint: true, cues: ['exclamations'] } },
      { action: 'flag-complaint', cues: ['exclamations'] },
    ],
    ['"ja" after an automatic answer', { pendingAnswer: true, reply: 'yes' }, { action: 'record-helpful' }],
    [
      '"nein" after an automatic answer',
      { pendingAnswer: true, reply: 'no' },
      { action: 'handover', reason: 'not-helpful' },
    ],
    ['"ja" without an automatic answer is just a message', { reply: 'yes' }, { action: 'assess' }],
    ['asks for a person', { asksForPerson: true }, { action: 'handover', reason: 'asks-for-person' }],
    [
      'asks for a person after an automatic answer',
      { pendingAnswer: true, asksForPerson: true },
      { action: 'handover', reason: 'asks-for-person' },
    ],
    ['a new question after an automatic answer', { pendingAnswer: true }, { action: 'assess' }],
    [
      'an agent on it beats everything the customer says',
      { agentReplied: true, complaint: { isComplaint: true, cues: ['anger'] }, asksForPerson: true },
      { action: 'skip', reason: 'agent-replied' },
    ],
  ])('%s', (_name, facts, expected) => {
    expect(planAutoAnswer({ ...question, ...facts })).toEqual(expected);
  });
});

describe('answerExcerpt', () => {
  it('takes the first paragraph, skipping headings and raw HTML', () => {
    expect(answerExcerpt('# Lieferung\n\n<div>x</div>\n\nWir liefern in **2 Tagen**.\n\nMehr Text.')).toBe(
      'Wir liefern in **2 Tagen**.',
    );
  });
  it('cuts a long paragraph at a word', () => {
    const excerpt = answerExcerpt('wort '.repeat(300), 50);
    expect(excerpt.length).toBeLessThanOrEqual(52);
    expect(excerpt.endsWith(' …')).toBe(true);
  });
  it('is empty for an empty body', () => {
    expect(answerExcerpt('')).toBe('');
  });
});
