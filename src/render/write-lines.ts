// The write stages as labelled text lines, shared by --plain and the TUI (which styles them): the
// request's write plan, admission's changes as a diff of the object, the storage write's
// revisionBefore → revision, and the watch event. Every stage leads with whether the write persists.
import type { AdmissionData, ObjectChange, WriteWatchData, WriteRequestData, WriteStorageData, WriteTarget } from '../trace/types.js';

const LABEL = 18;

function kv(label: string, value: string | number | null | undefined): string {
  const v = value === null || value === undefined || value === '' ? '—' : String(value);
  return `${label.padEnd(LABEL - 1)} ${v}`;
}

export function targetLine(t: WriteTarget): string {
  return `${t.dryRun ? 'DRY RUN (dryRun=All)' : 'PERSISTS'} · ${t.note}`;
}

/** One change as a line of a diff: + added, - removed, ~ replaced. */
export function changeLine(c: ObjectChange): string {
  const mark = c.op === 'add' ? '+' : c.op === 'remove' ? '-' : '~';
  return c.value === undefined ? `${mark} ${c.path}` : `${mark} ${c.path}: ${c.value}`;
}

export function writeRequestLines(w: WriteRequestData): string[] {
  const out = [targetLine(w.target), kv('verb', w.verb), kv('fieldValidation', w.fieldValidation)];
  if (w.openapi !== null && w.openapi.exchanges.length > 0) {
    out.push(kv('OpenAPI check', w.openapi.answered === null ? 'no document answered' : `answered by ${w.openapi.answered}`));
    for (const l of w.openapi.log) out.push(`  kubectl logs (at -v=2): ${l}`);
  }
  for (const o of w.objects) {
    out.push(kv('object', `${o.kind} ${o.namespace === null ? '' : `${o.namespace}/`}${o.name} → resource ${o.mapping.resource} of ${o.mapping.groupVersionPath}`));
    if (o.liveGet !== null) out.push(`  first: GET ${o.liveGet.url}`);
    out.push(`  ${o.liveGet !== null ? 'then, if it is new: ' : ''}${o.request.method} ${o.request.url}${o.request.contentType ? `  (Content-Type: ${o.request.contentType})` : ''}`);
    if (o.request.body !== undefined) out.push(`  body: ${o.request.body.length > 400 ? `${o.request.body.slice(0, 400)}…` : o.request.body}`);
  }
  out.push('kubectl, in order:');
  w.sequence.forEach((s, i) => out.push(`  ${i + 1}. ${s}`));
  return out;
}

export function admissionLines(d: AdmissionData): string[] {
  const out = [targetLine(d.target)];
  if (d.refusedBy !== null) out.push(kv('refused', `${d.refusedBy.step ?? 'by the server'} · ${d.refusedBy.status ?? ''} ${d.refusedBy.reason ?? ''}`), `  ${d.refusedBy.message}`);
  if (d.steps !== null) {
    out.push('inside the API server (sandbox):');
    for (const s of d.steps) {
      out.push(`  ${s.phase.padEnd(10)} ${s.kind.padEnd(10)} ${s.name} · ${s.verdict}${s.message ? ` · ${s.message}` : ''}${s.expression ? ` · CEL: ${s.expression}` : ''}`);
      for (const c of s.changes) out.push(`      ${changeLine(c)}`);
    }
  }
  if (d.observed !== null) {
    out.push(`what the server added to the object kubectl sent (${d.observed.length} changes: defaulting, admission, the registry):`);
    for (const c of d.observed) out.push(`  ${changeLine(c)}`);
  }
  out.push(d.note);
  return out;
}

export function storageWriteLines(d: WriteStorageData): string[] {
  const out = [targetLine(d.target), kv('operation', d.operation), kv('key', `${d.key}  (${d.keyNote})`)];
  if (d.resourceVersionBefore !== null || d.resourceVersion !== null) out.push(kv('resourceVersion', `${d.resourceVersionBefore ?? '(new)'} → ${d.resourceVersion ?? (d.target.dryRun ? 'none: a dry run stores nothing' : '—')}`));
  const g = d.insideApiServer;
  if (g !== null) {
    out.push(kv('transaction', `${g.backend}: if mod_revision(${d.key}) == ${g.compareModRevision}${g.compareModRevision === 0 ? ' (the key must not exist)' : ''} then put · ${g.succeeded ? 'compare held' : 'compare FAILED'}`));
    out.push(kv('revision', `${g.revisionBefore} → ${g.revision ?? (g.dryRun ? 'unchanged (dry run)' : 'unchanged')}`));
    if (g.etcdHeader) out.push(kv('etcd header', `cluster ${g.etcdHeader.clusterId} · member ${g.etcdHeader.memberId} · revision ${g.etcdHeader.revision} · raft term ${g.etcdHeader.raftTerm}`));
  }
  out.push(d.insideApiServerNote);
  return out;
}

export function watchedLines(d: WriteWatchData): string[] {
  const out = [targetLine(d.target)];
  for (const e of d.events) out.push(kv(e.type, `resourceVersion ${e.resourceVersion}${e.observed ? '' : ' (inferred)'}`));
  if (d.watchers.length > 0) {
    out.push('who watches this resource in a full cluster:');
    for (const w of d.watchers) out.push(`  ${w}`);
  }
  out.push(d.note);
  return out;
}
