// The response stage: what came back: status line, headers (Audit-Id, priority and fairness), size, body kind,
// the timing waterfall of the first request, and every page of a paged list with its status, size and time.
import type { ResponseData } from '../../trace/types.js';
import { httpResponseLines } from '../components/HttpRequestView.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine, seg, wideLine } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';
import { otherStage } from '../components/viewContext.js';
import { waterfallLines } from '../components/Waterfall.js';
import { colors } from '../theme.js';
import { formatBytes, formatMs, padEnd, padStart } from '../../text/index.js';
import { apfNames, pageLabel, redirectSentences, type ApfName } from '../../render/facts.js';
import { pathAndQueryOf } from '../../kube/display-url.js';

const OF: Record<ResponseData['of'], string> = {
  list: "kubectl's list",
  get: "kubectl's GET of one object",
  discovery: "kubectl's discovery request (the list was never sent)",
  write: "kubectl's write (POST, PATCH or DELETE)",
};

function apfValue(n: ApfName, kind: 'flowschemas' | 'prioritylevelconfigurations'): string {
  if (n.uid === null) return n.name ?? '(no header: the server did not say)';
  if (n.name !== null) return `${n.name}  (UID ${n.uid})`;
  return `UID ${n.uid} (the response names only the UID; kubectl get ${kind} -o custom-columns=NAME:.metadata.name,UID:.metadata.uid finds the name)`;
}

export function responseView(d: ResponseData, ctx: ViewContext): Line[] {
  const first = d.exchanges[0];
  const highlight = new Set(['audit-id', 'content-type']);
  const glass = otherStage(ctx, 'authz')?.insideApiServer?.priorityAndFairness ?? null;
  const pf = apfNames(d.priorityAndFairness, glass);
  const lines: Line[] = [
    ...kvLines(
      [
        { label: 'Answer to', value: OF[d.of] },
        { label: 'Status', value: d.status === null ? 'no response' : `${d.status} ${d.statusText}`, path: 'status', tone: d.status !== null && d.status < 400 ? 'ok' : 'fail' },
        { label: 'Audit-Id', value: d.auditId ?? '(none: the server sent no Audit-Id header)', path: 'auditId', tone: 'accent' },
        { label: 'Body', value: `${d.bodyKind ?? 'unknown kind'} · ${d.itemCount} ${d.bodyKind === 'Table' ? 'rows' : 'items'} · ${formatBytes(d.totalBytes)}${d.exchanges.length > 1 ? ` in ${d.exchanges.length} responses` : ''}`, path: 'bodyKind' },
        { label: 'Content-Type', value: d.contentType ?? '(none)', path: 'contentType' },
        { label: 'Flow schema', value: apfValue(pf.flowSchema, 'flowschemas'), path: 'priorityAndFairness.flowSchemaUid', tone: 'muted' },
        { label: 'Priority lvl', value: apfValue(pf.priorityLevel, 'prioritylevelconfigurations'), path: 'priorityAndFairness.priorityLevelUid', tone: 'muted' },
        ...redirectSentences(d.exchanges).map((value) => ({ label: 'Redirect', value, tone: 'accent' as const })),
      ],
      ctx,
    ),
    blankLine(),
    ...sectionLines(d.exchanges.length > 1 ? 'Timing (page 1)' : 'Timing', ctx, 'timings'),
    ...waterfallLines(d.timings, ctx.width),
  ];
  if (d.exchanges.length > 1) {
    lines.push(blankLine(), ...sectionLines(`${d.exchanges.length} pages`, ctx, 'exchanges'));
    const statusW = Math.max(6, ...d.exchanges.map((x) => String(x.status ?? 'none').length));
    const labels = d.exchanges.map((_, i) => pageLabel(i, d.exchanges.length));
    const labelW = Math.max(...labels.map((l) => l.length));
    lines.push(wideLine(seg(`  ${padEnd('PAGE', labelW)}  ${padEnd('STATUS', statusW)}  ${padStart('SIZE', 9)}  ${padStart('TIME', 8)}  REQUEST`, { color: colors.muted })));
    d.exchanges.forEach((x, i) => {
      const ok = x.status !== null && x.status < 400;
      lines.push(
        wideLine(
          seg(`  ${padEnd(labels[i] ?? '', labelW)}  `),
          seg(padEnd(String(x.status ?? (x.error ?? 'none')), statusW), { color: ok ? colors.ok : colors.fail }),
          seg(`  ${padStart(formatBytes(x.bodyBytes), 9)}  ${padStart(formatMs(x.timings.totalMs), 8)}  ${x.method} ${pathAndQueryOf(x.url)}`),
        ),
      );
    });
  }
  lines.push(
    blankLine(),
    ...sectionLines(d.exchanges.length > 1 ? 'Response headers (page 1)' : 'Response headers', ctx, 'headers'),
    ...httpResponseLines({ httpVersion: first?.httpVersion ?? '', status: d.status, statusText: d.statusText, headers: d.headers, highlight }),
  );
  const tls = first?.tls;
  if (tls !== undefined) {
    const parts = [`${tls.protocol || 'TLS'}${tls.cipher !== '' ? ` ${tls.cipher}` : ''}`];
    parts.push(tls.peerSubjectCN !== '' ? `server CN=${tls.peerSubjectCN}${tls.peerIssuerCN !== '' ? ` issued by CN=${tls.peerIssuerCN}` : ''}` : first?.timings.reusedConnection === true ? 'on a connection opened earlier (its certificate was checked then)' : 'server certificate not recorded for this connection');
    parts.push(tls.authorized ? 'verified' : 'NOT verified');
    lines.push(blankLine(), ...kvLines([{ label: 'TLS', value: parts.join(' · ') }], ctx));
  }
  return lines;
}
