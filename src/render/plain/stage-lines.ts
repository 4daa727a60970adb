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
} from '../../trace/types.js';
import type { GlassBoxRecord } from '../../glassbox/types.js';

export type Line = string;

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
  return `${x.method} ${x.url}  →  ${status}  ${ms(x.timings.totalMs)}${x.by === 'kube-trace' ? '  (kube-trace\'s own request)' : ''}`;
}

function parseLines(d: ParseData): Line[] {
  const given = d.flags.filter((f) => f.source !== 'default');
  const defaulted = d.flags.filter((f) => f.source === 'default' && f.value !== null && f.value !== false);
  return [
    kv('argv', d.argv.join(' ')),
    kv('verb / resource', `${d.verb} ${d.resource}${d.resourceName ? ` ${d.resourceName}` : ''}`),
    kv('output', d.output),
    kv('presentation', d.mode),
    kv('flags given', given.length ? given.map((f) => `${f.given ?? f.name}${f.kubeTraceOnly ? ' (kube-trace)' : ''}`).join(', ') : 'none'),
    kv('defaults', defaulted.map((f) => `--${f.name}=${String(f.value)}`).join(', ')),
    kv('kubectl runs', d.kubectlEquivalent),
  ];
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
  if (d.cluster.proxyUrl) lines.push(kv('proxy', `${d.cluster.proxyUrl} — kubectl would connect through it; kube-trace connects directly`));
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

function requestLines(d: RequestData): Line[] {
  const lines: Line[] = ['discovery (kubectl asks the server which resources exist):'];
  lines.push(...indent(d.discovery.exchanges.map(exchangeLine)));
  lines.push(kv('  format', d.discovery.format));
  lines.push(kv('  kubectl cache', d.discovery.cache.dir));
  lines.push(kv('', `${d.discovery.cache.wouldUseCache ? 'warm: kubectl would answer from its cache' : 'cold'} — ${d.discovery.cache.reason}`));
  const m = d.mapping;
  lines.push(kv('mapping', `${m.resource} → ${m.groupVersionPath}, kind ${m.kind}, ${m.namespaced ? 'namespaced' : 'cluster-scoped'}`));
  lines.push('', 'the request kubectl sends:');
  lines.push(`  ${d.request.method} ${d.request.path}${d.request.query.length ? '?' + d.request.query.map((q) => `${q.name}=${encodeURIComponent(q.value)}`).join('&') : ''}`);
  for (const h of d.request.headers) lines.push(`  ${h.name}: ${h.value}`);
  lines.push(kv('  as a Table?', d.request.asTable ? 'yes: the server renders the columns' : 'no: plain objects'));
  lines.push(kv('  page size', d.request.chunkSize === 0 ? 'no paging' : `limit=${d.request.chunkSize}, following continue`));
  lines.push('', 'try it yourself:', `  ${d.request.curl}`);
  return lines;
}

function glassBoxAuthLines(g: GlassBoxRecord): Line[] {
  const lines: Line[] = ['inside the API server — sandbox only:'];
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

function etcdLines(d: EtcdData): Line[] {
  const lines: Line[] = [
    kv('list revision', d.listResourceVersion ? `${d.listResourceVersion}  (metadata.resourceVersion: the etcd revision the list was read at)` : null),
    kv('read kind', d.consistentRead ? 'consistent read (no resourceVersion sent): served at the latest revision' : 'resourceVersion given: may be served from the watch cache'),
  ];
  for (const p of d.pages) {
    const cont = p.continue ? `continue → ${p.continue.decoded ? JSON.stringify(p.continue.decoded) : 'opaque token'}` : 'last page';
    lines.push(kv(`page (#${p.exchangeId})`, `${p.itemCount} items at revision ${p.resourceVersion ?? '—'}; ${cont}`));
  }
  lines.push(d.keyNote);
  const shown = d.items.slice(0, 20);
  for (const it of shown) lines.push(`  ${it.key.padEnd(48)} mod revision ${it.resourceVersion}`);
  if (d.items.length > shown.length) lines.push(`  … and ${d.items.length - shown.length} more`);
  const s = d.insideApiServer;
  if (s) {
    lines.push('inside the API server — sandbox only:');
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

function responseLines(d: ResponseData): Line[] {
  const lines: Line[] = [
    kv('status', `${d.status ?? '—'} ${d.statusText}`),
    kv('Audit-Id', d.auditId),
    kv('APF', `flow schema uid ${d.priorityAndFairness.flowSchemaUid ?? '—'}, priority level uid ${d.priorityAndFairness.priorityLevelUid ?? '—'}`),
    kv('Content-Type', d.contentType),
    kv('body', `${d.bodyKind ?? '—'}, ${d.itemCount} items, ${d.totalBytes} bytes in ${d.exchanges.length} response${d.exchanges.length === 1 ? '' : 's'}`),
    'headers:',
    ...d.headers.map((h) => `  ${h.name}: ${h.value}`),
    'timings (first page):',
    ...waterfall(d.timings),
  ];
  return lines;
}

function formatLines(d: FormatData): Line[] {
  const shown = d.columns.filter((c) => c.shown).map((c) => c.name);
  const hidden = d.columns.filter((c) => !c.shown).map((c) => c.name);
  return [
    kv('printed from', d.printedFrom === 'server-table' ? "the server's Table (kubectl only aligns the columns)" : 'the objects, by kubectl'),
    kv('columns', shown.join(', ')),
    ...(hidden.length ? [kv('hidden (wide)', hidden.join(', '))] : []),
    kv('rows', d.rowCount),
    kv('exit code', d.exitCode),
  ];
}

export function stageLines<N extends StageName>(name: N, data: StageDataMap[N]): Line[] {
  // The casts are safe: `name` and `data` come from the same StageResult.
  switch (name) {
    case 'parse':
      return parseLines(data as ParseData);
    case 'kubeconfig':
      return kubeconfigLines(data as KubeconfigData);
    case 'request':
      return requestLines(data as RequestData);
    case 'authz':
      return authzLines(data as AuthzData);
    case 'etcd':
      return etcdLines(data as EtcdData);
    case 'response':
      return responseLines(data as ResponseData);
    case 'format':
      return formatLines(data as FormatData);
    default:
      return [];
  }
}
