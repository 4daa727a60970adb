// Stage 6: the response as it came off the wire — status, headers, Audit-Id, APF, body kind, size and
// phase timings. Error statuses not about authentication/authorization stop the trace here.
import { BODY_PREVIEW_BYTES, StageFailure, headerValue } from '../context.js';
import type { TraceContext } from '../context.js';
import { checkResponse, rawPrefixFor, listContextFor } from '../kubectl-requests.js';
import { itemMetadata } from './etcd.js';
import type { ResponseData } from '../types.js';

const PREVIEW_CHARS = 16 * 1024;

export function responseStage(ctx: TraceContext): ResponseData {
  const first = ctx.pages[0]!;
  const last = ctx.pages[ctx.pages.length - 1]!;
  const r = first.response;
  const kindOf = (b: unknown): string | null => {
    const k = (b as { kind?: unknown } | undefined)?.kind;
    return typeof k === 'string' ? k : null;
  };
  let preview = '';
  if (last.body !== undefined) preview = JSON.stringify(last.body, null, 2);
  else if (last.response.body) preview = last.response.body.subarray(0, BODY_PREVIEW_BYTES).toString('utf8');
  if (preview.length > PREVIEW_CHARS) preview = `${preview.slice(0, PREVIEW_CHARS)}\n… (${preview.length - PREVIEW_CHARS} more characters)`;
  const ok = (p: (typeof ctx.pages)[number]): boolean => (p.response.status ?? 0) < 300 && p.body !== undefined;
  const data: ResponseData = {
    exchanges: ctx.pages.map((p) => p.exchange),
    status: r.status,
    statusText: r.statusText,
    headers: r.responseHeaders,
    auditId: headerValue(r.responseHeaders, 'audit-id'),
    priorityAndFairness: {
      flowSchemaUid: headerValue(r.responseHeaders, 'x-kubernetes-pf-flowschema-uid'),
      priorityLevelUid: headerValue(r.responseHeaders, 'x-kubernetes-pf-prioritylevel-uid'),
    },
    contentType: headerValue(r.responseHeaders, 'content-type'),
    bodyKind: kindOf(first.body),
    itemCount: ctx.pages.filter(ok).reduce((n, p) => n + itemMetadata(p.body).length, 0),
    totalBytes: ctx.pages.reduce((n, p) => n + p.response.bodyBytes, 0),
    timings: r.timings,
    bodyPreview: preview,
  };
  const bad = ctx.pages.find((p) => !ok(p));
  if (bad) {
    const checked = checkResponse(bad.response, `the request GET ${ctx.data.request!.request.path}`, ctx.data.request!.mapping.resource, { name: ctx.cmd.resourceName, rawPrefix: rawPrefixFor(ctx.cmd.output), list: listContextFor(ctx) });
    if ('error' in checked) throw new StageFailure<'response'>(checked.error, data);
  }
  return data;
}
