// How Go's fmt.Sprint renders a value decoded from JSON, for table cells that are not strings.
// kubectl decodes Table cells with Kubernetes' JSON decoder, which keeps integers as int64 and other
// numbers as float64; fmt.Sprint then prints them with %v.

/** Go's strconv.FormatFloat(f, 'g', -1, 64), which is what %v uses for a float64. */
export function goFormatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // JS and Go both produce the shortest digits that round-trip; only the layout differs.
  const [mantissa = '', expPart = '0'] = f.toExponential().split('e');
  const exp = Number(expPart);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  // With the shortest precision, strconv switches to %e when exp < -4 || exp >= 6 (so 1e+06).
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${negative ? '-' : ''}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  return (negative ? '-' : '') + plainDecimal(digits, exp);
}

function plainDecimal(digits: string, exp: number): string {
  if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return digits + '0'.repeat(exp + 1 - digits.length);
  return `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** A JSON number as Go holds it after decoding: whole numbers in int64 range are ints. */
export function goNumberString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  return goFormatFloatG(n);
}

/** fmt.Sprint of a JSON-decoded value (nil prints as "<nil>", maps as map[k:v] with sorted keys). */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumberString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => compareCodePoints(a, b));
    return `map[${entries.map(([k, x]) => `${k}:${goSprint(x)}`).join(' ')}]`;
  }
  // bigint, symbol, function: not produced by JSON.parse; printed as JavaScript would.
  return typeof v === 'bigint' ? v.toString() : typeof v;
}

/** Byte order of the UTF-8 encodings, which is how Go sorts map keys (sort.Strings). */
export function compareCodePoints(a: string, b: string): number {
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}
