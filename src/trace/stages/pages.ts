// Reading the recorded pages of kubectl's list: their metadata, and the facts kubectl's error
// handling looks at.
import type { ResponseFacts } from '../kubectl/requests.js';
import type { HttpExchange } from '../../kube/types.js';
import type { ListPage, StepResults } from '../steps/types.js';

export interface ItemMeta {
  name?: string;
  namespace?: string;
  resourceVersion?: string;
  continue?: string;
}

/** Item metadata of a Table (rows[].object), a list (items[]) or a single object. */
export function itemMetadata(body: unknown): ItemMeta[] {
  const b = body as { kind?: string; rows?: { object?: { metadata?: ItemMeta } }[]; items?: { metadata?: ItemMeta }[]; metadata?: ItemMeta } | undefined;
  if (!b || typeof b !== 'object') return [];
  if (b.kind === 'Table') return (b.rows ?? []).map((r) => r.object?.metadata ?? {});
  if (Array.isArray(b.items)) return b.items.map((i) => i.metadata ?? {});
  if (b.metadata?.name) return [b.metadata];
  return [];
}

export function isList(body: unknown): boolean {
  const b = body as { kind?: string; items?: unknown } | undefined;
  return b?.kind === 'Table' || Array.isArray(b?.items);
}

/** A page as kubectl's error handling sees it. */
export function pageFacts(p: ListPage): ResponseFacts {
  return { url: p.exchange.url, status: p.exchange.status, headers: p.exchange.responseHeaders, failure: p.failure, body: p.body, text: p.text };
}

/** A page kubectl could read: an HTTP success with a JSON body. */
export function pageOk(p: ListPage): boolean {
  return p.failure === null && (p.exchange.status ?? 0) < 300 && p.body !== undefined;
}

/**
 * The answer kubectl got to its last request when the trace stopped: its own request's pages, or —
 * when it never got that far — the discovery response that refused it. null when no HTTP answer came.
 */
export function responseThatArrived(steps: StepResults): { kind: 'pages'; pages: ListPage[] } | { kind: 'discovery'; exchange: HttpExchange } | null {
  if (steps.list !== undefined) return steps.list.pages[0]?.exchange.status != null ? { kind: 'pages', pages: steps.list.pages } : null;
  const refusedBy = steps.discovery?.discovery.exchanges.filter((x) => x.status !== null && x.status >= 300).pop();
  return refusedBy === undefined ? null : { kind: 'discovery', exchange: refusedBy };
}
