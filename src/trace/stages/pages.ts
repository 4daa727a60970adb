// Reading the recorded pages of kubectl's list: their metadata, and the facts kubectl's error
// handling looks at.
import { asStatus } from '../../kube/kubectl-errors.js';
import type { StageError } from '../../kube/types.js';
import type { GetCommand } from '../command.js';
import { refusalLines } from '../kubectl/path-segment.js';
import { checkResponse, forTarget, listContextFor, rawPrefixFor, targetsOf, type ResponseFacts } from '../kubectl/requests.js';
import type { PlannedRequest, ResourceMapping } from '../types.js';
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

/** One of kubectl's requests as the stages read it: its type and name, mapping, plan and answers. */
export interface TargetView {
  index: number;
  /** The command as this request sees it (its resource and name). */
  cmd: GetCommand;
  mapping: ResourceMapping;
  request: PlannedRequest;
  pages: ListPage[];
  namespaceCheck: ListPage | null;
  /** The command's only request (kubectl words a lone named request's errors with "error: "). */
  alone: boolean;
}

/** Every request of the run with what came back, or null when the steps for them did not run. */
export function targetViews(cmd: GetCommand, steps: StepResults): TargetView[] | null {
  const { discovery, requestPlan, list } = steps;
  if (discovery === undefined || !discovery.ok || requestPlan === undefined) return null;
  const targets = targetsOf(cmd);
  const views: TargetView[] = [];
  requestPlan.requests.forEach((request, index) => {
    const t = targets[index];
    const mapping = discovery.mappings[index];
    if (t === undefined || mapping === undefined) return;
    views.push({
      index,
      cmd: forTarget(cmd, t),
      mapping,
      request,
      pages: list?.pages.filter((p) => p.target === index) ?? [],
      namespaceCheck: list?.namespaceChecks?.find((p) => p.target === index) ?? null,
      alone: requestPlan.requests.length === 1,
    });
  });
  return views;
}

/** A named GET that came back NotFound, which --ignore-not-found lets pass. */
export function ignoredNotFound(v: TargetView, page: ListPage): boolean {
  return v.cmd.print?.ignoreNotFound === true && v.cmd.resourceName !== null && page.exchange.status === 404;
}

/**
 * kubectl's error for this request, worded as kubectl words it (for a named object missing in a
 * missing namespace: the namespace's NotFound), or null when every page went through.
 */
export function targetError(v: TargetView): StageError | null {
  if (v.request.refused) {
    // The generic printers reduce the errors themselves (a lone one gets "error: " there).
    const human = rawPrefixFor(v.cmd.output) === '';
    return { ...v.request.refused, kubectlMessage: human ? refusalLines([v.request.refused], true, v.alone && v.cmd.resourceName !== null) : (v.request.refused.kubectlMessage ?? '') };
  }
  const bad = v.pages.find((p) => !pageOk(p));
  if (bad === undefined || ignoredNotFound(v, bad)) return null;
  const ns = v.namespaceCheck;
  if (bad.exchange.status === 404 && ns !== null && ns.exchange.status === 404 && asStatus(ns.body)?.reason === 'NotFound') {
    const checked = checkResponse(pageFacts(ns), `the request GET ${new URL(ns.exchange.url).pathname}`, 'namespaces', { name: v.request.namespace, rawPrefix: rawPrefixFor(v.cmd.output) });
    if ('error' in checked) return checked.error;
  }
  const checked = checkResponse(pageFacts(bad), `the request ${v.request.method} ${v.request.path}`, v.mapping.resource, { name: v.cmd.resourceName, rawPrefix: rawPrefixFor(v.cmd.output), list: listContextFor(v.cmd, v.mapping) });
  return 'error' in checked ? checked.error : null;
}
