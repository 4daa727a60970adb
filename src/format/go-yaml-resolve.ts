// Which strings go-yaml v2 must quote because, written plain, they would read back as something else
// (gopkg.in/yaml.v2 resolve.go, as vendored in sigs.k8s.io/yaml, which kubectl -o yaml uses):
// YAML 1.1 booleans (y, yes, on, off…), null and ~, ints in any Go base, floats, timestamps, and
// base-60 floats (12:30).

const MAP_VALUES = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
  '<<',
]);

type Hint = 'S' | 'D' | 'M' | '.' | 'N' | null;

function hintOf(s: string): Hint {
  if (s === '') return 'N';
  const c = s[0] ?? '';
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return null;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// strconv.ParseInt(s, 0, 64), then ParseUint(s, 0, 64): Go's integer literal syntax with 0x/0o/0b
// prefixes and a leading 0 meaning octal.
function isGoInt(s: string): boolean {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  const sign = m[1] ?? '';
  let body = m[2] ?? '';
  if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  let v: bigint;
  try {
    v = BigInt(body.replace(/^0[xX]/, '0x').replace(/^0[oO]/, '0o').replace(/^0[bB]/, '0b'));
  } catch {
    return false;
  }
  if (sign === '-') v = -v;
  if (v >= INT64_MIN && v <= INT64_MAX) return true;
  return sign === '' && v >= 0n && v <= UINT64_MAX;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// parseTimestamp: "2006-1-2T15:4:5.999999999Z07:00" (T or t), "2006-1-2 15:4:5.999999999", "2006-1-2".
function isTimestamp(s: string): boolean {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?))?$/.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  const h = m[4] ?? m[7];
  const min = m[5] ?? m[8];
  const sec = m[6] ?? m[9];
  if (h !== undefined && (Number(h) > 23 || Number(min) > 59 || Number(sec) > 59)) return false;
  return true;
}

/** True when go-yaml v2 would read the plain scalar `s` as a string (resolve() gives !!str). */
export function resolvesToString(s: string): boolean {
  const hint = hintOf(s);
  if (hint === null) return true;
  if (MAP_VALUES.has(s)) return false;
  switch (hint) {
    case 'M':
    case 'N':
      return true;
    case '.':
      return !/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
    case 'D':
    case 'S': {
      if (isTimestamp(s)) return false;
      const plain = s.replaceAll('_', '');
      if (isGoInt(plain)) return false;
      if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return false;
      return true;
    }
  }
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** YAML 1.1 sexagesimal numbers (190:20:30): go-yaml quotes them for other parsers' sake. */
export function isBase60Float(s: string): boolean {
  const c = s[0];
  if (c === undefined || !(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}
