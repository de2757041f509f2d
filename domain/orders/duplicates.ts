import type { OrderDoc } from '../model/order';

/**
 * 共性诉求: orders about the same thing from the same building or grid. Similar open orders
 * (same grid, same category, within a window, similar words) are suggested to the handler
 * at submit; a secretary may merge them into one parent order.
 */

export const DUPLICATE_WINDOW_MS = 72 * 3_600_000;
export const SIMILARITY_THRESHOLD = 0.25;
export const MAX_SUGGESTIONS = 5;

/** Character bigrams of the text without punctuation or spaces (works for Chinese without a tokenizer). */
const bigrams = (text: string): Set<string> => {
  const clean = text.replace(/[\s\p{P}\p{S}]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i < clean.length - 1; i++) out.add(clean.slice(i, i + 2));
  if (clean.length === 1) out.add(clean);
  return out;
};

/** Jaccard similarity of the two texts' bigrams, 0…1. */
export const textSimilarity = (a: string, b: string): number => {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  return both / (x.size + y.size - both);
};

export interface DuplicateSuggestion {
  id: string;
  no: string;
  score: number;
  sameBuilding: boolean;
}

/** Ranks candidate open orders (already filtered by grid/category/window in the query) for a new order. */
export const suggestDuplicates = (
  order: Pick<OrderDoc, '_id' | 'description' | 'category' | 'place' | 'submittedAt'>,
  candidates: readonly Pick<OrderDoc, '_id' | 'no' | 'description' | 'category' | 'place' | 'submittedAt' | 'status'>[],
): DuplicateSuggestion[] =>
  candidates
    .filter((c) => c._id !== order._id && c.category === order.category && order.submittedAt - c.submittedAt <= DUPLICATE_WINDOW_MS)
    .map((c) => {
      const sameBuilding = c.place.buildingId !== null && c.place.buildingId === order.place.buildingId;
      const score = textSimilarity(order.description, c.description) + (sameBuilding ? 0.1 : 0);
      return { id: c._id, no: c.no, score: Math.min(1, Number(score.toFixed(2))), sameBuilding };
    })
    .filter((s) => s.score >= SIMILARITY_THRESHOLD)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_SUGGESTIONS);
