import { TextAnalyzer } from '@sofortdesk/knowledge';
import { describe, expect, it } from 'vitest';
import { scoreLexicon, urgencyCues } from './lexicon.ts';
import { analyzeSentiment, lexiconSentiment, SentimentModel, type LabelledSentiment } from './sentiment.ts';

describe('sentiment lexicon', () => {
  it('reads German and English polarity', () => {
    expect(lexiconSentiment('Der Service war super, vielen Dank!').sentiment).toBe('positive');
    expect(lexiconSentiment('The support was great and helpful').sentiment).toBe('positive');
    expect(lexiconSentiment('Der Zug ist wieder verspätet, schlechter Service').sentiment).toBe('negative');
    expect(lexiconSentiment('This is terrible, the app is broken').sentiment).toBe('negative');
    expect(lexiconSentiment('Ich habe eine Frage zu meiner Rechnung').sentiment).toBe('neutral');
  });

  it('flips negated words: "nicht gut" is negative, "kein Problem" is not', () => {
    expect(lexiconSentiment('Das war nicht gut').sentiment).toBe('negative');
    expect(scoreLexicon('Das war nicht gut').hits).toEqual(['-gut']);
    expect(lexiconSentiment('That was not good at all').sentiment).toBe('negative');
    expect(lexiconSentiment('Kein Problem, danke').sentiment).toBe('positive');
    expect(lexiconSentiment("not bad, doesn't matter").sentiment).not.toBe('negative');
  });

  it('leaves look-alikes alone ("schon", "Gutschein")', () => {
    expect(scoreLexicon('Ich habe schon einen Gutschein').hits).toEqual([]);
  });

  it('names anger (through the complaint detector) and urgency cues', () => {
    const angry = lexiconSentiment('Das ist eine Frechheit!!! Ich brauche das dringend, heute noch.');
    expect(angry.anger).toBe(true);
    expect(angry.angerCues).toContain('anger');
    expect(angry.sentiment).toBe('negative');
    expect(angry.urgent).toBe(true);
    expect(angry.urgencyCues).toEqual(expect.arrayContaining(['dringend', 'heute noch']));
    expect(urgencyCues('Please fix this ASAP')).toEqual(['asap']);
    expect(lexiconSentiment('Wie ändere ich meine Adresse?').urgent).toBe(false);
  });
});

describe('SentimentModel', () => {
  const analyzer = new TextAnalyzer();
  const phrases: Record<LabelledSentiment['sentiment'], string[]> = {
    negative: [
      'zug wieder ausgefallen',
      'bahn chaos heute',
      'stundenlang gewartet',
      'klimaanlage kaputt im zug',
    ],
    neutral: [
      'fahrplan für morgen',
      'neue strecke eröffnet',
      'bahnhof wird umgebaut',
      'ticket gekauft für berlin',
    ],
    positive: [
      'netter schaffner heute',
      'pünktlich angekommen danke',
      'schöne fahrt gehabt',
      'tolles bordbistro',
    ],
  };
  const examples = Object.entries(phrases).flatMap(([sentiment, texts]) =>
    texts.flatMap((text) =>
      ['', 'db: ', 'heute ', '@bahn '].map((lead) => ({
        text: `${lead}${text}`,
        sentiment: sentiment as LabelledSentiment['sentiment'],
      })),
    ),
  );
  const model = SentimentModel.train(analyzer, examples, { seed: 2 });

  it("learns an account's labelled data", () => {
    expect(model.analyze('der zug ist ausgefallen').sentiment).toBe('negative');
    expect(model.analyze('neue strecke nach berlin').sentiment).toBe('neutral');
    expect(model.analyze('der schaffner war nett').sentiment).toBe('positive');
    expect(model.analyze('der zug ist ausgefallen').source).toBe('model');
  });

  it('falls back to the lexicon without a model', () => {
    expect(analyzeSentiment('great, thanks').source).toBe('lexicon');
    expect(analyzeSentiment('great, thanks', model).source).toBe('model');
  });
});
