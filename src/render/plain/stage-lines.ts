// One function per stage: its live data as labelled text lines for the plain presentation.

import type {
  AuthzData,
  EtcdData,
  FormatData,
  HttpExchange,
  HttpTimings,
  KubeconfigData,
  ParseData,
  RequestData,
  ResponseData,
  StageDataMap,
  StageName,
  WatchData,
  WatchEventData,
  AdmissionData,
  WriteWatchData,
  WriteRequestData,
  WriteStorageData,
} from '../../trace/types.js';
import { admissionLines, storageWriteLines, watchedLines as watchedLinesOf, writeRequestLines } from '../write-lines.js';
import type { GlassBoxRecord } from '../../glassbox/types.js';
import type { AnyStageResult } from '../../trace/types.js';
import { curlRows, curlVariables, extractSteps, withCredentials, type ExportedCredentials } from '../curl.js';
import { apfNames, flagValue, glassBoxPageLabel, pageLabel, redirectSentences } from '../facts.js';
import { pathAndQueryOf } from '../../kube/display-url.js';

export type Line = string;

/** What one stage's lines take from the rest of the run: the stages printed before it, the exported credentials. */
export interface PlainContext {
  previous: readonly AnyStageResult[];
  credentials: ExportedCredentials | null;
  width: number;
  /** The watch's events were printed as they arrived: the final block counts them instead of repeating them. */
  eventsShownLive?: boolean;
}

const NO_CONTEXT: PlainContext = { previous: [], credentials: null, width: 100 };

function earlier<N extends StageName>(ctx: PlainContext, name: N): StageDataMap[N] | null {
  const r = ctx.previous.find((x) => x.name === name);
  // The result with this name carries this stage's data.
  return (r?.data ?? null) as StageDataMap[N] | null;
}

const LABEL_WIDTH = 18;

export function kv(label: string, value: string | number | boolean | null | undefined): Line {
  const v = value === null || value === undefined || value === '' ? '—' : String(value);
  return `${label.padEnd(LABEL_WIDTH - 1)} ${v}`;
}

function indent(lines: Line[], by = 2): Line[] {
  return lines.map((l) => ' '.repeat(by) + l);
}

export function ms(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n < 10 ? `${n.toFixed(1)} ms` : `${Math.round(n)} ms`;
}

function exchangeLine(x: HttpExchange): Line {
  const status = x.status === null ? (x.error ?? 'no response') : `${x.status}`;
  const via = x.connection?.proxy ? `  via ${x.connection.proxy.kind} proxy ${x.connection.proxy.url}` : '';
  return `${x.method} ${x.url}${via}  →  ${status}  ${ms(x.timings.totalMs)}${x.by === 'kube-trace' ? '  (kube-trace\'s own request)' : ''}`;
}

function parseLines(d: ParseData, ctx: PlainContext): Line[] {
  const k = earlier(ctx, 'kubeconfig');
  const lines: Line[] = [
    kv('argv', d.argv.join(' ')),
    kv('verb / resource', `${d.verb} ${d.resource}${d.resourceName ? ` ${d.resourceName}` : ''}`),
    kv('output', d.output),
    kv('presentation', d.mode),
    kv('kubectl runs', d.kubectlEquivalent),
    'flags:',
  ];
  for (const f of d.flags) lines.push(kv(`  --${f.name}`, flagValue(f, k)));
  return lines;
}

function kubeconfigLines(d: KubeconfigData): Line[] {
  const lines: Line[] = [];
  if (d.sandbox) {
    lines.push(kv('sandbox', `${d.sandbox.server} (scenario ${d.sandbox.scenario}; ${d.sandbox.reason === 'flag' ? '--sandbox' : 'no kubeconfig found'})`));
  }
  for (const f of d.files) lines.push(kv('file', `${f.path}${f.exists ? '' : ' (missing)'}  [${f.source}]`));
  lines.push(kv('context', `${d.currentContext}  (${d.contextSource === 'flag' ? 'from --context' : 'current-context'})`));
  lines.push(kv('cluster', `${d.cluster.name}  ${d.cluster.server}`));
  const t = d.cluster.trust;
  const trust =
    t.kind === 'insecure-skip-verify'
      ? 'insecure-skip-tls-verify: the server certificate is NOT checked'
      : t.kind === 'system-roots'
        ? "the system's root CAs"
        : `${t.kind === 'ca-file' ? `CA file ${t.caFile ?? ''}` : 'CA data (certificate-authority-data)'}${t.ca ? `: CN=${t.ca.subjectCN}, expires ${t.ca.notAfter}` : ''}`;
  lines.push(kv('server trust', trust));
  if (t.tlsServerName) lines.push(kv('tls-server-name', t.tlsServerName));
  if (d.cluster.proxyUrl) lines.push(kv('proxy', `${d.cluster.proxyUrl} — kubectl connects through it, and so does this trace (each exchange names the proxy it went through)`));
  lines.push(kv('user', `${d.user.name}  (${d.user.auth.kind})`));
  for (const det of d.user.auth.details) lines.push(kv(`  ${det.name}`, det.value));
  lines.push(kv('namespace', `${d.namespace.value}  (${namespaceSource(d.namespace.source)})`));
  return lines;
}

function namespaceSource(s: KubeconfigData['namespace']['source']): string {
  switch (s) {
    case 'flag':
      return 'from -n';
    case 'context':
      return "from the context's namespace";
    case 'default':
      return 'no namespace anywhere: the "default" fallback';
    case 'all-namespaces':
      return '-A: every namespace';
  }
}

function requestLines(d: RequestData, ctx: PlainContext): Line[] {
  const lines: Line[] = ['discovery (kubectl asks the server which resources exist):'];
  lines.push(...indent(d.discovery.exchanges.map(exchangeLine)));
  lines.push(kv('  format', d.discovery.format));
  lines.push(kv('  kubectl cache', d.discovery.cache.dir));
  lines.push(kv('', `${d.discovery.cache.wouldUseCache ? 'warm: kubectl would answer from its cache' : 'cold'} — ${d.discovery.cache.reason}`));
  const m = d.mapping;
  lines.push(kv('mapping', `${m.resource} → ${m.groupVersionPath}, kind ${m.kind}, ${m.namespaced ? 'namespaced' : 'cluster-scoped'}`));
  lines.push('', 'the request kubectl sends:');
  // The path and query as on the wire: the engine's URL, not encoded again here.
  lines.push(`  ${d.request.method} ${pathAndQueryOf(d.request.url)}`);
  for (const h of d.request.headers) lines.push(`  ${h.name}: ${h.value}`);
  lines.push(kv('  as a Table?', d.request.asTable ? 'yes: the server renders the columns' : 'no: plain objects'));
  lines.push(kv('  page size', d.request.chunkSize === 0 ? 'no paging' : `limit=${d.request.chunkSize}, following continue`));
  lines.push('', ...curlSection(d, ctx));
  return lines;
}

/** The curl line: ready to run with exported sandbox credentials, or with how to set what it names. */
function curlSection(d: RequestData, ctx: PlainContext): Line[] {
  const words = d.request.curlArgs;
  const rows = (w: typeof words): Line[] => curlRows(w, Math.max(40, ctx.width - 4)).map((r) => `  ${r}`);
  if (ctx.credentials !== null) {
    return [
      `try it yourself (ready to run while this kube-trace's sandbox runs; files in ${ctx.credentials.dir}):`,
      ...rows(withCredentials(words, ctx.credentials)),
    ];
  }
  const lines: Line[] = ['try it yourself:', ...rows(words)];
  const variables = curlVariables(words);
  if (variables.length === 0) return lines;
  const kc = earlier(ctx, 'kubeconfig');
  if (kc !== null && kc.sandbox !== null) {
    lines.push(`  it names ${variables.map((v) => `$${v}`).join(', ')}: --export-credentials DIR writes them for this sandbox (the walkthrough's curl overlay has the key e).`);
  } else if (kc !== null) {
    lines.push(`  it names ${variables.map((v) => `$${v}`).join(', ')}; they hold secrets from your kubeconfig, so kube-trace writes none of them. To set them:`);
    for (const step of extractSteps(words, kc)) {
      lines.push(`    $${step.variable}: ${step.what}`);
      if (step.command !== null) lines.push(`      ${step.command}`);
      if (step.note !== undefined) lines.push(`      (${step.note})`);
    }
  }
  return lines;
}

function glassBoxAuthLines(g: GlassBoxRecord): Line[] {
  const first = /(^|[?&])continue=/.test(g.query) ? '' : ' (the first request)';
  const lines: Line[] = [`inside the API server — sandbox only, for ${g.method} ${g.path}${g.query !== '' ? `?${g.query.replace(/^\?/, '')}` : ''}${first}:`];
  const a = g.authentication;
  lines.push(kv('  authentication', `${a.authenticator}: ${a.user ? `${a.user.username} [${a.user.groups.join(', ')}]` : 'none'} — ${a.detail}`));
  if (g.priorityAndFairness) {
    lines.push(kv('  APF', `flow schema ${g.priorityAndFairness.flowSchema} → priority level ${g.priorityAndFairness.priorityLevel}`));
  }
  if (g.authorization) {
    const z = g.authorization;
    lines.push(kv('  authorization', `${z.decision}: ${z.reason}`));
    if (z.matched) {
      const mt = z.matched;
      lines.push(kv('    binding', `${mt.binding.kind} ${mt.binding.namespace ? mt.binding.namespace + '/' : ''}${mt.binding.name} (subject ${mt.subject.kind} ${mt.subject.name})`));
      lines.push(kv('    role', `${mt.role.kind} ${mt.role.namespace ? mt.role.namespace + '/' : ''}${mt.role.name}`));
      lines.push(kv('    rule', `verbs [${mt.rule.verbs.join(',')}] apiGroups [${mt.rule.apiGroups.map((x) => JSON.stringify(x)).join(',')}] resources [${mt.rule.resources.join(',')}]`));
    }
    for (const c of z.considered.slice(0, 6)) lines.push(kv('    considered', c));
  }
  lines.push(kv('  handler chain', g.steps.map((s) => `${s.step} ${ms(s.durationMs)}`).join(' → ')));
  return lines;
}

function authzLines(d: AuthzData): Line[] {
  const lines: Line[] = [];
  lines.push(
    d.whoami.available
      ? kv('you are', `${d.whoami.username}  groups [${d.whoami.groups.join(', ')}]  (SelfSubjectReview)`)
      : kv('you are', `unknown: ${d.whoami.reason}`),
  );
  if (d.access.available) {
    const at = d.access.attributes;
    lines.push(kv('may you?', `${at.verb} ${at.resource}${at.namespace ? ` in namespace ${at.namespace}` : ' in all namespaces'}: ${d.access.allowed ? 'yes' : 'no'}${d.access.reason ? ` — ${d.access.reason}` : ''}  (SelfSubjectAccessReview)`));
  } else {
    lines.push(kv('may you?', `unknown: ${d.access.reason}`));
  }
  lines.push(kv('the real request', `${d.outcome.status ?? 'no response'}${d.outcome.statusMessage ? ` — ${d.outcome.statusMessage}` : d.outcome.allowed ? ' — allowed' : ''}`));
  if (d.insideApiServer) lines.push(...glassBoxAuthLines(d.insideApiServer));
  else lines.push(kv('inside the server', d.insideApiServerNote));
  return lines;
}

function etcdLines(d: EtcdData, ctx: PlainContext): Line[] {
  const lines: Line[] = [
    kv('list revision', d.listResourceVersion ? `${d.listResourceVersion}  (metadata.resourceVersion: the etcd revision the list was read at)` : null),
    kv('read kind', d.consistentRead ? 'consistent read (no resourceVersion sent): served at the latest revision' : 'resourceVersion given: may be served from the watch cache'),
  ];
  d.pages.forEach((p, i) => {
    const cont = p.continue ? `continue → ${p.continue.decoded ? JSON.stringify(p.continue.decoded) : 'opaque token'}` : 'last page';
    lines.push(kv(pageLabel(i, d.pages.length), `${p.itemCount} items at revision ${p.resourceVersion ?? '—'}; ${cont}`));
    if (p.expectedRead) lines.push(kv('', `expected read: ${p.expectedRead.servedFrom}${p.expectedRead.revisionCheck ? ' after a revision check' : ''} — ${p.expectedRead.why}`));
  });
  lines.push(d.keyNote);
  const shown = d.items.slice(0, 20);
  for (const it of shown) lines.push(`  ${it.key.padEnd(48)} mod revision ${it.resourceVersion}`);
  if (d.items.length > shown.length) lines.push(`  … and ${d.items.length - shown.length} more`);
  const s = d.insideApiServer;
  if (s) {
    const which = glassBoxPageLabel(earlier(ctx, 'authz')?.insideApiServer ?? null, s.key, d.pages);
    lines.push(`inside the API server — sandbox only${which !== null ? `, ${which}` : d.pages.length > 1 ? `, one of the ${d.pages.length} pages` : ''}:`);
    lines.push(kv('  storage', `${s.backend} ${s.operation} ${s.key}${s.rangeEnd ? ` … ${s.rangeEnd}` : ''}`));
    lines.push(kv('  revision', `${s.revision} (${s.consistent ? 'consistent' : 'not consistent'}, served from ${s.servedFrom})`));
    lines.push(kv('  read', `limit ${s.limit || 'none'}, ${s.count} of ${s.totalKeysInRange} keys, ${s.more ? 'more remain' : 'no more'}, ${s.bytes} bytes as ${s.encoding}`));
    if (s.etcdHeader) {
      const h = s.etcdHeader;
      lines.push(kv('  etcd header', `cluster ${h.clusterId} member ${h.memberId} revision ${h.revision} raft term ${h.raftTerm}`));
    }
  } else {
    lines.push(kv('inside the server', d.insideApiServerNote));
  }
  return lines;
}

/** A one-line waterfall: each phase as a bar proportional to its share of the total. */
export function waterfall(t: HttpTimings, width = 40): Line[] {
  const phases: [string, number | null][] = [
    ['dns', t.dnsMs],
    ['connect', t.connectMs],
    ['tls', t.tlsMs],
    ['first byte', t.ttfbMs],
    ['download', t.downloadMs],
  ];
  const total = Math.max(t.totalMs, 0.001);
  let offset = 0;
  const lines: Line[] = [];
  for (const [name, v] of phases) {
    if (v === null) {
      lines.push(`  ${name.padEnd(11)}${' '.repeat(width)}  ${name === 'tls' || name === 'connect' ? (t.reusedConnection ? 'reused connection' : '—') : '—'}`);
      continue;
    }
    const start = Math.min(width, Math.round((offset / total) * width));
    const len = Math.max(1, Math.round((v / total) * width));
    const bar = ' '.repeat(start) + '█'.repeat(Math.min(len, width - start || 1));
    lines.push(`  ${name.padEnd(11)}${bar.padEnd(width)}  ${ms(v)}`);
    offset += v;
  }
  lines.push(`  ${'total'.padEnd(11)}${' '.repeat(width)}  ${ms(t.totalMs)}`);
  return lines;
}

function apf(n: { name: string | null; uid: string | null }): string {
  if (n.name !== null) return n.uid !== null ? `${n.name} (uid ${n.uid})` : n.name;
  return n.uid !== null ? `uid ${n.uid}` : '—';
}

function responseLines(d: ResponseData, ctx: PlainContext): Line[] {
  const names = apfNames(d.priorityAndFairness, earlier(ctx, 'authz')?.insideApiServer?.priorityAndFairness ?? null);
  const lines: Line[] = [
    kv('answer to', d.of === 'discovery' ? "kubectl's discovery request (the list was never sent)" : d.of === 'get' ? "kubectl's GET of one object" : "kubectl's list"),
    kv('status', `${d.status ?? '—'} ${d.statusText}`),
    kv('Audit-Id', d.auditId),
    kv('APF', `flow schema ${apf(names.flowSchema)}, priority level ${apf(names.priorityLevel)}`),
    kv('Content-Type', d.contentType),
    kv('body', `${d.bodyKind ?? '—'}, ${d.itemCount} items, ${d.totalBytes} bytes in ${d.exchanges.length} response${d.exchanges.length === 1 ? '' : 's'}`),
  ];
  const proxy = d.exchanges[0]?.connection?.proxy;
  if (proxy) lines.push(kv('via proxy', `${proxy.kind} proxy ${proxy.url} (from ${proxy.source})`));
  for (const r of redirectSentences(d.exchanges)) lines.push(kv('redirect', r));
  if (d.exchanges.length > 1) {
    d.exchanges.forEach((x, i) => lines.push(kv(`  ${pageLabel(i, d.exchanges.length)}`, `${x.status ?? x.error ?? 'no response'}  ${x.bodyBytes} bytes  ${ms(x.timings.totalMs)}  ${x.method} ${pathAndQueryOf(x.url)}`)));
  }
  lines.push(d.exchanges.length > 1 ? 'headers (page 1):' : 'headers:', ...d.headers.map((h) => `  ${h.name}: ${h.value}`), d.exchanges.length > 1 ? 'timings (page 1):' : 'timings:', ...waterfall(d.timings));
  return lines;
}

function formatLines(d: FormatData): Line[] {
  const shown = d.columns.filter((c) => c.shown).map((c) => c.name);
  const hidden = d.columns.filter((c) => !c.shown).map((c) => c.name);
  return [
    kv('printed from', d.printedFrom === 'server-table' ? "the server's Table (kubectl only aligns the columns)" : d.printedFrom === 'error' ? "kubectl's error for the refused request" : 'the objects, by kubectl'),
    kv('columns', shown.length > 0 ? shown.join(', ') : d.printedFrom === 'error' ? 'none: the request was refused' : d.output === 'json' || d.output === 'yaml' || d.output === 'name' ? `none: -o ${d.output} asks for whole objects, not a Table` : 'none in this response'),
    ...(hidden.length ? [kv('hidden (wide)', hidden.join(', '))] : []),
    kv('rows', d.rowCount),
    kv('exit code', d.exitCode),
    ...(d.ageExample
      ? [kv('AGE of', `${d.ageExample.name}: created ${d.ageExample.creationTimestamp}${d.ageExample.responseDate ? `, answered ${d.ageExample.responseDate}` : ''} → ${d.ageExample.printedAge}`)]
      : []),
  ];
}

/** One watch event as a line: when, type, which object, its resourceVersion (what kubectl printed is below it). */
export function watchEventLine(e: WatchEventData): Line {
  const who = e.name === null ? '(no name)' : e.namespace ? `${e.namespace}/${e.name}` : e.name;
  const at = `+${(e.atMs / 1000).toFixed(2)} s`;
  const status = e.status ? `  ${e.status.code ?? ''} ${e.status.reason}: ${e.status.message}` : '';
  return `#${e.seq} ${at.padStart(9)}  ${e.type.padEnd(8)}  ${who}  resourceVersion ${e.resourceVersion ?? '—'}${e.columnDefinitions ? '  (with the Table\'s column definitions)' : ''}${status}`;
}

/** The watch's header lines: the request and where it started (the events follow, then how it ended). */
export function watchHeadLines(d: WatchData): Line[] {
  return [
    kv('watch request', `${d.watchRequest.method} ${pathAndQueryOf(d.watchRequest.url)}`),
    ...(d.open
      ? [kv('status', 'the stream is open (its status line and headers are recorded when it ends)')]
      : [kv('status', d.watchRequest.status === null ? 'no response' : `${d.watchRequest.status} ${d.watchRequest.statusText} (${d.watchRequest.httpVersion})`), kv('Audit-Id', d.watchRequest.auditId)]),
    kv('from', `resourceVersion ${d.fromResourceVersion ?? '—'} (the list's): only changes after it arrive, no ADDED for what the list already showed`),
    kv('bookmarks', d.bookmarksRequested ? 'asked for (allowWatchBookmarks=true)' : 'not asked for: kubectl get -w sends no allowWatchBookmarks, so the server sends it no BOOKMARK events'),
  ];
}

export function watchEndLines(d: WatchData): Line[] {
  return [
    kv('events', `${d.eventCount}${d.bookmarkCount > 0 ? ` (${d.bookmarkCount} bookmarks)` : ''}${d.eventsDropped > 0 ? `, the first ${d.eventsDropped} not kept` : ''}`),
    kv('last resourceVersion', `${d.lastResourceVersion ?? '—'} (a new watch would resume from here)`),
    kv('ended', d.ended === null ? 'still open' : `after ${ms(d.ended.afterMs)}: ${d.ended.detail}`),
    kv('exit code', d.exitCode),
  ];
}

function watchLines(d: WatchData, ctx: PlainContext): Line[] {
  const events = d.events.length === 0 ? ['(no events arrived)'] : ctx.eventsShownLive === true ? [`(the ${d.events.length} events are above, printed as they arrived)`] : d.events.map(watchEventLine);
  const headers = ['request headers (as sent, Authorization masked):', ...d.watchRequest.headers.map((h) => `  ${h.name}: ${h.value}`)];
  return [...watchHeadLines(d), ...headers, '', ...events, '', ...watchEndLines(d)];
}

export function stageLines<N extends StageName>(name: N, data: StageDataMap[N], ctx: PlainContext = NO_CONTEXT): Line[] {
  // The casts are safe: `name` and `data` come from the same StageResult.
  switch (name) {
    case 'parse':
      return parseLines(data as ParseData, ctx);
    case 'kubeconfig':
      return kubeconfigLines(data as KubeconfigData);
    case 'request':
      return (data as RequestData).write ? [...writeRequestLines((data as RequestData).write as WriteRequestData), ...requestLines(data as RequestData, ctx)] : requestLines(data as RequestData, ctx);
    case 'authz':
      return authzLines(data as AuthzData);
    case 'etcd':
      return etcdLines(data as EtcdData, ctx);
    case 'response':
      return responseLines(data as ResponseData, ctx);
    case 'format':
      return formatLines(data as FormatData);
    case 'watch':
      return watchLines(data as WatchData, ctx);
    case 'admission':
      return admissionLines(data as AdmissionData);
    case 'write':
      return storageWriteLines(data as WriteStorageData);
    case 'watched':
      return watchedLinesOf(data as WriteWatchData);
    default:
      return [];
  }
}
