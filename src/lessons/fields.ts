// The dotted paths a lesson's `look_at.field` may name, per stage. Written by hand from
// src/trace/types.ts; the FieldTree type makes the compiler reject a key that the stage's data type
// does not have, so this list cannot drift into naming fields that do not exist.
// Paths go through arrays without an index: `items.key` means "the key of each item".

import type { GlassBoxRecord } from '../glassbox/types.js';
import type { HttpExchange, HttpTimings, StageDataMap, StageName, CertificateSummary, NameValue } from '../trace/types.js';

type Elem<T> = T extends readonly (infer U)[] ? U : T;
/** Keys of every member of a union, not only the common ones (e.g. whoami.username and whoami.reason). */
type AllKeys<T> = T extends unknown ? keyof T : never;
type ValueAt<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
type Leaf = true;
/** A tree of field names that must exist in T; `true` marks a field named without its children. */
export type FieldTree<T> = { [K in AllKeys<T> & string]?: Leaf | FieldTree<Elem<NonNullable<ValueAt<T, K>>>> };

const timings: FieldTree<HttpTimings> = {
  dnsMs: true, connectMs: true, tlsMs: true, ttfbMs: true, downloadMs: true, totalMs: true, reusedConnection: true,
};
const nameValue: FieldTree<NameValue> = { name: true, value: true };
const exchange: FieldTree<HttpExchange> = {
  id: true, by: true, purpose: true, method: true, url: true, requestHeaders: nameValue, requestBody: true,
  status: true, statusText: true, httpVersion: true, responseHeaders: nameValue, bodyBytes: true, bodyPreview: true,
  timings, remoteAddress: true,
  tls: { protocol: true, cipher: true, peerSubjectCN: true, peerIssuerCN: true, authorized: true },
  error: true,
};
const certificate: FieldTree<CertificateSummary> = {
  subjectCN: true, organizations: true, issuerCN: true, notBefore: true, notAfter: true, expired: true, source: true, file: true,
};
const storage: FieldTree<NonNullable<GlassBoxRecord['storage']>> = {
  backend: true, operation: true, key: true, rangeEnd: true, revision: true, consistent: true, servedFrom: true,
  limit: true, count: true, totalKeysInRange: true, more: true, bytes: true, encoding: true,
  etcdHeader: { clusterId: true, memberId: true, revision: true, raftTerm: true },
};
const glassBox: FieldTree<GlassBoxRecord> = {
  auditId: true, method: true, path: true, query: true, receivedAt: true,
  steps: { step: true, durationMs: true, summary: true },
  authentication: { authenticator: true, authenticated: true, user: { username: true, uid: true, groups: true }, detail: true },
  priorityAndFairness: { flowSchema: true, flowSchemaUid: true, priorityLevel: true, priorityLevelUid: true },
  authorization: {
    attributes: {
      verb: true, resource: true, subresource: true, apiGroup: true, namespace: true, name: true, path: true, resourceRequest: true,
    },
    decision: true,
    reason: true,
    matched: {
      binding: { kind: true, name: true, namespace: true },
      role: { kind: true, name: true, namespace: true },
      rule: { verbs: true, apiGroups: true, resources: true, resourceNames: true, nonResourceURLs: true },
      subject: { kind: true, name: true },
    },
    considered: true,
  },
  storage,
  conversion: { to: true, rows: true },
  response: { status: true, bytes: true },
  totalMs: true,
};

const TREES: { [S in StageName]: FieldTree<StageDataMap[S]> } = {
  parse: {
    argv: true, verb: true, resource: true, resourceName: true,
    flags: { name: true, given: true, value: true, source: true, kubeTraceOnly: true },
    output: true, mode: true, kubectlEquivalent: true,
  },
  kubeconfig: {
    files: { path: true, exists: true, source: true },
    sandbox: { reason: true, server: true, scenario: true },
    currentContext: true,
    contextSource: true,
    cluster: {
      name: true, server: true, proxyUrl: true,
      trust: { kind: true, caFile: true, ca: certificate, tlsServerName: true },
    },
    user: {
      name: true,
      auth: {
        kind: true, details: nameValue, clientCertificate: certificate,
        token: { kind: true, length: true, claims: { iss: true, sub: true, exp: true }, source: true },
        exec: { command: true, args: true, apiVersion: true, envNames: true },
        authProvider: { name: true },
      },
    },
    namespace: { value: true, source: true },
  },
  request: {
    discovery: {
      exchanges: exchange,
      cache: { dir: true, wouldUseCache: true, reason: true },
      format: true,
    },
    mapping: {
      resource: true, kind: true, group: true, version: true, namespaced: true, verbs: true, shortNames: true, groupVersionPath: true,
    },
    request: {
      method: true, url: true, path: true, query: nameValue, headers: nameValue, curl: true, accept: true, asTable: true, chunkSize: true,
    },
  },
  authz: {
    whoami: { available: true, username: true, uid: true, groups: true, extra: true, exchangeId: true, reason: true },
    access: {
      available: true,
      attributes: { verb: true, resource: true, group: true, namespace: true, name: true },
      allowed: true, denied: true, reason: true, evaluationError: true, exchangeId: true,
    },
    outcome: { status: true, allowed: true, statusMessage: true, statusReason: true, exchangeId: true },
    insideApiServer: glassBox,
    insideApiServerNote: true,
  },
  etcd: {
    listResourceVersion: true,
    items: { namespace: true, name: true, resourceVersion: true, key: true },
    keyNote: true,
    consistentRead: true,
    pages: {
      exchangeId: true, resourceVersion: true, itemCount: true,
      continue: { raw: true, decoded: { v: true, rv: true, start: true } },
    },
    insideApiServer: storage,
    insideApiServerNote: true,
  },
  response: {
    exchanges: exchange,
    status: true, statusText: true, headers: nameValue, auditId: true,
    priorityAndFairness: { flowSchemaUid: true, priorityLevelUid: true },
    contentType: true, bodyKind: true, itemCount: true, totalBytes: true, timings, bodyPreview: true,
  },
  format: {
    output: true, printedFrom: true,
    columns: { name: true, type: true, format: true, description: true, priority: true, shown: true },
    rowCount: true, stdout: true, stderr: true, exitCode: true,
  },
};

function flatten(tree: Record<string, unknown>, prefix: string, out: string[]): void {
  for (const [key, sub] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    out.push(path);
    if (typeof sub === 'object' && sub !== null) flatten(sub as Record<string, unknown>, path, out);
  }
}

const PATHS = new Map<StageName, ReadonlySet<string>>();

/** Every dotted path a lesson for this stage may point at, e.g. "request.url" for the request stage. */
export function lookAtFields(stage: StageName): ReadonlySet<string> {
  let set = PATHS.get(stage);
  if (set === undefined) {
    const out: string[] = [];
    flatten(TREES[stage] as Record<string, unknown>, '', out);
    set = new Set(out);
    PATHS.set(stage, set);
  }
  return set;
}
