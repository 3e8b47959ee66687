/** Ranking metrics for one query: the ranked ids against the set of relevant ids. */

export interface RankingScores {
  p1: number;
  p5: number;
  hit5: number;
  averagePrecision: number;
  reciprocalRank: number;
}

export function scoreRanking(ranked: readonly string[], relevant: ReadonlySet<string>): RankingScores {
  let found = 0;
  let precisionSum = 0;
  let reciprocalRank = 0;
  let inTop5 = 0;
  ranked.forEach((id, index) => {
    if (!relevant.has(id)) return;
    found += 1;
    precisionSum += found / (index + 1);
    if (reciprocalRank === 0) reciprocalRank = 1 / (index + 1);
    if (index < 5) inTop5 += 1;
  });
  return {
    p1: ranked[0] !== undefined && relevant.has(ranked[0]) ? 1 : 0,
    p5: inTop5 / 5,
    hit5: inTop5 > 0 ? 1 : 0,
    averagePrecision: relevant.size ? precisionSum / relevant.size : 0,
    reciprocalRank,
  };
}

/** The q-quantile (0..1) of a list of numbers. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** FNV-1a, 32 bit: a stable hash for deterministic splits (the same on every machine and run). */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
