// Stage "response": the response as it came off the wire — status, headers, Audit-Id, APF, body kind,
// size and phase timings. Error statuses not about authentication/authorization stop the trace here.
// After an earlier refusal (a 401 or 403, or discovery the server refused) this is still the response
// that arrived, shown as it is: only when nothing arrived is the stage "not reached".
import { headerValue } from '../../kube/headers.js';
import type { HttpExchange } from '../../kube/types.js';
import type { ListPage } from '../steps/types.js';
import type { ResponseData } from '../types.js';
import { failed, missing, notReached, ok, type StageDef, type StageOutcome } from './outcome.js';
import { itemMetadata, pageOk, responseThatArrived, targetError, targetViews } from './pages.js';

const PREVIEW_CHARS = 16 * 1024;

function kindOf(b: unknown): string | null {
  const k = (b as { kind?: unknown } | undefined)?.kind;
  return typeof k === 'string' ? k : null;
}

function bounded(preview: string): string {
  return preview.length > PREVIEW_CHARS ? `${preview.slice(0, PREVIEW_CHARS)}\n… (${preview.length - PREVIEW_CHARS} more characters)` : preview;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function headersData(x: HttpExchange): Pick<ResponseData, 'status' | 'statusText' | 'headers' | 'auditId' | 'priorityAndFairness' | 'contentType' | 'timings'> {
  return {
    status: x.status,
    statusText: x.statusText,
    headers: x.responseHeaders,
    auditId: headerValue(x.responseHeaders, 'audit-id'),
    priorityAndFairness: {
      flowSchemaUid: headerValue(x.responseHeaders, 'x-kubernetes-pf-flowschema-uid'),
      priorityLevelUid: headerValue(x.responseHeaders, 'x-kubernetes-pf-prioritylevel-uid'),
    },
    contentType: headerValue(x.responseHeaders, 'content-type'),
    timings: x.timings,
  };
}

function fromPages(pages: ListPage[], of: ResponseData['of']): ResponseData | null {
  const first = pages[0];
  const last = pages[pages.length - 1];
  if (first === undefined || last === undefined) return null;
  return {
    of,
    exchanges: pages.map((p) => p.exchange),
    ...headersData(first.exchange),
    bodyKind: kindOf(first.body),
    itemCount: pages.filter(pageOk).reduce((n, p) => n + itemMetadata(p.body).length, 0),
    totalBytes: pages.reduce((n, p) => n + p.exchange.bodyBytes, 0),
    bodyPreview: bounded(last.body !== undefined ? JSON.stringify(last.body, null, 2) : last.text),
  };
}

/** When kubectl's own request was never sent: the discovery response that stopped it. */
function fromDiscovery(answered: HttpExchange): StageOutcome<'response'> {
  const body = parsed(answered.bodyPreview);
  return ok({
    of: 'discovery',
    exchanges: [answered],
    ...headersData(answered),
    bodyKind: kindOf(body),
    itemCount: 0,
    totalBytes: answered.bodyBytes,
    bodyPreview: bounded(body !== undefined ? JSON.stringify(body, null, 2) : answered.bodyPreview),
  });
}

export const responseStage: StageDef<'response'> = {
  needs: ['list'],
  project: ({ cmd, steps, stoppedAt }) => {
    const { list } = steps;
    const arrived = responseThatArrived(steps);
    if (stoppedAt !== null && arrived === null) {
      return notReached(list === undefined ? "kubectl's request was never sent, and no response refused it: nothing arrived to show." : 'No response arrived: the request never got an answer from the server.');
    }
    if (arrived?.kind === 'discovery') return fromDiscovery(arrived.exchange);
    if (list === undefined) return missing('response', 'list', stoppedAt);
    const views = targetViews(cmd, steps);
    if (views === null) return missing('response', 'discovery', stoppedAt);
    const named = views.every((v) => v.cmd.resourceName !== null);
    const fromList = fromPages(list.pages, named ? 'get' : 'list');
    if (fromList === null) return missing('response', 'list', stoppedAt);
    // kubectl's follow-up GETs of a namespace (after a 404 in another namespace) are its exchanges too.
    const checks = list.namespaceChecks ?? [];
    const data = checks.length > 0 ? { ...fromList, exchanges: [...fromList.exchanges, ...checks.map((c) => c.exchange)] } : fromList;
    // An earlier stage already told why the request was refused; here it is simply what arrived.
    if (stoppedAt !== null) return ok(data);
    for (const v of views) {
      // A request kubectl's client refused never had a response (the request stage shows it).
      if (v.request.refused) continue;
      const error = targetError(v);
      if (error) return failed(error, data);
    }
    return ok(data);
  },
};
