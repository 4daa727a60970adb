// The stages of a write, projected from its steps (pure): the request (kubectl's OpenAPI check, the
// objects and their requests), authz (how the server answered the write), admission (what it changed
// or refused), the storage write (key, compare, revision), the response and the watch event.
// Each stage says whether the write persists: on a cluster other than the sandbox it carries dryRun=All.
import { storageKey } from '../../apimachinery/storage-keys.js';
import type { GlassBoxAdmissionStep } from '../../glassbox/types.js';
import { headerValue } from '../../kube/headers.js';
import { asStatus } from '../../kube/kubectl-errors.js';
import type { WriteCommand } from '../command.js';
import type { StepResults, WriteExchange, WritePlanOutput, WrittenObject } from '../steps/types.js';
import type { AdmissionData, AuthzData, ObjectChange, RequestData, ResponseData, WriteWatchData, WriteStorageData, WriteTarget } from '../types.js';
import { REMOTE_NOTE } from './authz.js';
import { failed, missing, notReached, ok, type StageOutcome, type StoppedAt } from './outcome.js';

export function targetOf(plan: WritePlanOutput): WriteTarget {
  const d = plan.dryRun;
  const note =
    d.why === 'not-the-sandbox'
      ? `Read-only: "${d.cluster}" is not kube-trace's sandbox, so kube-trace sent this write with dryRun=All — the server ran admission and validation and stored nothing. Only --allow-writes (asked and confirmed) would persist it.`
      : d.why === 'flag'
        ? 'A server-side dry run (--dry-run=server): dryRun=All, so the server ran admission and validation and stored nothing.'
        : 'The sandbox: this write persists (kube-trace\'s own cluster, in memory or on its etcd).';
  return { dryRun: d.sent, why: d.why, cluster: d.cluster, note };
}

/** The write exchange of the first object (else its last exchange: an unchanged apply's GET). */
function mainExchange(o: WrittenObject | undefined): WriteExchange | undefined {
  if (o === undefined) return undefined;
  return o.exchanges.find((x) => x.role === 'write') ?? o.exchanges[o.exchanges.length - 1];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON Pointer (/spec/containers/0/image) as a dotted path (spec.containers[0].image). */
export function readablePath(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const p of parts) {
    if (/^\d+$/.test(p) || p === '-') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

function line(v: unknown): string {
  // JSON.stringify(undefined) is undefined, whatever its declared type says.
  const s = (JSON.stringify(v) as string | undefined) ?? 'null';
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

export function changesOfPatch(patch: GlassBoxAdmissionStep['patch']): ObjectChange[] {
  return (patch ?? []).map((op) => ({ op: op.op, path: readablePath(op.path), ...(op.op === 'remove' ? {} : { value: line(op.value) }) }));
}

/** Fields the server added or changed between what kubectl sent and what came back, as changes (a JSON-Patch-like diff). */
export function objectDiff(sent: unknown, returned: unknown, path = ''): ObjectChange[] {
  if (isRecord(sent) && isRecord(returned)) {
    const out: ObjectChange[] = [];
    for (const k of Object.keys(returned)) {
      const p = path === '' ? `/${k}` : `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!(k in sent)) out.push({ op: 'add', path: readablePath(p), value: line(returned[k]) });
      else out.push(...objectDiff(sent[k], returned[k], p));
    }
    for (const k of Object.keys(sent)) if (!(k in returned)) out.push({ op: 'remove', path: readablePath(`${path}/${k}`) });
    return out;
  }
  if (Array.isArray(sent) && Array.isArray(returned)) {
    const out: ObjectChange[] = [];
    returned.forEach((v, i) => {
      if (i < sent.length) out.push(...objectDiff(sent[i], v, `${path}/${i}`));
      else out.push({ op: 'add', path: readablePath(`${path}/${i}`), value: line(v) });
    });
    return out;
  }
  return JSON.stringify(sent) === JSON.stringify(returned) ? [] : [{ op: 'replace', path: readablePath(path), value: line(returned) }];
}

/**
 * Which stage refused a write, from its answer: authentication/authorization (401, RBAC's 403, no
 * answer, or a method the server does not route), admission and validation (400 strict decoding, 422,
 * a 403 from an admission plugin, NamespaceLifecycle's 404 on a create), or storage (409, a missing
 * object on PATCH/DELETE, 5xx). The sandbox's glass box decides a 403 when it has a record.
 */
export function refusingStage(x: WriteExchange, authorized: 'allow' | 'deny' | 'no-opinion' | null): 'authz' | 'admission' | 'write' | null {
  const status = x.exchange.status;
  if (x.failure !== null || status === null) return 'authz';
  if (status < 300) return null;
  if (status === 401) return 'authz';
  if (status === 403) {
    if (authorized !== null) return authorized === 'allow' ? 'admission' : 'authz';
    const message = asStatus(x.body)?.message ?? '';
    return /\bcannot [a-z]+ resource\b/.test(message) ? 'authz' : 'admission';
  }
  if (status === 400 || status === 422) return 'admission';
  if (status === 404) return x.exchange.method === 'POST' ? 'admission' : 'write';
  if (status === 409 || status >= 500) return 'write';
  return 'authz';
}

function refusedAt(steps: StepResults, first: WrittenObject): 'authz' | 'admission' | 'write' | null {
  const x = mainExchange(first);
  if (x === undefined || first.error === null) return null;
  return refusingStage(x, steps.writeGlassBox?.record?.authorization?.decision ?? null);
}

interface WriteInput {
  cmd: WriteCommand;
  steps: StepResults;
  stoppedAt: StoppedAt | null;
}

// ---------------------------------------------------------------- request

export function projectWriteRequest({ cmd, steps, stoppedAt }: WriteInput): StageOutcome<'request'> {
  if (steps.connect === undefined) return missing('request', 'connect', stoppedAt);
  if (!steps.connect.ok) return failed(steps.connect.error);
  if (steps.versions === undefined) return missing('request', 'versions', stoppedAt);
  if (steps.discovery === undefined) return missing('request', 'discovery', stoppedAt);
  if (!steps.discovery.ok) return failed(steps.discovery.error);
  const plan = steps.writePlan;
  if (plan === undefined) return missing('request', 'writePlan', stoppedAt);
  if (!plan.ok) return failed(plan.error);
  const first = plan.objects[0];
  if (first === undefined) return missing('request', 'writePlan', stoppedAt);
  const spec = cmd.write;
  const sequence: string[] = [];
  const openapi = steps.openapi ?? null;
  if (openapi !== null && openapi.exchanges.length > 0) sequence.push(`GET the server's OpenAPI (${openapi.exchanges.map((x) => new URL(x.url).pathname).join(', ')}): kubectl checks that the server takes fieldValidation, then asks for fieldValidation=${plan.fieldValidation ?? 'Strict'}`);
  sequence.push(steps.discovery.discovery.format === 'cache' ? 'discovery from kubectl\'s fresh cache (no request)' : 'discovery: GET /api and /apis, to map each kind to its resource');
  for (const o of plan.objects) {
    const where = o.namespace === null ? '' : ` in namespace ${o.namespace}`;
    if (o.liveGet !== null) {
      sequence.push(`GET ${o.liveGet.path}: is ${o.kind} "${o.name}"${where} there? 404 → POST it (with the last-applied-configuration annotation); found → compute a strategic merge patch from the last applied configuration, the live object and the manifest, and PATCH it — or send nothing when the patch is empty ("unchanged")`);
      if (o.namespace !== null && o.namespace !== 'default') sequence.push(`after a 404: GET /api/v1/namespaces/${o.namespace} (cli-runtime checks the namespace exists)`);
    } else {
      sequence.push(`${o.request.method} ${o.request.path}${o.request.contentType ? ` (${o.request.contentType})` : ''}`);
    }
  }
  if (spec.verb === 'delete' && spec.wait && !plan.dryRun.sent) sequence.push('then GET the object until it is gone (--wait, the default); while it still exists kubectl watches it');
  const data: RequestData = {
    versions: steps.versions.data,
    discovery: steps.discovery.discovery,
    mapping: first.mapping,
    request: first.liveGet ?? first.request,
    write: {
      verb: cmd.verb,
      target: targetOf(plan),
      openapi: openapi === null ? null : { exchanges: openapi.exchanges, answered: openapi.answered, log: openapi.log },
      fieldValidation: plan.fieldValidation,
      objects: plan.objects.map((o) => ({ kind: o.kind, name: o.name, namespace: o.namespace, mapping: o.mapping, liveGet: o.liveGet, request: o.request })),
      sequence,
    },
  };
  return ok(data);
}

// ---------------------------------------------------------------- authz

export function projectWriteAuthz({ steps, stoppedAt }: WriteInput): StageOutcome<'authz'> {
  const w = steps.write;
  if (w === undefined) return missing('authz', 'write', stoppedAt);
  const reviews = steps.writeReviews;
  if (reviews === undefined) return missing('authz', 'writeReviews', stoppedAt);
  const first = w.objects[0];
  const x = mainExchange(first);
  if (first === undefined || x === undefined) return missing('authz', 'write', stoppedAt);
  const gb = steps.writeGlassBox ?? null;
  const st = asStatus(x.body);
  const status = x.exchange.status;
  const outcome: AuthzData['outcome'] = { status, allowed: status !== null && status !== 401 && status !== 403, exchangeId: x.exchange.id };
  const record = gb?.record ?? null;
  if (st?.message) outcome.statusMessage = st.message;
  if (st?.reason) outcome.statusReason = st.reason;
  const data: AuthzData = {
    whoami: reviews.whoami,
    access: reviews.access,
    outcome,
    insideApiServer: record,
    insideApiServerNote: gb?.note ?? REMOTE_NOTE,
    exchanges: [...reviews.exchanges, ...(gb?.exchanges ?? [])],
  };
  if (refusedAt(steps, first) === 'authz' && first.error !== null) {
    outcome.allowed = status !== 401 && status !== 403 && outcome.allowed;
    return failed(first.error, data);
  }
  if (refusedAt(steps, first) === 'admission') outcome.allowed = true;
  return ok(data);
}

// ---------------------------------------------------------------- admission

function admittedSteps(steps: readonly GlassBoxAdmissionStep[]): NonNullable<AdmissionData['steps']> {
  return steps.map((s) => ({
    phase: s.phase,
    kind: s.kind,
    name: s.name,
    verdict: s.verdict,
    changes: changesOfPatch(s.patch),
    ...(s.message !== undefined ? { message: s.message } : {}),
    ...(s.expression !== undefined ? { expression: s.expression } : {}),
    durationMs: s.durationMs,
  }));
}

export function projectAdmission({ cmd, steps, stoppedAt }: WriteInput): StageOutcome<'admission'> {
  if (stoppedAt !== null) return notReached(`The trace stopped at the ${stoppedAt.stage} stage, so no admission ran.`);
  const plan = steps.writePlan;
  const w = steps.write;
  if (plan === undefined || !plan.ok) return missing('admission', 'writePlan', stoppedAt);
  if (w === undefined) return missing('admission', 'write', stoppedAt);
  const first = w.objects[0];
  const x = first?.exchanges.find((e) => e.role === 'write');
  const target = targetOf(plan);
  const record = steps.writeGlassBox?.record ?? null;
  if (first === undefined) return missing('admission', 'write', stoppedAt);
  if (x === undefined) {
    const why = first.action === 'unchanged' ? 'kubectl apply found nothing to change (its patch was empty), so it sent no write: no admission ran, nothing was stored.' : 'No write reached the server.';
    return ok({ target, steps: null, observed: null, refusedBy: null, note: why, exchangeId: null });
  }
  const st = asStatus(x.body);
  const status = x.exchange.status;
  const sentObject = plan.objects[first.index]?.object ?? null;
  const returned = st === null && isRecord(x.body) ? x.body : null;
  const observed = cmd.write.verb === 'delete' || cmd.write.verb === 'apply' && first.patch !== null ? null : sentObject !== null && returned !== null ? objectDiff(sentObject, returned) : null;
  const admission = record?.admission ?? null;
  const denied = admission?.find((s) => s.verdict === 'denied') ?? null;
  const refusedBy = status !== null && status >= 300 && refusedAt(steps, first) === 'admission' ? { step: denied?.name ?? null, status, reason: st?.reason ?? null, message: st?.message ?? x.text } : null;
  const note =
    admission !== null
      ? 'Recorded by the sandbox: each admission step in the order kube-apiserver runs them, with the JSON Patch each mutating step made, shown as changes.'
      : record !== null
        ? 'The sandbox recorded no admission steps for this request (its write handling records them once it has them).'
        : 'A client cannot see admission run: the steps happen inside kube-apiserver. What it can see is the object it sent against the object that came back — every field defaulting, the mutating admission plugins (ServiceAccount, DefaultTolerationSeconds, Priority …) and the registry added.';
  const data: AdmissionData = { target, steps: admission === null ? null : admittedSteps(admission), observed, refusedBy, note, exchangeId: x.exchange.id };
  if (refusedAt(steps, first) === 'admission' && first.error !== null) return failed(first.error, data);
  return ok({ ...data, refusedBy: null });
}

// ---------------------------------------------------------------- write (storage)

function resourceVersionOf(body: unknown): string | null {
  const rv = isRecord(body) && isRecord(body['metadata']) ? body['metadata']['resourceVersion'] : undefined;
  return typeof rv === 'string' && rv !== '' ? rv : null;
}

export function projectStorageWrite({ cmd, steps, stoppedAt }: WriteInput): StageOutcome<'write'> {
  if (stoppedAt !== null) return notReached(`The trace stopped at the ${stoppedAt.stage} stage, so nothing was written to storage.`);
  const plan = steps.writePlan;
  const w = steps.write;
  if (plan === undefined || !plan.ok) return missing('write', 'writePlan', stoppedAt);
  if (w === undefined) return missing('write', 'write', stoppedAt);
  const first = w.objects[0];
  const p = first ? plan.objects[first.index] : undefined;
  if (first === undefined || p === undefined) return missing('write', 'write', stoppedAt);
  const x = first.exchanges.find((e) => e.role === 'write');
  const live = first.exchanges.find((e) => e.role === 'get');
  const key = storageKey(p.mapping.group, p.mapping.resource, p.namespace ?? '', p.name);
  const gbWrite = steps.writeGlassBox?.record?.write ?? null;
  const operation: WriteStorageData['operation'] = x === undefined ? 'none' : gbWrite?.operation ?? (cmd.write.verb === 'delete' ? 'delete' : x.exchange.method === 'POST' ? 'create' : x.exchange.status === 201 ? 'create' : 'update');
  const data: WriteStorageData = {
    target: targetOf(plan),
    operation,
    key: gbWrite?.key ?? key,
    keyNote: gbWrite ? 'the key the sandbox wrote' : "by kube-apiserver's rule under its default /registry prefix; a client cannot see the real key, and a server may be run with another prefix",
    resourceVersion: x !== undefined && asStatus(x.body) === null ? resourceVersionOf(x.body) : null,
    resourceVersionBefore: live !== undefined && live.exchange.status === 200 ? resourceVersionOf(live.body) : null,
    insideApiServer: gbWrite === null ? null : {
      backend: gbWrite.backend,
      compareModRevision: gbWrite.compareModRevision,
      succeeded: gbWrite.succeeded,
      revisionBefore: gbWrite.revisionBefore,
      revision: gbWrite.revision,
      bytes: gbWrite.bytes,
      dryRun: gbWrite.dryRun,
      ...(gbWrite.etcdHeader ? { etcdHeader: gbWrite.etcdHeader } : {}),
    },
    insideApiServerNote: steps.writeGlassBox === null || steps.writeGlassBox === undefined ? 'Not observable on a remote cluster: etcd sits behind kube-apiserver. The resourceVersion in the response is the etcd revision of the write (its mod_revision).' : (steps.writeGlassBox.record?.write ? steps.writeGlassBox.note : 'The sandbox recorded no storage transaction for this request.'),
  };
  // A conflict (409) is the storage transaction's refusal: its compare failed.
  if (refusedAt(steps, first) === 'write' && first.error !== null) return failed(first.error, data);
  return ok(data);
}

// ---------------------------------------------------------------- response

export function projectWriteResponse({ steps, stoppedAt }: WriteInput): StageOutcome<'response'> {
  const w = steps.write;
  if (w === undefined) return missing('response', 'write', stoppedAt);
  const first = w.objects[0];
  const x = mainExchange(first);
  if (x === undefined) return notReached('No response arrived.');
  const ex = x.exchange;
  const data: ResponseData = {
    of: x.role === 'write' ? 'write' : 'get',
    exchanges: (first?.exchanges ?? []).map((e) => e.exchange),
    status: ex.status,
    statusText: ex.statusText,
    headers: ex.responseHeaders,
    auditId: headerValue(ex.responseHeaders, 'audit-id'),
    priorityAndFairness: { flowSchemaUid: headerValue(ex.responseHeaders, 'x-kubernetes-pf-flowschema-uid'), priorityLevelUid: headerValue(ex.responseHeaders, 'x-kubernetes-pf-prioritylevel-uid') },
    contentType: headerValue(ex.responseHeaders, 'content-type'),
    bodyKind: isRecord(x.body) && typeof x.body['kind'] === 'string' ? x.body['kind'] : null,
    itemCount: isRecord(x.body) && asStatus(x.body) === null ? 1 : 0,
    totalBytes: ex.bodyBytes,
    timings: ex.timings,
    bodyPreview: x.body !== undefined ? JSON.stringify(x.body, null, 2).slice(0, 16 * 1024) : x.text,
  };
  if (stoppedAt === null && first?.error) return failed(first.error, data);
  return ok(data);
}

// ---------------------------------------------------------------- watch

const WATCHERS: Record<string, string[]> = {
  pods: ['kube-scheduler watches unscheduled pods and binds this one to a node (a POST to pods/binding)', 'the kubelet of that node watches pods bound to it, starts the containers and reports status (PATCH pods/status)'],
  deployments: ['the deployment controller (kube-controller-manager) creates or updates a ReplicaSet for it'],
  replicasets: ['the replicaset controller creates pods until the replica count is met'],
  configmaps: ['kubelets of pods that mount it refresh the files; controllers that watch it react'],
  namespaces: ['the namespace controller (on delete) removes the content, then the finalizer'],
};

export function projectWatched({ steps, stoppedAt }: WriteInput): StageOutcome<'watched'> {
  if (stoppedAt !== null) return notReached(`The trace stopped at the ${stoppedAt.stage} stage: nothing changed, so no watcher was told anything.`);
  const plan = steps.writePlan;
  const w = steps.write;
  if (plan === undefined || !plan.ok) return missing('watched', 'writePlan', stoppedAt);
  if (w === undefined) return missing('watched', 'write', stoppedAt);
  const first = w.objects[0];
  const p = first ? plan.objects[first.index] : undefined;
  if (first === undefined || p === undefined) return missing('watched', 'write', stoppedAt);
  const target = targetOf(plan);
  const watchers = WATCHERS[p.mapping.resource] ?? [];
  const x = first.exchanges.find((e) => e.role === 'write');
  if (x === undefined || target.dryRun) {
    return ok({ target, events: [], watchers, note: target.dryRun ? 'A dry run stores nothing, so no watcher receives an event.' : 'Nothing was written, so no watcher receives an event.' });
  }
  const recorded = steps.writeGlassBox?.record?.write?.events ?? null;
  if (recorded !== null) {
    return ok({ target, events: recorded.map((e) => ({ type: e.type, resourceVersion: e.resourceVersion, observed: true })), watchers, note: 'Recorded by the sandbox: the events its watchers of this resource received for this write.' });
  }
  const rv = resourceVersionOf(x.body);
  const type: WriteWatchData['events'][number]['type'] = first.action === 'deleted' ? 'DELETED' : first.action === 'created' || (first.action === 'serverside-applied' && x.exchange.status === 201) ? 'ADDED' : 'MODIFIED';
  const events = rv === null ? [] : [{ type, resourceVersion: rv, observed: false }];
  return ok({ target, events, watchers, note: 'Inferred, not observed: a watch on this resource from before the write receives this event with the response\'s resourceVersion (the captures of kube-apiserver v1.33.3 show the same numbers in the write responses and the watch events). kube-trace does not watch a remote cluster.' });
}
