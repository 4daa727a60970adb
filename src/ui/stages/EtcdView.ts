// The etcd stage: where the pods live in storage: keys, the list's resourceVersion (etcd's revision), paging
// with continue tokens, and (sandbox only) the storage read the server really did — for which page.
import type { EtcdData } from '../../trace/types.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine, paragraphLines, seg, textLine, wideLine } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';
import { otherStage } from '../components/viewContext.js';
import { colors } from '../theme.js';
import { formatBytes, padEnd } from '../../text/index.js';
import { glassBoxPageLabel, pageLabel } from '../../render/facts.js';
import { glassBoxLines, glassBoxUnavailableLines } from './common.js';

function continueText(p: EtcdData['pages'][number]): string {
  if (p.continue === null) return 'last page (no continue token)';
  const d = p.continue.decoded;
  if (d === null) return `continue token ${p.continue.raw} (not one kube-trace can decode)`;
  return `continue → rv ${d.rv ?? '?'}, start ${JSON.stringify(d.start ?? '')}`;
}

export function etcdView(d: EtcdData, ctx: ViewContext): Line[] {
  const lines: Line[] = [
    ...kvLines(
      [
        { label: 'List RV', value: d.listResourceVersion ?? '(none: the response carried no list resourceVersion)', path: 'listResourceVersion', tone: 'accent' },
        { label: 'Read', value: d.consistentRead ? 'consistent (quorum) read: no resourceVersion was sent' : 'served from the watch cache (resourceVersion given)', path: 'consistentRead' },
        { label: 'Items', value: String(d.items.length), path: 'items' },
        { label: 'Pages', value: d.pages.length === 1 ? '1 (one response)' : String(d.pages.length), path: 'pages' },
      ],
      ctx,
    ),
    ...paragraphLines(d.keyNote, ctx.width, { color: colors.muted }, 2),
    blankLine(),
    ...sectionLines('Keys', ctx, 'items'),
  ];
  if (d.items.length === 0) lines.push(textLine('  (no objects matched)', { color: colors.muted }));
  else {
    // RESOURCEVERSION first: the number is what the lesson talks about; a long key scrolls sideways.
    const rvW = Math.max('RESOURCEVERSION'.length, ...d.items.map((i) => i.resourceVersion.length));
    lines.push(wideLine(seg(`  ${padEnd('RESOURCEVERSION', rvW)}  KEY`, { color: colors.muted })));
    for (const item of d.items) lines.push(wideLine(seg(`  ${padEnd(item.resourceVersion || '(none)', rvW)}  ${item.key}`)));
  }
  if (d.pages.length > 1 || d.pages.some((p) => p.continue !== null)) {
    lines.push(blankLine(), ...sectionLines('Pages', ctx, 'pages'));
    d.pages.forEach((p, i) => {
      lines.push(wideLine(seg(`  ${pageLabel(i, d.pages.length)}: ${p.itemCount} items at rv ${p.resourceVersion ?? '(none)'} · ${continueText(p)}`)));
      if (p.expectedRead !== null) lines.push(...paragraphLines(`read from ${p.expectedRead.servedFrom === 'etcd' ? 'etcd' : 'the watch cache'}${p.expectedRead.revisionCheck ? ' after a revision check' : ''}: ${p.expectedRead.why}`, ctx.width, { color: colors.muted }, 4));
    });
  } else if (d.pages[0]?.expectedRead) {
    const r = d.pages[0].expectedRead;
    lines.push(...paragraphLines(`Expected read (${d.readsFor.note}): from ${r.servedFrom === 'etcd' ? 'etcd' : 'the watch cache'}${r.revisionCheck ? ' after a revision check' : ''}: ${r.why}`, ctx.width, { color: colors.muted }, 2));
  }
  const s = d.insideApiServer;
  if (s !== null) {
    const inner = { ...ctx, width: ctx.width - 2 };
    const body = kvLines(
      [
        { label: 'Backend', value: s.backend === 'etcd' ? 'etcd' : 'in-memory store (the sandbox has no etcd)', path: 'insideApiServer.backend' },
        { label: 'Operation', value: `${s.operation} ${s.key}${s.rangeEnd !== undefined ? ` … ${s.rangeEnd}` : ''}`, path: 'insideApiServer.key', exact: true },
        { label: 'Revision', value: String(s.revision), path: 'insideApiServer.revision', tone: 'accent' },
        { label: 'Served from', value: `${s.servedFrom}${s.consistent ? ' (consistent)' : ''}`, path: 'insideApiServer.servedFrom' },
        { label: 'Returned', value: `${s.count} of ${s.totalKeysInRange} keys (limit ${s.limit || 'none'}${s.more ? ', more follow' : ''})`, path: 'insideApiServer.count' },
        { label: 'Size', value: `${formatBytes(s.bytes)} as ${s.encoding}`, path: 'insideApiServer.encoding' },
        ...(s.etcdHeader !== undefined
          ? [{ label: 'etcd header', value: `cluster ${s.etcdHeader.clusterId} member ${s.etcdHeader.memberId} revision ${s.etcdHeader.revision} raft term ${s.etcdHeader.raftTerm}` }]
          : []),
      ],
      inner,
    );
    ctx.seen.add('insideApiServerNote');
    const record = otherStage(ctx, 'authz')?.insideApiServer ?? null;
    const which = glassBoxPageLabel(record, s.key, d.pages);
    lines.push(...glassBoxLines(body, ctx, 'insideApiServer', which ?? (d.pages.length > 1 ? `one of the ${d.pages.length} pages (the record does not say which)` : null)));
  } else {
    ctx.seen.add('insideApiServer');
    lines.push(...glassBoxUnavailableLines(d.insideApiServerNote, ctx));
  }
  return lines;
}
