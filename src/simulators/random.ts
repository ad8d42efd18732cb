// A small seeded PRNG (mulberry32): the dataset must be identical on every machine and every run.
export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  chars(n: number, alphabet?: string): string;
}

const DEFAULT_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    chance: (p) => next() < p,
    chars: (n, alphabet = DEFAULT_ALPHABET) => {
      // Char codes and one fromCharCode: `s +=` left a rope per character, and the large preset
      // spent most of its time collecting them.
      const codes = new Array<number>(n);
      for (let i = 0; i < n; i++) codes[i] = alphabet.charCodeAt(Math.floor(next() * alphabet.length));
      return String.fromCharCode(...codes);
    },
  };
}
