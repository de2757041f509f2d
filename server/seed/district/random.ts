/**
 * A seeded pseudo-random source (mulberry32): the same seed gives the same district, byte
 * for byte. Everything random in the generator draws from one of these, never Math.random.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  /** An item by weight (weights need not sum to 1). */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  chance(p: number): boolean;
  /** Log-normal around `median` (spread: the σ of the log); heavy-tailed durations. */
  logNormal(median: number, spread: number): number;
  /** 24 hex characters, like the platform's random ids. */
  hex(chars: number): string;
  /** A child source for an independent stream (e.g. one per community), stable regardless of draw order elsewhere. */
  fork(label: string): Rng;
}

const hashString = (text: string): number => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
};

export const createRng = (seed: number | string): Rng => {
  let state = (typeof seed === 'number' ? seed : hashString(seed)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (items) => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1][0];
    },
    chance: (p) => next() < p,
    logNormal: (median, spread) => {
      // Box–Muller on two uniforms.
      const u = Math.max(next(), 1e-12);
      const v = next();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      return median * Math.exp(spread * z);
    },
    hex: (chars) => {
      let out = '';
      while (out.length < chars) out += Math.floor(next() * 0x100000000).toString(16).padStart(8, '0');
      return out.slice(0, chars);
    },
    fork: (label) => createRng(hashString(`${state}:${label}`)),
  };
  return rng;
};
