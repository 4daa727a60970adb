// resource.ParseQuantity and Quantity.Cmp (k8s.io/apimachinery/pkg/api/resource/quantity.go), as far
// as --sort-by needs them: kubectl sorts two strings as quantities when both parse as one ("100m" <
// "1" < "1.5"; "64Mi" < "1Gi"), and by string order otherwise. Values are kept exact (BigInt
// rationals); like ParseQuantity, a value finer than 1n is rounded up to it and, when the value had to
// go through inf.Dec, capped at 2^63-1.

export interface Quantity {
  /** value = num / den, den a power of ten */
  num: bigint;
  den: bigint;
}

const DEC_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const MAX_INT64 = (1n << 63n) - 1n;
const NANO = 1_000_000_000n;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

interface Parts {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** parseQuantityString, byte for byte (the input is ASCII in every case that can succeed). */
function parseQuantityString(str: string): Parts | null {
  const end = str.length;
  let pos = 0;
  let positive = true;
  let num = '';
  let denom = '';
  if (pos < end) {
    if (str[0] === '-') {
      positive = false;
      pos++;
    } else if (str[0] === '+') pos++;
  }
  // strip leading zeros
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
    if (str[i] === '0') pos++;
    else break;
  }
  // the numerator
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value: str.slice(0, end), num: str.slice(pos, end), denom: '', suffix: '' };
    if (!isDigit(str[i])) {
      num = str.slice(pos, i);
      pos = i;
      break;
    }
  }
  if (num.length === 0) num = '0';
  // a denominator
  if (pos < end && str[pos] === '.') {
    pos++;
    for (let i = pos; ; i++) {
      if (i >= end) return { positive, value: str.slice(0, end), num, denom: str.slice(pos, end), suffix: '' };
      if (!isDigit(str[i])) {
        denom = str.slice(pos, i);
        pos = i;
        break;
      }
    }
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart, end) };
    if (!'eEinumkKMGTP'.includes(str[i] as string)) {
      pos = i;
      break;
    }
  }
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart, end) };
    if (!isDigit(str[i])) return null; // ErrFormatWrong
  }
}

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

function interpret(suffix: string): { base: 10 | 2; exponent: number; format: Format } | null {
  const dec = DEC_SUFFIXES[suffix];
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BIN_SUFFIXES[suffix];
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'E' || suffix[0] === 'e')) {
    const rest = suffix.slice(1);
    if (!/^[+-]?\d+$/.test(rest)) return null;
    const parsed = BigInt(rest);
    if (parsed > MAX_INT64 || parsed < -MAX_INT64 - 1n) return null;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return null;
}

/** resource.ParseQuantity: null where it returns an error. */
export function parseQuantity(str: string): Quantity | null {
  if (str.length === 0) return null;
  if (str === '0') return { num: 0n, den: 1n };
  const parts = parseQuantityString(str);
  if (parts === null) return null;
  const suf = interpret(parts.suffix);
  if (suf === null) return null;
  const { num, denom } = parts;
  const sign = parts.positive ? 1n : -1n;

  // The int64 fast path: exact at a scale no finer than nano, never capped.
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (suf.format === 'BinarySI') {
    if (suf.exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(suf.exponent);
      precision = 15 - num.length - Math.trunc(Math.fround(suf.exponent) * 3 / 10) - 1;
    } else precision = -1;
  } else {
    scale = suf.exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = BigInt(num + denom);
      const result = shifted * mantissa;
      if (result <= MAX_INT64) {
        return scale >= 0 ? { num: sign * result * 10n ** BigInt(scale), den: 1n } : { num: sign * result, den: 10n ** BigInt(-scale) };
      }
    }
  }

  // inf.Dec: parse the digits as written, apply the suffix, round up to 1n, cap.
  const m = /^[+-]?(\d*)(?:\.(\d*))?$/.exec(parts.value);
  if (m === null || (m[1] === '' && (m[2] ?? '') === '')) return null; // ErrNumeric
  const frac = m[2] ?? '';
  let n = BigInt(`${m[1] || '0'}${frac}`);
  let den = 10n ** BigInt(frac.length);
  if (suf.base === 10) {
    if (suf.exponent >= 0) n *= 10n ** BigInt(suf.exponent);
    else den *= 10n ** BigInt(-suf.exponent);
  } else n *= 1n << BigInt(suf.exponent);
  if (den > NANO) {
    const scaled = n * NANO;
    n = scaled / den + (scaled % den === 0n ? 0n : 1n);
    den = NANO;
  }
  if (suf.format !== 'DecimalExponent' && n > MAX_INT64 * den) {
    n = MAX_INT64;
    den = 1n;
  }
  return { num: sign * n, den };
}

/** Quantity.Cmp: -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}
