// The request stage: the request kubectl sends, exactly as it goes on the wire, and how kubectl learnt
// that "pods" lives at /api/v1 (discovery). Whether it has been sent yet comes from the run.
import type { KubeconfigData, RequestData } from '../../trace/types.js';
import { httpRequestLines } from '../components/HttpRequestView.js';
import { curlRows } from '../../render/curl.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine, paragraphLines, seg, textLine, wideLine } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { RequestState, ViewContext } from '../components/viewContext.js';
import { otherStage } from '../components/viewContext.js';
import { colors } from '../theme.js';
import { formatMs, padEnd } from '../../text/index.js';

const ON_THE_WIRE: Record<RequestState, string> = {
  'not-sent': 'On the wire (not sent yet)',
  sending: 'On the wire (on its way now)',
  sent: 'On the wire (as it was sent)',
  never: 'On the wire (never sent: the trace stopped before)',
};

/** What the headers above say, in words, from this request and this user's credential (never a fixed hint). */
function wireFacts(r: RequestData['request'], auth: KubeconfigData['user']['auth']['kind'] | null): string {
  const accept = r.asTable ? 'Accept asks for a Table (as=Table)' : `Accept asks for ${r.accept.split(',')[0] ?? r.accept}: whole objects, no Table`;
  const authorization = r.headers.find((h) => h.name.toLowerCase() === 'authorization');
  let credential: string;
  if (authorization !== undefined) credential = `Authorization carries ${authorization.value.startsWith('Basic') ? 'a username and password' : 'a bearer token'} (masked here)`;
  else if (auth === 'client-certificate') credential = 'there is no Authorization header: the client certificate is presented in the TLS handshake';
  else if (auth === 'none') credential = 'there are no credentials: the server will see an anonymous request';
  else credential = 'there is no Authorization header';
  return `In this request: ${accept}; ${credential}.`;
}

/** The Accept header as the hint beside it must describe it: the one that is sent. */
function acceptMeaning(r: RequestData['request']): string {
  return r.asTable ? 'yes: the Accept header asks for a Table, so the server prints the columns' : `no: the Accept header asks for ${r.accept.split(',')[0] ?? r.accept}, so kubectl prints the objects itself`;
}

export function requestView(d: RequestData, ctx: ViewContext): Line[] {
  const r = d.request;
  const m = d.mapping;
  const state = ctx.run.request;
  const lines: Line[] = [
    ...sectionLines(ON_THE_WIRE[state], ctx, 'request.headers'),
    ...httpRequestLines({ method: r.method, url: r.url, headers: r.headers }),
    ...paragraphLines(wireFacts(r, otherStage(ctx, 'kubeconfig')?.user.auth.kind ?? null), ctx.width, { color: colors.muted }, 2),
    blankLine(),
    ...kvLines(
      [
        { label: 'URL', value: r.url, path: 'request.url', exact: true, tone: 'accent' },
        { label: 'Path', value: r.path, path: 'request.path', exact: true },
        ...r.query.map((q, i) => ({ label: i === 0 ? 'Query' : '', value: `${q.name}=${q.value}`, path: `request.query.${q.name}`, exact: true })),
        { label: 'Accept', value: r.accept, path: 'request.accept', exact: true },
        { label: 'As Table', value: acceptMeaning(r), path: 'request.asTable' },
        { label: 'Chunk size', value: r.chunkSize === 0 ? 'no paging: one response with every item' : `${r.chunkSize} per page (limit=${r.chunkSize}), then continue`, path: 'request.chunkSize' },
      ],
      ctx,
    ),
    blankLine(),
    ...sectionLines('The same request with curl (c: full screen, and how to run it)', ctx, 'request.curl', colors.muted),
    ...curlRows(r.curlArgs, ctx.width - 2).map((row) => wideLine(seg(`  ${row}`, { color: colors.muted }))),
    blankLine(),
    ...sectionLines('Resource mapping (from discovery)', ctx, 'mapping'),
    ...kvLines(
      [
        { label: 'Resource', value: `${m.resource} → kind ${m.kind}`, path: 'mapping.resource' },
        { label: 'Group/ver', value: `${m.group === '' ? 'core ("")' : m.group} / ${m.version}`, path: 'mapping.group' },
        { label: 'Path', value: m.groupVersionPath, path: 'mapping.groupVersionPath' },
        { label: 'Namespaced', value: m.namespaced ? 'yes' : 'no', path: 'mapping.namespaced' },
        { label: 'Verbs', value: m.verbs.length > 0 ? m.verbs.join(', ') : '(none listed)', path: 'mapping.verbs' },
        { label: 'Short names', value: m.shortNames.length > 0 ? m.shortNames.join(', ') : '(none)', path: 'mapping.shortNames' },
      ],
      ctx,
    ),
    blankLine(),
    ...sectionLines('Discovery', ctx, 'discovery'),
    ...kvLines(
      [
        { label: 'Format', value: d.discovery.format, path: 'discovery.format' },
        { label: 'Cache', value: `${d.discovery.cache.wouldUseCache ? 'kubectl would use its cache' : 'cold: kubectl would ask the server'} — ${d.discovery.cache.reason}`, path: 'discovery.cache.wouldUseCache' },
        { label: 'Cache dir', value: d.discovery.cache.dir, exact: true, tone: 'muted' },
      ],
      ctx,
    ),
  ];
  lines.push(...sectionLines(`Discovery requests (${d.discovery.exchanges.length})`, ctx, 'discovery.exchanges', colors.muted));
  for (const x of d.discovery.exchanges) {
    const status = x.status === null ? (x.error ?? 'no response') : String(x.status);
    let path = x.url;
    try {
      path = new URL(x.url).pathname;
    } catch {
      // keep as is
    }
    // Status and time first, the path last: a long path scrolls sideways, the numbers never go.
    lines.push(wideLine(seg(`  ${padEnd(status, 4)} ${padEnd(formatMs(x.timings.totalMs), 8)} ${x.method} ${path}`, { color: x.status !== null && x.status < 400 ? undefined : colors.fail })));
  }
  if ((d.discovery.log ?? []).length > 0) {
    lines.push(...sectionLines(`kubectl's log lines for them (${d.discovery.log?.length ?? 0})`, ctx, 'discovery.log', colors.muted));
    for (const l of d.discovery.log ?? []) lines.push(wideLine(seg(`  ${l}`, { color: colors.muted })));
  }
  if (state === 'not-sent') lines.push(blankLine(), ...paragraphLines('Press → to send the request. c shows it as a curl command.', ctx.width, { color: colors.accent }));
  else lines.push(blankLine(), textLine('c shows it as a curl command.', { color: colors.muted }));
  return lines;
}
