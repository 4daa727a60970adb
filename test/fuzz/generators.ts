// Seeded generators for fuzz tests: the same seed gives the same inputs, so a failure is replayable
// by its seed and index (printed in the assertion message).

/** mulberry32: small, fast, good enough to spread inputs; not for cryptography. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Gen {
  next: () => number;
  int(max: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  /** A short string of arbitrary code points: ASCII, control characters, quotes, emoji, lone surrogates. */
  junk(maxLen: number): string;
}

const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  '-=_.,:/\\ \t\n"\'`${}[]()*?!#@%&|;<>~^+',
  '\u0000\u0001\u001b\u007f\u00a0\u2028\u202e',
  'µäöüßéñ日本語кирилл',
  '😀🎉',
];

export function gen(seed: number): Gen {
  const next = prng(seed);
  const int = (max: number): number => Math.floor(next() * max);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return {
    next,
    int,
    pick,
    chance: (p) => next() < p,
    junk(maxLen) {
      const n = int(maxLen + 1);
      let s = '';
      for (let i = 0; i < n; i++) {
        if (next() < 0.02) s += '\ud800'; // a lone surrogate
        else s += pick([...pick(ALPHABETS)]);
      }
      return s;
    },
  };
}
