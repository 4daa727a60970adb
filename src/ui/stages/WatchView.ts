// The watch stage: the watch request kubectl opens from the list's resourceVersion, then the events as
// they arrive (this view is redrawn from each snapshot while the watch is open), each with its type,
// object, resourceVersion and the row kubectl printed for it, and how the watch ended.
import type { WatchData } from '../../trace/types.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine, line, seg, textLine, wideTextLines } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';
import { colors } from '../theme.js';
import { formatMs, printable } from '../../text/index.js';
import { pathAndQueryOf } from '../../kube/display-url.js';

const TYPE_COLOR: Record<string, string> = { ADDED: colors.ok, MODIFIED: colors.accent, DELETED: colors.fail, ERROR: colors.fail, BOOKMARK: colors.muted };

export function watchView(d: WatchData, ctx: ViewContext): Line[] {
  const r = d.watchRequest;
  const lines: Line[] = [
    ...kvLines(
      [
        { label: 'Watch', value: `${r.method} ${pathAndQueryOf(r.url)}`, path: 'watchRequest.url', tone: 'accent' },
        { label: 'Status', value: d.open ? 'the stream is open: events arrive below' : r.status === null ? 'no response' : `${r.status} ${r.statusText} · ${r.httpVersion}`, path: 'watchRequest.status', tone: r.status !== null && r.status < 300 ? 'ok' : 'muted' },
        { label: 'From', value: `resourceVersion ${d.fromResourceVersion ?? '—'}, the list's: only what changed after it arrives`, path: 'fromResourceVersion' },
        { label: 'Bookmarks', value: d.bookmarksRequested ? 'asked for' : 'not asked for (kubectl sends no allowWatchBookmarks)', path: 'bookmarksRequested', tone: 'muted' },
      ],
      ctx,
    ),
    blankLine(),
    ...sectionLines(d.open ? `Events (${d.eventCount}) · watching…` : `Events (${d.eventCount})`, ctx, 'events'),
  ];
  if (d.events.length === 0) lines.push(textLine(d.open ? '  waiting for the first change…' : '  (none arrived)', { color: colors.muted }));
  for (const e of d.events) {
    const who = e.name === null ? '(no name)' : e.namespace ? `${e.namespace}/${e.name}` : e.name;
    lines.push(
      line(
        seg(`  #${e.seq} `, { color: colors.muted }),
        seg(`+${formatMs(e.atMs)} `.padEnd(11), { color: colors.muted }),
        seg(e.type.padEnd(9), { color: TYPE_COLOR[e.type] ?? colors.accent, bold: true }),
        seg(printable(who)),
        seg(`  rv ${e.resourceVersion ?? '—'}`, { color: colors.accent }),
      ),
    );
    if (e.printed !== '') lines.push(...wideTextLines(e.printed.replace(/\n$/, ''), { color: colors.muted }, 6));
    if (e.status) lines.push(textLine(`      ${e.status.code ?? ''} ${e.status.reason}: ${printable(e.status.message)}`, { color: colors.fail }));
  }
  lines.push(
    blankLine(),
    ...kvLines(
      [
        { label: 'Last rv', value: d.lastResourceVersion ?? '—', path: 'lastResourceVersion' },
        { label: 'Ended', value: d.ended === null ? 'still open (Ctrl-C or --request-timeout ends it)' : `after ${formatMs(d.ended.afterMs)}: ${d.ended.detail}`, path: 'ended', tone: d.ended === null ? 'accent' : 'muted' },
        { label: 'Exit code', value: String(d.exitCode), path: 'exitCode' },
      ],
      ctx,
    ),
  );
  return lines;
}
