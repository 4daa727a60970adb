// Facts that one stage's panel takes from another stage of the same run, derived once for every
// presenter (the Ink UI and --plain): which page of a paged list the sandbox's glass box describes,
// and the names of the priority-and-fairness objects whose UIDs the response carries.

import type { GlassBoxRecord } from '../glassbox/types.js';
import type { EtcdData, HttpExchange, KubeconfigData, ParsedFlag, ResponseData } from '../trace/types.js';

type Pages = EtcdData['pages'];

/** "page 2 of 10", or "the request" when the list was not paged. */
export function pageLabel(index: number, count: number): string {
  return count > 1 ? `page ${index + 1} of ${count}` : 'the request';
}

/**
 * Which page (0-based) a glass-box record describes, from its query: a request without `continue` is
 * the first page; one with it is the page after the one that handed out that token. Null when the run
 * cannot tell.
 */
export function pageOfQuery(query: string, pages: Pages): number | null {
  let cont: string | null;
  try {
    cont = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query).get('continue');
  } catch {
    return null;
  }
  if (cont === null) return 0;
  const before = pages.findIndex((p) => p.continue?.raw === cont);
  return before === -1 ? null : before + 1;
}

/**
 * Which page (0-based) a storage read describes, from its key: the first page reads from the range's
 * start (the prefix, ending in "/"); a later page from the key its continue token names. Null when
 * the run cannot tell.
 */
export function pageOfStorageKey(key: string, pages: Pages): number | null {
  for (let i = 1; i < pages.length; i++) {
    const start = pages[i - 1]?.continue?.decoded?.start;
    if (start !== undefined && start !== '' && key.endsWith(start)) return i;
  }
  return key.endsWith('/') ? 0 : null;
}

/** The page a glass-box record describes, in words ("page 1 of 3"), or null when unknown. */
export function glassBoxPageLabel(record: Pick<GlassBoxRecord, 'query'> | null, storageKey: string | null, pages: Pages): string | null {
  const count = Math.max(1, pages.length);
  const byQuery = record !== null ? pageOfQuery(record.query, pages) : null;
  const index = byQuery ?? (storageKey !== null ? pageOfStorageKey(storageKey, pages) : null);
  return index === null ? null : pageLabel(index, count);
}

export interface ApfName {
  /** The object's name when the sandbox's glass box knows it, else null. */
  name: string | null;
  uid: string | null;
}

/** The flow schema and priority level of the response, by name where the glass box has it for the same UID. */
export function apfNames(pf: ResponseData['priorityAndFairness'], glass: GlassBoxRecord['priorityAndFairness'] | null): { flowSchema: ApfName; priorityLevel: ApfName } {
  const known = glass ?? null;
  return {
    flowSchema: { uid: pf.flowSchemaUid, name: known !== null && (pf.flowSchemaUid === null || known.flowSchemaUid === pf.flowSchemaUid) ? known.flowSchema : null },
    priorityLevel: { uid: pf.priorityLevelUid, name: known !== null && (pf.priorityLevelUid === null || known.priorityLevelUid === pf.priorityLevelUid) ? known.priorityLevel : null },
  };
}

/**
 * What a flag left at its default means (never `null` or an empty value on screen), with what it came
 * to in this run where the kubeconfig stage knows it.
 */
export function defaultMeaning(f: ParsedFlag, k: KubeconfigData | null): string {
  const v = f.value;
  switch (f.name) {
    case 'namespace':
      return `not given: the context's namespace, else "default"${k !== null ? ` (here "${k.namespace.value}", from ${k.namespace.source === 'context' ? 'the context' : k.namespace.source === 'all-namespaces' ? '-A' : 'the default'})` : ''}`;
    case 'all-namespaces':
      return 'false: one namespace only';
    case 'selector':
      return 'not given: no label filter, every pod';
    case 'field-selector':
      return 'not given: no field filter';
    case 'output':
      return "not given: a table of the server's columns";
    case 'chunk-size':
      return `${String(v)}: pages of at most ${String(v)} pods (limit=${String(v)})`;
    case 'kubeconfig':
      return `not given: $KUBECONFIG, else ~/.kube/config${k !== null && k.files.length > 0 ? ` (here ${k.files.map((x) => x.path).join(', ')})` : ''}`;
    case 'context':
      return `not given: the kubeconfig's current-context${k !== null ? ` (here "${k.currentContext}")` : ''}`;
    case 'request-timeout':
      return v === '0' || v === 0 ? '0: no timeout' : String(v);
    default:
      return v === null || v === '' ? 'not given' : String(v);
  }
}

/** A flag's value and where it came from, in words: "true — typed as --sandbox (kube-trace only)". */
export function flagValue(f: ParsedFlag, k: KubeconfigData | null): string {
  if (f.source === 'default') return `${defaultMeaning(f, k)} — default`;
  const value = f.value === '' ? '"" (empty)' : f.value === null ? 'given without a value' : String(f.value);
  const where = f.source === 'env' ? 'from the environment' : `typed as ${f.given ?? '--' + f.name}`;
  return `${value} — ${where}${f.kubeTraceOnly ? ' (kube-trace only)' : ''}`;
}

/**
 * One sentence per redirect kubectl followed on the way to these answers, from this run's hops: where
 * it went, and — when it left for another host with the credentials — why that matters (client-go
 * re-adds them after Go's client drops them).
 */
export function redirectSentences(exchanges: readonly HttpExchange[]): string[] {
  return exchanges.flatMap((x) =>
    (x.redirects ?? []).map((h) => {
      const hop = `${h.status} from ${h.url} to ${h.location}`;
      if (!h.crossHost) return `Redirected (${hop}): the same server, so kubectl followed it with the same credentials.`;
      return h.credentialsResent
        ? `Redirected to another host (${hop}): kubectl followed it and sent the same credentials there too (Go's client drops Authorization for a new host; client-go's transport puts it back), so a redirect hands your token to whatever server it names.`
        : `Redirected to another host (${hop}): kubectl followed it without credentials.`;
    }),
  );
}
