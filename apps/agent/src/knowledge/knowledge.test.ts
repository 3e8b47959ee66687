import { describe, expect, it } from 'vitest';
import {
  changedFields,
  contentOf,
  fold,
  formFrom,
  parseQuestions,
  parseTags,
  searchArticles,
} from './article-form.ts';
import { countChanges, diffView, fieldView, foldUnchanged } from './diff-view.ts';
import { isKnowledgePath, parseRoute, paths } from './routes.ts';
import { comparedRange } from './VersionHistory.tsx';

const part = (value: string, kind: 'same' | 'added' | 'removed' = 'same') => ({
  value,
  added: kind === 'added',
  removed: kind === 'removed',
});

describe('the diff view model', () => {
  it('shows the body one row per line, with the kind of change', () => {
    const view = fieldView('body', [
      part('Eins\nZwei\n'),
      part('Drei\n', 'removed'),
      part('Vier\n', 'added'),
    ]);
    expect(view).toEqual({
      field: 'body',
      layout: 'rows',
      rows: [
        { kind: 'same', text: 'Eins' },
        { kind: 'same', text: 'Zwei' },
        { kind: 'removed', text: 'Drei' },
        { kind: 'added', text: 'Vier' },
      ],
    });
  });

  it('folds long unchanged stretches, keeping two lines of context around each change', () => {
    const same = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ kind: 'same' as const, text: `s${i}` }));
    const rows = [
      ...same(6),
      { kind: 'added' as const, text: 'neu' },
      ...same(8),
      { kind: 'removed' as const, text: 'alt' },
      ...same(1),
    ];
    expect(foldUnchanged(rows)).toEqual([
      { kind: 'folded', count: 4 },
      { kind: 'same', text: 's4' },
      { kind: 'same', text: 's5' },
      { kind: 'added', text: 'neu' },
      { kind: 'same', text: 's0' },
      { kind: 'same', text: 's1' },
      { kind: 'folded', count: 4 },
      { kind: 'same', text: 's6' },
      { kind: 'same', text: 's7' },
      { kind: 'removed', text: 'alt' },
      { kind: 'same', text: 's0' },
    ]);
  });

  it('shows a line added at the end as one added line, not the line before it removed and added again', () => {
    // What a line diff answers when "a\nb" becomes "a\nb\nc": "b" lost its end of text and got a line break.
    const view = fieldView('body', [part('a\n'), part('b', 'removed'), part('b\nc', 'added')]);
    expect(view).toMatchObject({
      rows: [
        { kind: 'same', text: 'a' },
        { kind: 'same', text: 'b' },
        { kind: 'added', text: 'c' },
      ],
    });
  });

  it('never folds a single line away (the marker would be as long as the line)', () => {
    const rows = [
      { kind: 'added' as const, text: 'a' },
      ...['1', '2', '3', '4', '5'].map((text) => ({ kind: 'same' as const, text })),
      { kind: 'added' as const, text: 'b' },
    ];
    expect(foldUnchanged(rows)).toEqual(rows);
  });

  it('keeps the title inline, lists one row per item, and orders fields as the editor does', () => {
    const views = diffView([
      { field: 'tags', parts: [part('alt', 'removed'), part('neu', 'added')] },
      {
        field: 'title',
        parts: [part('Wie '), part('storniere', 'removed'), part('ändere', 'added'), part('')],
      },
    ]);
    expect(views.map((v) => v.field)).toEqual(['title', 'tags']);
    expect(views[0]).toEqual({
      field: 'title',
      layout: 'inline',
      segments: [
        { kind: 'same', text: 'Wie ' },
        { kind: 'removed', text: 'storniere' },
        { kind: 'added', text: 'ändere' },
      ],
    });
    expect(countChanges(views)).toEqual({ added: 2, removed: 2 });
  });
});

describe('the article form', () => {
  const saved = {
    title: 'Stornieren',
    body: 'Text',
    alternativeQuestions: ['Buchung absagen'],
    tags: ['buchung', 'storno'],
    visibility: 'public' as const,
  };

  it('reads tags and questions without blanks or duplicates', () => {
    expect(parseTags(' buchung, Storno ,,storno\nreise ')).toEqual(['buchung', 'Storno', 'reise']);
    expect(parseQuestions('Wie storniere ich?\n\n  Buchung absagen \nwie storniere ich?')).toEqual([
      'Wie storniere ich?',
      'Buchung absagen',
    ]);
  });

  it('sends only what changed, and nothing when the form is as saved', () => {
    const form = formFrom(saved);
    expect(changedFields(saved, form)).toEqual({});
    expect(changedFields(saved, { ...form, tags: 'buchung,  storno ' })).toEqual({});
    expect(changedFields(saved, { ...form, title: ' Stornieren ' })).toEqual({});
    expect(changedFields(saved, { ...form, body: 'Neu', visibility: 'internal' })).toEqual({
      body: 'Neu',
      visibility: 'internal',
    });
    expect(
      changedFields(saved, { ...form, alternativeQuestions: 'Buchung absagen\nReise stornieren' }),
    ).toEqual({
      alternativeQuestions: ['Buchung absagen', 'Reise stornieren'],
    });
    expect(contentOf(form)).toEqual(saved);
  });

  it('finds articles by any field, umlauts folded, title matches first', () => {
    const article = (title: string, body = '', tags: string[] = [], alternativeQuestions: string[] = []) => ({
      title,
      body,
      tags,
      alternativeQuestions,
      visibility: 'public' as const,
      language: 'de' as const,
    });
    const list = [
      article('Rückgabe', 'Die Größe passt nicht? Senden Sie zurück.'),
      article('Größentabelle'),
      article('Versand', '', ['paket']),
      article('Kontakt', '', [], ['Wie erreiche ich euch?']),
    ];
    expect(searchArticles(list, 'grösse').map((a) => a.title)).toEqual(['Größentabelle', 'Rückgabe']);
    expect(searchArticles(list, 'GROESSE').map((a) => a.title)).toEqual(['Größentabelle', 'Rückgabe']);
    expect(searchArticles(list, 'paket').map((a) => a.title)).toEqual(['Versand']);
    expect(searchArticles(list, 'erreiche euch').map((a) => a.title)).toEqual(['Kontakt']);
    expect(searchArticles(list, 'erreiche paket')).toEqual([]);
    expect(searchArticles(list, '  ')).toEqual(list);
    expect(fold('Straße Ärger')).toBe('strasse aerger');
  });
});

describe('the knowledge addresses', () => {
  it('round-trip every screen through the URL', () => {
    const url = (path: string) => {
      const [pathname, search = ''] = path.split('?');
      return parseRoute(pathname!, search);
    };
    expect(url(paths.collection('c 1', { q: 'flug', language: 'en', visibility: 'public' }))).toEqual({
      screen: 'collections',
      collectionId: 'c 1',
      filter: { q: 'flug', language: 'en', visibility: 'public' },
    });
    expect(url(paths.article('a/1'))).toEqual({ screen: 'article', articleId: 'a/1' });
    expect(url(paths.history('a1', { from: 2, to: 5 }))).toEqual({
      screen: 'history',
      articleId: 'a1',
      from: 2,
      to: 5,
    });
    expect(url(paths.newArticle({ collectionId: 'c1', language: 'en', translationOf: 'a1' }))).toEqual({
      screen: 'new',
      collectionId: 'c1',
      language: 'en',
      translationOf: 'a1',
    });
    expect(url(paths.reviews())).toEqual({ screen: 'reviews' });
  });

  it('treats nonsense in the URL as absent, never as an error', () => {
    expect(parseRoute('/knowledge/collections/%E0%A4%A', '?language=fr&visibility=secret')).toEqual({
      screen: 'collections',
      collectionId: null,
      filter: { q: '', language: null, visibility: null },
    });
    expect(parseRoute('/knowledge/articles/a1/history', '?from=-3&to=abc')).toEqual({
      screen: 'history',
      articleId: 'a1',
      from: null,
      to: null,
    });
    expect(isKnowledgePath('/knowledge')).toBe(true);
    expect(isKnowledgePath('/knowledgeable')).toBe(false);
  });

  it('compares the latest change by default and keeps a chosen pair in order', () => {
    expect(comparedRange(4, null, null)).toEqual({ from: 3, to: 4 });
    expect(comparedRange(1, null, null)).toEqual({ from: 1, to: 1 });
    expect(comparedRange(5, 4, 2)).toEqual({ from: 2, to: 4 });
    expect(comparedRange(3, 9, 2)).toEqual({ from: 1, to: 2 });
  });
});
