// The response stage: what came back: status line, headers (Audit-Id, priority and fairness), size, body kind and
// the timing waterfall of the list request.
import type { ResponseData } from '../../trace/types.js';
import { httpResponseLines } from '../components/HttpRequestView.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine, textLine } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';
import { waterfallLines } from '../components/Waterfall.js';
import { colors } from '../theme.js';
import { formatBytes, formatMs } from '../text/wrap.js';

export function responseView(d: ResponseData, ctx: ViewContext): Line[] {
  const first = d.exchanges[0];
  const highlight = new Set(['audit-id', 'content-type']);
  const lines: Line[] = [
    ...kvLines(
      [
        { label: 'Status', value: d.status === null ? 'no response' : `${d.status} ${d.statusText}`, path: 'status', tone: d.status !== null && d.status < 400 ? 'ok' : 'fail' },
        { label: 'Audit-Id', value: d.auditId ?? '(none)', path: 'auditId', tone: 'accent' },
        { label: 'Body', value: `${d.bodyKind ?? 'unknown'} · ${d.itemCount} ${d.bodyKind === 'Table' ? 'rows' : 'items'} · ${formatBytes(d.totalBytes)}`, path: 'bodyKind' },
        { label: 'Content-Type', value: d.contentType ?? '(none)', path: 'contentType' },
        { label: 'Flow schema', value: d.priorityAndFairness.flowSchemaUid ?? '(none)', path: 'priorityAndFairness.flowSchemaUid', tone: 'muted' },
        { label: 'Priority lvl', value: d.priorityAndFairness.priorityLevelUid ?? '(none)', path: 'priorityAndFairness.priorityLevelUid', tone: 'muted' },
      ],
      ctx,
    ),
    blankLine(),
    ...sectionLines('Timing', ctx, 'timings'),
    ...waterfallLines(d.timings, ctx.width),
    blankLine(),
    ...sectionLines('Response headers', ctx, 'headers'),
    ...httpResponseLines({ httpVersion: first?.httpVersion ?? '', status: d.status, statusText: d.statusText, headers: d.headers, width: ctx.width, highlight }),
  ];
  if (d.exchanges.length > 1) {
    lines.push(blankLine(), ...sectionLines(`${d.exchanges.length} pages`, ctx, 'exchanges'));
    for (const x of d.exchanges) {
      lines.push(textLine(`  ${x.method} ${x.url}  ${x.status ?? '—'}  ${formatBytes(x.bodyBytes)}  ${formatMs(x.timings.totalMs)}`, { color: x.status !== null && x.status < 400 ? undefined : colors.fail }));
    }
  }
  if (first?.tls !== undefined) {
    lines.push(
      blankLine(),
      ...kvLines(
        [{ label: 'TLS', value: `${first.tls.protocol} ${first.tls.cipher} · server CN=${first.tls.peerSubjectCN} issued by CN=${first.tls.peerIssuerCN}${first.tls.authorized ? ' · verified' : ' · NOT verified'}` }],
        ctx,
      ),
    );
  }
  return lines;
}
