// One live panel per stage, chosen by the result's name; plus the raw "details" view and the one-line
// fact each stage contributes to the summary.
import type { AnyStageResult, StageName } from '../../trace/types.js';
import type { Line } from '../components/lines.js';
import { blankLine, headingLine, preformattedLines, textLine } from '../components/lines.js';
import type { ViewContext } from '../components/viewContext.js';
import { noteLines } from '../components/LookAt.js';
import { colors, marks } from '../theme.js';
import { formatBytes, printable, wrapText } from '../../text/index.js';
import { authzView } from './AuthzView.js';
import { errorLines, notReachedLines } from './common.js';
import { etcdView } from './EtcdView.js';
import { formatView } from './FormatView.js';
import { kubeconfigView } from './KubeconfigView.js';
import { parseView } from './ParseView.js';
import { requestView } from './RequestView.js';
import { responseView } from './ResponseView.js';
import { watchView } from './WatchView.js';
import { admissionLines, storageWriteLines, watchedLines, writeRequestLines } from '../../render/write-lines.js';
import { pathAndQueryOf } from '../../kube/display-url.js';

function dataLines(r: AnyStageResult, ctx: ViewContext): Line[] {
  switch (r.name) {
    case 'parse':
      return r.data === null ? [] : parseView(r.data, ctx);
    case 'kubeconfig':
      return r.data === null ? [] : kubeconfigView(r.data, ctx);
    case 'request':
      return r.data === null ? [] : r.data.write ? [...writeRequestLines(r.data.write).map((l) => textLine(l)), blankLine(), ...requestView(r.data, ctx)] : requestView(r.data, ctx);
    case 'authz':
      return r.data === null ? [] : authzView(r.data, ctx);
    case 'etcd':
      return r.data === null ? [] : etcdView(r.data, ctx);
    case 'response':
      return r.data === null ? [] : responseView(r.data, ctx);
    case 'format':
      return r.data === null ? [] : formatView(r.data, ctx);
    case 'watch':
      return r.data === null ? [] : watchView(r.data, ctx);
    case 'admission':
      return r.data === null ? [] : admissionLines(r.data).map((l) => textLine(l));
    case 'write':
      return r.data === null ? [] : storageWriteLines(r.data).map((l) => textLine(l));
    case 'watched':
      return r.data === null ? [] : watchedLines(r.data).map((l) => textLine(l));
  }
}

/** Follows a dotted path ("request.url", "items.0.key") into plain data. */
export function valueAt(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A look_at value in words: never `null`, `[]` or an empty string on screen. */
function showValue(v: unknown): string {
  if (v === undefined) return '(not in this run)';
  if (v === null) return '(none in this run)';
  if (typeof v === 'string') return v === '' ? '(empty in this run)' : v;
  if (Array.isArray(v) && v.length === 0) return '(none in this run)';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The live panel for a stage that has run: its data, its error where it happened, or "not reached". */
export function stageLines(r: AnyStageResult, ctx: ViewContext, stoppedAt: StageName | null): Line[] {
  if (r.status === 'skipped') return notReachedLines(stoppedAt, ctx.width, r.reason);
  const body = dataLines(r, ctx);
  const lines: Line[] = [];
  if (r.status === 'error' && r.error !== undefined) {
    lines.push(...errorLines(r.error, ctx.width));
    if (body.length > 0) lines.push(blankLine(), headingLine('What was gathered before it failed', ctx.width, colors.muted));
  }
  // look_at fields this view did not show as a row are listed up front, with their live value.
  const unseen = [...ctx.lookAt.entries()].filter(([field]) => !ctx.seen.has(field));
  if (unseen.length > 0 && r.data !== null) {
    const look: Line[] = [headingLine('Look at', ctx.width, colors.lookAt)];
    for (const [field, note] of unseen) {
      const value = showValue(valueAt(r.data, field));
      const rows = wrapText(printable(`${field} = ${value}`), ctx.width - 2);
      for (const [i, row] of (rows.length > 2 ? [...rows.slice(0, 2), '… (d shows all)'] : rows).entries()) {
        look.push(textLine(`${i === 0 ? marks.lookAt : ' '} ${row}`, { color: colors.lookAt, bold: i === 0 }));
      }
      look.push(...noteLines(note, ctx.width, 2));
    }
    lines.push(...look, blankLine());
  }
  lines.push(...body);
  return lines;
}

/** "d": the raw data of the stage, every field, pretty-printed JSON (bodies expanded). */
export function detailLines(r: AnyStageResult, width: number): Line[] {
  const lines: Line[] = [];
  if (r.error !== undefined) lines.push(...preformattedLines(JSON.stringify(r.error, null, 2), width, { color: colors.fail }));
  if (r.name === 'response' && r.data !== null) {
    lines.push(headingLine('Response body (last page)', width));
    lines.push(...preformattedLines(prettyJson(r.data.bodyPreview), width));
    lines.push(blankLine(), headingLine('All fields', width));
    const { bodyPreview: _omit, ...rest } = r.data;
    lines.push(...preformattedLines(JSON.stringify(rest, null, 2), width));
    return lines;
  }
  if (r.name === 'request' && r.data !== null) {
    // The request itself first (its headers as sent, Authorization masked): what the learner opened this for.
    const { request, ...rest } = r.data;
    lines.push(headingLine('The request', width), ...preformattedLines(JSON.stringify(request, null, 2), width));
    lines.push(blankLine(), headingLine('All other fields', width), ...preformattedLines(JSON.stringify(rest, null, 2), width));
    return lines;
  }
  lines.push(...preformattedLines(r.data === null ? '(no data)' : JSON.stringify(r.data, null, 2), width));
  return lines;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The one fact per stage that the summary shows. */
export function stageFact(r: AnyStageResult): string {
  if (r.status === 'skipped') return 'not reached';
  if (r.status === 'error') return r.error?.message ?? 'failed';
  switch (r.name) {
    case 'parse':
      return r.data?.kubectlEquivalent ?? '';
    case 'kubeconfig':
      return r.data === null ? '' : `context ${r.data.currentContext}, user ${r.data.user.name} (${r.data.user.auth.kind}) → ${r.data.cluster.server}`;
    case 'request':
      return r.data === null ? '' : `${r.data.request.method} ${pathAndQueryOf(r.data.request.url, r.data.request.path)}`;
    case 'authz': {
      if (r.data === null) return '';
      const who = r.data.whoami.available ? r.data.whoami.username : 'you';
      return `${r.data.outcome.allowed ? 'allowed' : 'denied'} for ${who}${r.data.outcome.status !== null ? ` (HTTP ${r.data.outcome.status})` : ''}`;
    }
    case 'etcd':
      return r.data === null ? '' : `${r.data.items.length} objects at resourceVersion ${r.data.listResourceVersion ?? '?'}`;
    case 'response':
      return r.data === null ? '' : `${r.data.status ?? '—'} ${r.data.statusText} · ${r.data.bodyKind ?? '?'} · ${formatBytes(r.data.totalBytes)} · Audit-Id ${r.data.auditId ?? '—'}`;
    case 'format':
      return r.data === null ? '' : `${r.data.rowCount} rows printed, exit code ${r.data.exitCode}`;
    case 'watch':
      return r.data === null ? '' : `${r.data.eventCount} events from resourceVersion ${r.data.fromResourceVersion ?? '?'} to ${r.data.lastResourceVersion ?? '?'}${r.data.ended ? `, ${r.data.ended.reason}` : ', watching'}`;
    case 'admission':
      return r.data === null ? '' : r.data.refusedBy ? `refused: ${r.data.refusedBy.message}` : r.data.steps ? `${r.data.steps.length} steps, ${r.data.steps.reduce((n, s) => n + s.changes.length, 0)} changes` : r.data.observed ? `${r.data.observed.length} fields added by the server` : r.data.note;
    case 'write':
      return r.data === null ? '' : `${r.data.operation} ${r.data.key} · resourceVersion ${r.data.resourceVersionBefore ?? '(new)'} → ${r.data.resourceVersion ?? '—'}${r.data.target.dryRun ? ' (dry run)' : ''}`;
    case 'watched':
      return r.data === null ? '' : r.data.events.length === 0 ? 'no event' : r.data.events.map((e) => `${e.type} ${e.resourceVersion}`).join(', ');
  }
}
