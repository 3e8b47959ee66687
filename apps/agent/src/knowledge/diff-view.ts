/**
 * The version diff as the screen shows it. The server sends each changed field as unchanged, added
 * and removed parts (words for the title, lines for the body, items for lists); here they become
 * rows: the title inline, the body one row per line with long unchanged stretches folded away (a
 * one-word fix in a long article should not need scrolling), lists one row per item.
 */
export type DiffField = 'title' | 'body' | 'alternativeQuestions' | 'tags' | 'visibility';

export interface DiffPart {
  value: string;
  added: boolean;
  removed: boolean;
}

export type RowKind = 'same' | 'added' | 'removed';

export type DiffRow = { kind: RowKind; text: string } | { kind: 'folded'; count: number };

export type FieldView =
  | { field: DiffField; layout: 'inline'; segments: { kind: RowKind; text: string }[] }
  | { field: DiffField; layout: 'rows'; rows: DiffRow[] };

/** Unchanged lines kept around each change in the body. */
export const CONTEXT_LINES = 2;

const kindOf = (part: DiffPart): RowKind => (part.added ? 'added' : part.removed ? 'removed' : 'same');

/** A body part ("line 1\nline 2\n") as its lines; the final line break ends a line, it is no empty line. */
function lines(value: string): string[] {
  const split = value.split('\n');
  if (split.length > 1 && split.at(-1) === '') split.pop();
  return split;
}

/** Folds every run of unchanged rows longer than the context on both of its sides. */
export function foldUnchanged(rows: { kind: RowKind; text: string }[], context = CONTEXT_LINES): DiffRow[] {
  const result: DiffRow[] = [];
  let index = 0;
  while (index < rows.length) {
    const row = rows[index]!;
    if (row.kind !== 'same') {
      result.push(row);
      index++;
      continue;
    }
    let end = index;
    while (end < rows.length && rows[end]!.kind === 'same') end++;
    const run = rows.slice(index, end);
    // Lines before the first change and after the last need context on one side only.
    const keepBefore = index === 0 ? 0 : context;
    const keepAfter = end === rows.length ? 0 : context;
    if (run.length > keepBefore + keepAfter + 1) {
      result.push(...run.slice(0, keepBefore));
      result.push({ kind: 'folded', count: run.length - keepBefore - keepAfter });
      result.push(...run.slice(run.length - keepAfter));
    } else {
      result.push(...run);
    }
    index = end;
  }
  return result;
}

/**
 * A line diff counts "last line" and "last line\n" as different lines, so adding a line at the end
 * shows the line before it as removed and added again. Where removed lines are followed by added
 * ones, lines equal in both at the start or the end of the pair are unchanged.
 */
export function cancelEqualLines(rows: { kind: RowKind; text: string }[]): { kind: RowKind; text: string }[] {
  const result: { kind: RowKind; text: string }[] = [];
  let index = 0;
  while (index < rows.length) {
    if (rows[index]!.kind !== 'removed') {
      result.push(rows[index]!);
      index++;
      continue;
    }
    let middle = index;
    while (middle < rows.length && rows[middle]!.kind === 'removed') middle++;
    let end = middle;
    while (end < rows.length && rows[end]!.kind === 'added') end++;
    const removed = rows.slice(index, middle);
    const added = rows.slice(middle, end);
    const head: { kind: RowKind; text: string }[] = [];
    while (removed.length > 0 && added.length > 0 && removed[0]!.text === added[0]!.text) {
      head.push({ kind: 'same', text: removed.shift()!.text });
      added.shift();
    }
    const tail: { kind: RowKind; text: string }[] = [];
    while (removed.length > 0 && added.length > 0 && removed.at(-1)!.text === added.at(-1)!.text) {
      tail.unshift({ kind: 'same', text: removed.pop()!.text });
      added.pop();
    }
    result.push(...head, ...removed, ...added, ...tail);
    index = end;
  }
  return result;
}

export function fieldView(field: DiffField, parts: DiffPart[]): FieldView {
  if (field === 'title' || field === 'visibility') {
    return {
      field,
      layout: 'inline',
      segments: parts
        .filter((part) => part.value !== '')
        .map((part) => ({ kind: kindOf(part), text: part.value })),
    };
  }
  if (field === 'body') {
    const rows = parts.flatMap((part) => lines(part.value).map((text) => ({ kind: kindOf(part), text })));
    return { field, layout: 'rows', rows: foldUnchanged(cancelEqualLines(rows)) };
  }
  return { field, layout: 'rows', rows: parts.map((part) => ({ kind: kindOf(part), text: part.value })) };
}

/** In the order an editor reads an article: title, body, questions, tags, visibility. */
const ORDER: DiffField[] = ['title', 'body', 'alternativeQuestions', 'tags', 'visibility'];

export function diffView(changes: { field: DiffField; parts: DiffPart[] }[]): FieldView[] {
  return [...changes]
    .sort((a, b) => ORDER.indexOf(a.field) - ORDER.indexOf(b.field))
    .map((change) => fieldView(change.field, change.parts));
}

/** How many rows were added and removed, for the summary line ("+3 −1"). */
export function countChanges(views: FieldView[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const view of views) {
    const items = view.layout === 'inline' ? view.segments : view.rows;
    for (const item of items) {
      if (item.kind === 'added') added++;
      else if (item.kind === 'removed') removed++;
    }
  }
  return { added, removed };
}
