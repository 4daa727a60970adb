// A small pflag-compatible tokenizer: the flag grammar kubectl (cobra/pflag) accepts, so that
// `kube-trace get pods …` takes exactly what `kubectl get pods …` takes, with the same error texts.

import { goQuote } from '../format/go-fmt.js';

export type FlagType = 'string' | 'bool' | 'int' | 'duration' | 'stringSlice' | 'stringArray';

export interface FlagSpec {
  name: string; // long name
  short?: string;
  type: FlagType;
  kubeTraceOnly: boolean;
  help: string;
  placeholder?: string;
  /**
   * A kubectl flag kube-trace accepts but does not trace: the parser knows it (so it is never an
   * "unknown flag"), and the command is answered with this sentence about what kubectl would do.
   */
  untraced?: string;
}

export interface FlagOccurrence {
  spec: FlagSpec;
  given: string; // as typed, e.g. "-n" or "--namespace=demo"
  value: string | boolean;
}

export interface Tokenized {
  positionals: string[];
  flags: FlagOccurrence[];
}

export class FlagError extends Error {}

/** How pflag names a flag in its errors: "-L, --label-columns" or "--chunk-size". */
export function flagDisplayName(spec: FlagSpec): string {
  return `${spec.short ? `-${spec.short}, ` : ''}--${spec.name}`;
}

/** pflag's "invalid argument" error for a value a flag's type rejects. */
export function invalidArgument(spec: FlagSpec, raw: string, why: string): FlagError {
  return new FlagError(`invalid argument ${goQuote(raw)} for "${flagDisplayName(spec)}" flag: ${why}`);
}

function parseBool(spec: FlagSpec, raw: string): boolean {
  // strconv.ParseBool's accepted spellings
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  throw invalidArgument(spec, raw, `strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`);
}

/**
 * Splits argv into positionals and flag occurrences following pflag's rules: `--name value`,
 * `--name=value`, `-n value`, `-nvalue`, `-n=value`, grouped booleans (`-Aw`), and `--` ending flags.
 */
export function tokenize(argv: readonly string[], specs: readonly FlagSpec[]): Tokenized {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const positionals: string[] = [];
  const flags: FlagOccurrence[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const body = arg.slice(2);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const spec = byLong.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (spec.type === 'bool') {
        flags.push({ spec, given: arg, value: eq >= 0 ? parseBool(spec, body.slice(eq + 1)) : true });
      } else if (eq >= 0) {
        flags.push({ spec, given: arg, value: body.slice(eq + 1) });
      } else {
        const next = argv[i + 1];
        if (next === undefined) throw new FlagError(`flag needs an argument: --${name}`);
        flags.push({ spec, given: `${arg} ${next}`, value: next });
        i++;
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1 && arg !== '-') {
      // One or more shorthands; a non-bool shorthand takes the rest of the token or the next arg.
      let rest = arg.slice(1);
      while (rest.length > 0) {
        const c = rest[0] as string;
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${arg}`);
        rest = rest.slice(1);
        if (spec.type === 'bool') {
          if (rest.startsWith('=')) {
            flags.push({ spec, given: arg, value: parseBool(spec, rest.slice(1)) });
            rest = '';
          } else {
            flags.push({ spec, given: `-${c}`, value: true });
          }
          continue;
        }
        if (rest.length > 0) {
          flags.push({ spec, given: arg, value: rest.startsWith('=') ? rest.slice(1) : rest });
        } else {
          const next = argv[i + 1];
          if (next === undefined) throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
          flags.push({ spec, given: `-${c} ${next}`, value: next });
          i++;
        }
        rest = '';
      }
      continue;
    }
    positionals.push(arg);
  }
  return { positionals, flags };
}

/**
 * encoding/csv's reading of one record, as pflag's string-slice flags read each value
 * (readAsCSV): commas separate, double quotes quote ("" is a quote), errors say where (columns count
 * bytes from 1).
 */
export function readAsCsv(val: string): string[] {
  if (val === '') return [];
  const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
  const lines = val.replace(/\r\n/g, '\n').split(/(?<=\n)/);
  let lineNo = 0;
  // skip empty lines before the record
  while (lineNo < lines.length && (lines[lineNo] === '\n' || lines[lineNo] === '')) lineNo++;
  if (lineNo >= lines.length) throw new CsvError('EOF');
  const recLine = lineNo + 1;
  let line = lines[lineNo] as string;
  let col = 1;
  let pos = recLine;
  const fields: string[] = [];
  const parseError = (l: number, c: number, what: string): CsvError =>
    new CsvError(recLine !== l ? `record on line ${recLine}; parse error on line ${l}, column ${c}: ${what}` : `parse error on line ${l}, column ${c}: ${what}`);
  for (;;) {
    if (line.length === 0 || line[0] !== '"') {
      const i = line.indexOf(',');
      const field = i >= 0 ? line.slice(0, i) : line.replace(/\n$/, '');
      const q = field.indexOf('"');
      if (q >= 0) throw parseError(pos, col + bytes(field.slice(0, q)), 'bare " in non-quoted-field');
      fields.push(field);
      if (i >= 0) {
        col += bytes(line.slice(0, i)) + 1;
        line = line.slice(i + 1);
        continue;
      }
      return fields;
    }
    // a quoted field
    line = line.slice(1);
    col += 1;
    let value = '';
    for (;;) {
      const i = line.indexOf('"');
      if (i >= 0) {
        value += line.slice(0, i);
        col += bytes(line.slice(0, i)) + 1;
        line = line.slice(i + 1);
        const rn = line[0];
        if (rn === '"') {
          value += '"';
          line = line.slice(1);
          col += 1;
        } else if (rn === ',') {
          line = line.slice(1);
          col += 1;
          fields.push(value);
          break;
        } else if (line === '' || line === '\n') {
          fields.push(value);
          return fields;
        } else {
          throw parseError(pos, col - 1, 'extraneous or missing " in quoted-field');
        }
      } else if (line.length > 0) {
        value += line;
        col += bytes(line);
        lineNo++;
        const next = lines[lineNo];
        if (next === undefined) {
          throw parseError(pos, col, 'extraneous or missing " in quoted-field');
        }
        line = next;
        pos++;
        col = 1;
      } else {
        throw parseError(pos, col, 'extraneous or missing " in quoted-field');
      }
    }
  }
}

export class CsvError extends Error {}

/** A string-slice flag's value: every occurrence's CSV items, in order (pflag appends after the first). */
export function sliceValue(tok: Tokenized, name: string): string[] | undefined {
  const occurrences = tok.flags.filter((f) => f.spec.name === name);
  if (occurrences.length === 0) return undefined;
  const out: string[] = [];
  for (const f of occurrences) {
    const raw = String(f.value);
    try {
      out.push(...readAsCsv(raw));
    } catch (e) {
      if (e instanceof CsvError) throw invalidArgument(f.spec, raw, e.message);
      throw e;
    }
  }
  return out;
}

/** The last occurrence wins, as in pflag. */
export function lastValue(tok: Tokenized, name: string): FlagOccurrence | undefined {
  for (let i = tok.flags.length - 1; i >= 0; i--) {
    const f = tok.flags[i];
    if (f && f.spec.name === name) return f;
  }
  return undefined;
}

/**
 * Go's time.ParseDuration as kubectl's --request-timeout reads it: a bare integer means seconds,
 * otherwise units h, m, s, ms, us/µs, ns. Returns milliseconds.
 */
export function parseRequestTimeout(raw: string): number {
  if (/^\d+$/.test(raw)) return parseRequestTimeout(`${raw}s`);
  const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, ns: 0.000001 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|us|µs|ns)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw)) !== null) {
    total += Number(m[1]) * (unitMs[m[2] as string] as number);
    matched = re.lastIndex;
  }
  // Go's time.Duration is int64 nanoseconds: anything longer overflows and kubectl rejects it.
  const maxMs = 9_223_372_036_854.775;
  if (raw.length === 0 || matched !== raw.length || total > maxMs) {
    throw new FlagError(`invalid argument "${raw}" for "--request-timeout" flag: the timeout must be an integer number of seconds or a duration like 5s, 1m, 500ms`);
  }
  return total;
}
