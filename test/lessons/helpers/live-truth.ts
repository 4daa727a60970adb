// "Every number, time and name in a lesson is this run's, or labelled as captured": the check behind
// test/lessons/live-truth.test.ts. A resolved lesson's spans are read one by one; a span inside a
// `::: captured` example (origin 'captured') may say anything; every other span may only name a
// time, date, duration, UUID, address, number or object name that occurs in the data the lesson was
// resolved with (the stage's data and the run's versions) — or a number that is a fact of Kubernetes
// itself, listed in FACT_NUMBERS with where it comes from.

import { lessonSpans, type ResolvedLesson } from '../../../src/lessons/index.js';

/**
 * Numbers a lesson may state as facts of Kubernetes, not of a run. Keep this short: each entry
 * says where the number comes from. A version ("1.31", "v1.28.7", "3.4.31"), a klog verbosity
 * ("-v=9") and a KEP number ("KEP-5504") are facts by their form and need no entry.
 */
export const FACT_NUMBERS: ReadonlyMap<string, string> = new Map([
  ['0', 'resourceVersion=0 (the "any version" list), --chunk-size 0 (no paging), the zero byte of "k8s\\0"'],
  ['200', 'HTTP 200 OK'],
  ['401', 'HTTP 401 Unauthorized'],
  ['403', 'HTTP 403 Forbidden'],
  ['404', 'HTTP 404 Not Found'],
  ['406', 'HTTP 406 Not Acceptable'],
  ['410', 'HTTP 410 Gone'],
  ['429', 'HTTP 429 Too Many Requests'],
  ['500', "kubectl's default --chunk-size (get.go: NewGetOptions, ChunkSize: 500)"],
  ['8080', "kubectl's fallback server, http://localhost:8080, when the kubeconfig names no cluster (kubectl-local/empty-kubeconfig-1.33.txt)"],
  ['265', 'memcache.go:265, the source line of the discovery error kubectl 1.27–1.33 log (kubectl-local captures)'],
]);

/** Durations a lesson may use to show HumanDuration's rule (duration.go), not a run's AGE. */
export const FACT_DURATIONS: ReadonlySet<string> = new Set(['119s', '9m59s', '179m', '179m59s', '120m', '2h']);

/** A value of the run the text shows in a way the data does not hold verbatim. */
export interface LiveTruthProblem {
  kind: 'number' | 'time' | 'date' | 'duration' | 'uuid' | 'address' | 'name' | 'missing-value';
  token: string;
  text: string;
}

const FORBIDDEN = /\bundefined\b|\bnull\b|\[object |\bNaN\b/;

const PATTERNS: { kind: LiveTruthProblem['kind']; re: RegExp }[] = [
  { kind: 'uuid', re: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi },
  { kind: 'date', re: /\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?)?/g },
  { kind: 'address', re: /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g },
  { kind: 'time', re: /\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\b/g },
  { kind: 'duration', re: /(?<![A-Za-z0-9_.])\d+(?:ms|s|m|h|d|y)(?:\d+(?:s|m|h|d))*(?![A-Za-z0-9_])/g },
];

/** Facts by their form: versions, klog verbosities, KEP numbers, source lines of a named file. */
const FACT_FORMS = [/\bv?\d+\.\d+(?:\.\d+)?(?![.\d])/g, /-v=\d\b/g, /\bKEP[- ]\d+\b/g];

/** Standalone numbers: not part of a word (v1, k8s, x509, web-0000), a version or an address. */
const NUMBER = /(?<![A-Za-z0-9_.\-])\d+(?![A-Za-z0-9_.]*[A-Za-z_])(?![.\d])/g;

function numbersIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\d+(?:\.\d+)*/g)) {
    out.add(m[0]);
    for (const part of m[0].split('.')) out.add(part);
  }
  return out;
}

/**
 * What is wrong with one resolved lesson for this run: values that are neither in `data` (the
 * stage's data and the run's versions, as JSON) nor in a captured example nor facts.
 * `names` are the object and user names of every run and capture (pods, namespaces, users, roles).
 */
export function liveTruthProblems(lesson: ResolvedLesson, data: unknown, names: ReadonlySet<string>): LiveTruthProblem[] {
  const json = JSON.stringify(data ?? null);
  const dataNumbers = numbersIn(json);
  const problems: LiveTruthProblem[] = [];
  for (const span of lessonSpans(lesson)) {
    const text = span.text;
    if (FORBIDDEN.test(text)) problems.push({ kind: 'missing-value', token: FORBIDDEN.exec(text)?.[0] ?? '', text });
    if (span.origin === 'captured') continue;
    let rest = text;
    for (const { kind, re } of PATTERNS) {
      rest = rest.replace(re, (token) => {
        const ok = json.includes(token) || (kind === 'duration' && FACT_DURATIONS.has(token));
        if (!ok) problems.push({ kind, token, text });
        return ' ';
      });
    }
    for (const re of FACT_FORMS) rest = rest.replace(re, ' ');
    for (const m of rest.matchAll(NUMBER)) {
      const n = m[0];
      if (!FACT_NUMBERS.has(n) && !dataNumbers.has(n)) problems.push({ kind: 'number', token: n, text });
    }
    for (const name of names) {
      const re = new RegExp(`(?<![A-Za-z0-9-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9-])`);
      if (re.test(text) && !json.includes(name)) problems.push({ kind: 'name', token: name, text });
    }
  }
  return problems;
}
