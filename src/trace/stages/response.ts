// Stage "response": the response as it came off the wire — status, headers, Audit-Id, APF, body kind,
// size and phase timings. Error statuses not about authentication/authorization stop the trace here.
import { headerValue } from '../../kube/headers.js';
import { checkResponse, listContextFor, rawPrefixFor } from '../kubectl/requests.js';
import type { ResponseData } from '../types.js';
import { failed, missing, ok, type StageDef } from './outcome.js';
import { itemMetadata, pageFacts, pageOk } from './pages.js';

const PREVIEW_CHARS = 16 * 1024;

function kindOf(b: unknown): string | null {
  const k = (b as { kind?: unknown } | undefined)?.kind;
  return typeof k === 'string' ? k : null;
}

export const responseStage: StageDef<'response'> = {
  needs: ['list'],
  project: ({ cmd, steps }) => {
    const { list, discovery, requestPlan } = steps;
    if (list === undefined) return missing('response', 'list');
    if (discovery === undefined || !discovery.ok || requestPlan === undefined) return missing('response', 'discovery');
    const first = list.pages[0];
    const last = list.pages[list.pages.length - 1];
    if (first === undefined || last === undefined) return missing('response', 'list');
    const x = first.exchange;
    let preview = last.body !== undefined ? JSON.stringify(last.body, null, 2) : last.text;
    if (preview.length > PREVIEW_CHARS) preview = `${preview.slice(0, PREVIEW_CHARS)}\n… (${preview.length - PREVIEW_CHARS} more characters)`;
    const data: ResponseData = {
      exchanges: list.pages.map((p) => p.exchange),
      status: x.status,
      statusText: x.statusText,
      headers: x.responseHeaders,
      auditId: headerValue(x.responseHeaders, 'audit-id'),
      priorityAndFairness: {
        flowSchemaUid: headerValue(x.responseHeaders, 'x-kubernetes-pf-flowschema-uid'),
        priorityLevelUid: headerValue(x.responseHeaders, 'x-kubernetes-pf-prioritylevel-uid'),
      },
      contentType: headerValue(x.responseHeaders, 'content-type'),
      bodyKind: kindOf(first.body),
      itemCount: list.pages.filter(pageOk).reduce((n, p) => n + itemMetadata(p.body).length, 0),
      totalBytes: list.pages.reduce((n, p) => n + p.exchange.bodyBytes, 0),
      timings: x.timings,
      bodyPreview: preview,
    };
    const bad = list.pages.find((p) => !pageOk(p));
    if (bad) {
      const checked = checkResponse(pageFacts(bad), `the request GET ${requestPlan.path}`, discovery.mapping.resource, { name: cmd.resourceName, rawPrefix: rawPrefixFor(cmd.output), list: listContextFor(cmd, discovery.mapping) });
      if ('error' in checked) return failed(checked.error, data);
    }
    return ok(data);
  },
};
