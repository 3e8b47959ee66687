/**
 * Term associations learned from training pairs (a customer's question and the item that answered
 * it): when questions with the word `a` keep leading to items that lack `a` but contain `b`, then
 * `a` suggests `b` ("remove" → "delete", and across languages "jahr" → "year"). This carries what
 * was learned to items and phrasings no earlier question reached.
 */

export interface Association {
  term: string;
  /** P(b | a) among the pairs where the item lacked `a`, in (0, 1]. */
  weight: number;
}

export interface LearningExample {
  questionTerms: ReadonlySet<string>;
  itemTerms: ReadonlySet<string>;
}

/** An association needs this many pairs behind it: one pair is an anecdote. */
const MIN_SUPPORT = 2;
const MIN_CONFIDENCE = 0.4;
/** How much likelier `b` must be after `a` than in any item: frequent words associate with everything. */
const MIN_LIFT = 3;
const PER_TERM = 5;

export class TermAssociations {
  private constructor(private readonly table: Map<string, Association[]>) {}

  static readonly none = new TermAssociations(new Map());

  /**
   * @param documentShare the share of all items containing a term (its background rate)
   */
  static learn(
    examples: readonly LearningExample[],
    documentShare: (term: string) => number,
  ): TermAssociations {
    const gaps = new Map<string, number>();
    const together = new Map<string, Map<string, number>>();
    for (const { questionTerms, itemTerms } of examples) {
      for (const a of questionTerms) {
        if (itemTerms.has(a)) continue;
        gaps.set(a, (gaps.get(a) ?? 0) + 1);
        let row = together.get(a);
        if (!row) together.set(a, (row = new Map<string, number>()));
        for (const b of itemTerms) row.set(b, (row.get(b) ?? 0) + 1);
      }
    }
    const table = new Map<string, Association[]>();
    for (const [a, row] of together) {
      const total = gaps.get(a)!;
      if (total < MIN_SUPPORT) continue;
      const found: Association[] = [];
      for (const [b, count] of row) {
        const confidence = count / total;
        if (count < MIN_SUPPORT || confidence < MIN_CONFIDENCE) continue;
        if (confidence < MIN_LIFT * documentShare(b)) continue;
        found.push({ term: b, weight: confidence });
      }
      found.sort((x, y) => y.weight - x.weight || x.term.localeCompare(y.term));
      if (found.length) table.set(a, found.slice(0, PER_TERM));
    }
    return new TermAssociations(table);
  }

  get size(): number {
    return this.table.size;
  }

  of(term: string): readonly Association[] {
    return this.table.get(term) ?? [];
  }
}
