// Stage "watch" (get -w): the watch request kubectl opens from the list's resourceVersion, every event
// in the order it arrived (type, object, resourceVersion, when), what kubectl printed for each, and
// how the watch ended. A projection of the watch step, also of a snapshot taken while it is open.
import { headerValue } from '../../kube/headers.js';
import { asStatus } from '../../kube/kubectl-errors.js';
import type { WatchEventSeen, WatchOutput } from '../steps/types.js';
import type { WatchData, WatchEventData, WatchEndReason } from '../types.js';
import { failed, missing, notReached, ok, type StageDef } from './outcome.js';
import { watchPrinterAfterList } from './watch-print.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The object an event is about: the resource itself, or a Table row's object (PartialObjectMetadata). */
function aboutOf(e: WatchEventSeen): { meta: Json | null; row: string[] | null; columnDefinitions: boolean } {
  const o = obj(e.object);
  if (o !== null && o['kind'] === 'Table') {
    const rows = Array.isArray(o['rows']) ? o['rows'] : [];
    const first = obj(rows[0]);
    const cells = Array.isArray(first?.['cells']) ? (first['cells'] as unknown[]).map((c) => (typeof c === 'string' ? c : JSON.stringify(c))) : null;
    // A Table's own metadata holds only a resourceVersion; the row's object holds the rest.
    const rowMeta = obj(obj(first?.['object'])?.['metadata']);
    const tableMeta = obj(o['metadata']);
    return { meta: rowMeta ?? tableMeta, row: cells, columnDefinitions: Array.isArray(o['columnDefinitions']) && o['columnDefinitions'].length > 0 };
  }
  return { meta: obj(o?.['metadata']), row: null, columnDefinitions: false };
}

const ENDED: Record<WatchEndReason, string> = {
  'server-closed': 'the server ended the response (kube-apiserver ends every watch after a while: --min-request-timeout, 1800 s by default, randomised up to twice that); kubectl get -w then exits',
  'request-timeout': '--request-timeout ran out: client-go\'s http.Client.Timeout covers the whole watch, so kubectl stops reading and exits 0',
  interrupted: 'Ctrl-C: kubectl\'s interrupt handler cancels the watch and exits with code 1',
  'http-error': 'the server refused the watch: no stream, only a Status',
  network: 'the connection failed',
  'decode-error': 'the bytes that arrived were not watch events',
};

function endedData(w: WatchOutput): WatchData['ended'] {
  if (w.ended === null) return null;
  const detail = w.ended === 'decode-error' ? `${ENDED[w.ended]}: ${w.decodeError ?? ''}` : w.ended === 'network' && w.failure ? `${ENDED[w.ended]}: ${w.failure.code} ${w.failure.detail}` : ENDED[w.ended];
  return { reason: w.ended, afterMs: w.endedAtMs ?? 0, detail };
}

export const watchStage: StageDef<'watch'> = {
  needs: ['watch'],
  project: ({ cmd, steps, stoppedAt }) => {
    const w = steps.watch;
    if (w === undefined) return missing('watch', 'watch', stoppedAt);
    if (w.notSent !== null) return notReached(`No watch was opened: ${w.notSent}.`);
    const printing = watchPrinterAfterList(cmd, steps);
    if (printing === null) return missing('watch', 'discovery', stoppedAt);
    const events: WatchEventData[] = [];
    let stdout = '';
    let bookmarks = 0;
    let lastRv: string | null = w.fromResourceVersion;
    for (const [i, e] of w.events.entries()) {
      const about = aboutOf(e);
      const rv = str(about.meta?.['resourceVersion']);
      if (rv !== null) lastRv = rv;
      if (e.type === 'BOOKMARK') bookmarks++;
      const status = e.type === 'ERROR' ? asStatus(e.object) : undefined;
      // kubectl prints every event's object (it never asks for bookmarks); an ERROR's Status is not a Table row.
      const printed = e.type === 'BOOKMARK' || e.type === 'ERROR' ? '' : printing.printer.printEvent(e.type, e.object);
      stdout += printed;
      events.push({
        seq: w.dropped + i + 1,
        type: e.type,
        namespace: str(about.meta?.['namespace']),
        name: str(about.meta?.['name']),
        resourceVersion: rv,
        atMs: e.atMs,
        bytes: e.bytes,
        row: about.row,
        columnDefinitions: about.columnDefinitions,
        printed,
        status: status ? { code: typeof status.code === 'number' ? status.code : null, reason: status.reason ?? '', message: status.message ?? '' } : null,
      });
    }
    const ex = w.exchange;
    const data: WatchData = {
      watchRequest: {
        method: 'GET',
        url: ex?.url ?? w.request?.url ?? '',
        headers: ex?.requestHeaders ?? w.request?.headers ?? [],
        httpVersion: ex?.httpVersion ?? '',
        status: ex?.status ?? null,
        statusText: ex?.statusText ?? '',
        responseHeaders: ex?.responseHeaders ?? [],
        auditId: ex ? headerValue(ex.responseHeaders, 'audit-id') : null,
      },
      fromResourceVersion: w.fromResourceVersion,
      bookmarksRequested: false,
      watchOnly: cmd.watch?.only === true,
      outputWatchEvents: cmd.watch?.outputEvents === true,
      events,
      eventsDropped: w.dropped,
      eventCount: w.dropped + w.events.length,
      bookmarkCount: bookmarks,
      lastResourceVersion: lastRv,
      open: w.open,
      ended: endedData(w),
      stdout,
      stderr: '',
      exitCode: w.ended === 'interrupted' ? 1 : 0,
    };
    if (w.ended === 'http-error') {
      const s = asStatus(w.body);
      // r.Watch's error, as checkErr prints an API status.
      data.stderr = s?.reason ? `Error from server (${s.reason}): ${s.message ?? ''}\n` : `error: ${ex?.status ?? ''} ${ex?.statusText ?? ''}\n`;
      data.exitCode = 1;
      return failed({ kind: ex?.status === 403 ? 'forbidden' : 'server-error', message: `The server refused the watch: ${ex?.status ?? ''} ${s?.message ?? ex?.statusText ?? ''}`.trim(), hint: 'A watch needs the "watch" verb in RBAC as well as "list".' }, data);
    }
    return ok(data);
  },
};
