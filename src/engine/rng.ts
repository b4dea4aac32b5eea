/**
 * Seeded randomness. Every random value a scan uses comes from here so that `--seed`
 * reproduces a scan exactly. Each check gets its own stream derived from the seed and
 * its id, so parallel scheduling order never changes what a check sends.
 */
export interface Rng {
  next(): number;
  int(maxExclusive: number): number;
  token(length: number, alphabet?: string): string;
  pick<T>(items: readonly T[]): T;
}

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export function createRng(seed: number, stream = ""): Rng {
  let state = (seed ^ hashString(stream)) >>> 0 || 0x9e3779b9;
  const next = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    token: (length, alphabet = ALNUM) => Array.from({ length }, () => alphabet[int(alphabet.length)]).join(""),
    pick: (items) => items[int(items.length)],
  };
}
