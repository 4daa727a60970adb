// The etcd stage: where the pods live in storage: keys, the list's resourceVersion (etcd's revision), paging
// with continue tokens, and (sandbox only) the storage read the server really did.
import type { EtcdData } from '../../trace/types.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine, paragraphLines, textLine } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';
import { colors } from '../theme.js';
import { formatBytes, padEnd } from '../text/wrap.js';
import { glassBoxLines, glassBoxUnavailableLines } from './common.js';

export function etcdView(d: EtcdData, ctx: ViewContext): Line[] {
  const lines: Line[] = [
    ...kvLines(
      [
        { label: 'List RV', value: d.listResourceVersion ?? '(none)', path: 'listResourceVersion', tone: 'accent' },
        { label: 'Read', value: d.consistentRead ? 'consistent (quorum) read: no resourceVersion was sent' : 'served from the watch cache (resourceVersion given)', path: 'consistentRead' },
        { label: 'Items', value: String(d.items.length), path: 'items' },
        { label: 'Pages', value: String(d.pages.length), path: 'pages' },
      ],
      ctx,
    ),
    ...paragraphLines(d.keyNote, ctx.width, { color: colors.muted }, 2),
    blankLine(),
    ...sectionLines('Keys', ctx, 'items'),
  ];
  if (d.items.length === 0) lines.push(textLine('  (no objects matched)', { color: colors.muted }));
  const keyW = Math.min(Math.max(10, ...d.items.map((i) => i.key.length)), Math.max(10, ctx.width - 18));
  if (d.items.length > 0) lines.push(textLine(`  ${padEnd('KEY', keyW)}  RESOURCEVERSION`, { color: colors.muted }));
  for (const item of d.items) lines.push(textLine(`  ${padEnd(item.key, keyW)}  ${item.resourceVersion}`));
  if (d.pages.length > 1 || d.pages.some((p) => p.continue !== null)) {
    lines.push(blankLine(), ...sectionLines('Pages', ctx, 'pages'));
    d.pages.forEach((p, i) => {
      const cont = p.continue === null ? 'last page' : p.continue.decoded !== null ? `continue → rv ${p.continue.decoded.rv ?? '?'}, start "${p.continue.decoded.start ?? ''}"` : `continue ${p.continue.raw}`;
      lines.push(textLine(`  ${i + 1}. ${p.itemCount} items at rv ${p.resourceVersion ?? '?'} · ${cont}`));
    });
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
        { label: 'Returned', value: `${s.count} of ${s.totalKeysInRange} keys (limit ${s.limit}${s.more ? ', more follow' : ''})`, path: 'insideApiServer.count' },
        { label: 'Size', value: `${formatBytes(s.bytes)} as ${s.encoding}`, path: 'insideApiServer.encoding' },
        ...(s.etcdHeader !== undefined
          ? [{ label: 'etcd header', value: `cluster ${s.etcdHeader.clusterId} member ${s.etcdHeader.memberId} revision ${s.etcdHeader.revision} raft term ${s.etcdHeader.raftTerm}` }]
          : []),
      ],
      inner,
    );
    ctx.seen.add('insideApiServerNote');
    lines.push(...glassBoxLines(body, ctx));
  } else {
    ctx.seen.add('insideApiServer');
    lines.push(...glassBoxUnavailableLines(d.insideApiServerNote, ctx));
  }
  return lines;
}
