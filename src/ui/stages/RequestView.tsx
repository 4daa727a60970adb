// The request stage: the request kubectl is about to send, exactly as it will go on the wire, and how kubectl
// learnt that "pods" lives at /api/v1 (discovery). Nothing has been sent yet when this is shown.
import type { RequestData } from '../../trace/types.js';
import { httpRequestLines } from '../components/HttpRequestView.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine, paragraphLines, textLine } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';
import { colors } from '../theme.js';
import { formatMs, padEnd } from '../text/wrap.js';

export function requestView(d: RequestData, ctx: ViewContext): Line[] {
  const r = d.request;
  const m = d.mapping;
  const lines: Line[] = [
    ...sectionLines('On the wire (not sent yet)', ctx, 'request.headers'),
    ...httpRequestLines({ method: r.method, url: r.url, headers: r.headers, width: ctx.width }),
    blankLine(),
    ...kvLines(
      [
        { label: 'URL', value: r.url, path: 'request.url', exact: true, tone: 'accent' },
        { label: 'Path', value: r.path, path: 'request.path', exact: true },
        ...r.query.map((q, i) => ({ label: i === 0 ? 'Query' : '', value: `${q.name}=${q.value}`, path: `request.query.${q.name}`, exact: true })),
        { label: 'Accept', value: r.accept, path: 'request.accept', exact: true },
        { label: 'As Table', value: r.asTable ? 'yes: the server prints the columns' : 'no: kubectl prints the objects itself', path: 'request.asTable' },
        { label: 'Chunk size', value: r.chunkSize === 0 ? 'no paging' : `${r.chunkSize} per page (limit=${r.chunkSize})`, path: 'request.chunkSize' },
        { label: 'curl', value: r.curl, path: 'request.curl', exact: true, tone: 'muted' },
      ],
      ctx,
    ),
    blankLine(),
    ...sectionLines('Resource mapping (from discovery)', ctx, 'mapping'),
    ...kvLines(
      [
        { label: 'Resource', value: `${m.resource} → kind ${m.kind}`, path: 'mapping.resource' },
        { label: 'Group/ver', value: `${m.group === '' ? 'core ("")' : m.group} / ${m.version}`, path: 'mapping.group' },
        { label: 'Path', value: m.groupVersionPath, path: 'mapping.groupVersionPath' },
        { label: 'Namespaced', value: m.namespaced ? 'yes' : 'no', path: 'mapping.namespaced' },
        { label: 'Verbs', value: m.verbs.join(', '), path: 'mapping.verbs' },
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
    const status = x.status === null ? 'no response' : String(x.status);
    let path = x.url;
    try {
      path = new URL(x.url).pathname;
    } catch {
      // keep as is
    }
    lines.push(
      textLine(`  ${padEnd(x.method, 4)} ${padEnd(path, Math.max(10, ctx.width - 26))} ${padEnd(status, 4)} ${formatMs(x.timings.totalMs)}`, {
        color: x.status !== null && x.status < 400 ? undefined : colors.fail,
      }),
    );
  }
  lines.push(blankLine(), ...paragraphLines('Press → to send the request. c shows it as a curl command.', ctx.width, { color: colors.accent }));
  return lines;
}
