// The facts a workshop question can ask about, each read from the run's own report: what the learner
// answers is checked against what this very run did, never against a text in the workshop file.
import type { TraceReport } from '../trace/types.js';

export const FACTS = {
  status: 'the HTTP status of kubectl\'s list request (or of the request that stopped kubectl before it), e.g. 200, 403, 401',
  'namespace-in-url': 'the namespace in the URL of kubectl\'s request ("none" when the path names none, as with -A)',
  pages: 'how many requests kubectl sent to read the list (its pages)',
  user: 'the user name the API server saw (its SelfSubjectReview answer; "unknown" when it could not be asked)',
  allowed: 'whether the API server allowed the request: yes or no',
  'exit-code': 'the exit code kubectl ends with',
} as const;

export type FactName = keyof typeof FACTS;

export function isFact(name: string): name is FactName {
  return Object.hasOwn(FACTS, name);
}

/** A fact's value in this run, and where it was read from. */
export function factOf(report: TraceReport, name: FactName): { value: string; where: string } {
  const lists = (report.exchanges ?? []).filter((e) => e.by === 'kubectl' && (e.purpose === 'list' || e.purpose === 'get'));
  const first = lists[0];
  // No list was sent: the request that stopped kubectl before it (a discovery request answered 401).
  const stopper = [...(report.exchanges ?? [])].reverse().find((e) => e.by === 'kubectl' && e.status !== null);
  const authz = report.stages.find((s) => s.name === 'authz');
  const az = authz?.name === 'authz' ? authz.data : null;
  switch (name) {
    case 'status': {
      const e = first ?? stopper;
      return { value: e?.status === null || e === undefined ? 'none' : String(e.status), where: e ? `response to ${e.method} ${new URL(e.url).pathname}${first ? '' : ', before the list was sent'}` : 'kubectl sent no request that was answered' };
    }
    case 'namespace-in-url': {
      const path = first ? new URL(first.url).pathname : '';
      return { value: /\/namespaces\/([^/]+)\//.exec(path)?.[1] ?? 'none', where: first ? `URL ${path}` : 'no request was sent' };
    }
    case 'pages':
      return { value: String(lists.length), where: `${lists.length} request${lists.length === 1 ? '' : 's'} by kubectl` };
    case 'user':
      return az?.whoami.available ? { value: az.whoami.username, where: 'SelfSubjectReview answer' } : { value: 'unknown', where: az?.whoami.available === false ? az.whoami.reason : 'the authz stage was not reached' };
    case 'allowed': {
      const s = first?.status ?? null;
      return { value: s !== null && s >= 200 && s < 300 ? 'yes' : 'no', where: first ? `status ${s ?? 'none'}` : 'no request was sent' };
    }
    case 'exit-code':
      return { value: String(report.output.exitCode), where: "kubectl's output" };
  }
}

/** How an answer is compared: trimmed, case-insensitive, quotes dropped; yes/no also as true/false. */
export function sameAnswer(given: string, expected: string): boolean {
  const norm = (s: string): string => {
    const t = s.trim().replace(/^["']|["']$/g, '').toLowerCase();
    return t === 'true' || t === 'y' ? 'yes' : t === 'false' || t === 'n' ? 'no' : t === '(none)' || t === '' ? 'none' : t;
  };
  return norm(given) === norm(expected);
}
