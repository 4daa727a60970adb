// The fields of each stage's data that lessons may name: `look_at.field` paths and the placeholders of
// `here:` templates. Written by hand from src/trace/types.ts, and held to it by the compiler: the
// FieldTree type rejects a key the stage's data type does not have, and a kind that does not match
// the field's type ('number' for a string, 'list' for an object, …). So this list cannot drift into
// naming fields that do not exist, nor into promising a number where the engine puts a string.
// Paths go through lists without an index: `items.key` means "the key of each item".

import type { GlassBoxRecord } from '../glassbox/types.js';
import type { HttpExchange, HttpTimings, StageDataMap, StageName, CertificateSummary, NameValue, VersionsData } from '../trace/types.js';

type Scalar = string | number | boolean;
type Elem<T> = T extends readonly (infer U)[] ? U : never;
/** Keys of every member of a union, not only the common ones (e.g. whoami.username and whoami.reason). */
type AllKeys<T> = T extends unknown ? keyof T : never;
type ValueAt<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/**
 * What a field holds, as a template can use it: a value ('string', 'number', 'boolean', or 'scalar'
 * for a mix), a 'list' of values, an 'object', or a list of objects ('objects'). An object can list
 * its fields instead (a FieldTree), a list of objects its items' fields (`{ '[]': FieldTree }`).
 */
export type FieldKind = 'string' | 'number' | 'boolean' | 'scalar' | 'list' | 'object' | 'objects';

type KindOf<V> = [V] extends [readonly unknown[]]
  ? [Elem<V>] extends [Scalar]
    ? 'list'
    : 'objects' | { '[]': FieldTree<NonNullable<Elem<V>>> }
  : [V] extends [string]
    ? 'string'
    : [V] extends [number]
      ? 'number'
      : [V] extends [boolean]
        ? 'boolean'
        : [V] extends [Scalar]
          ? 'scalar'
          : 'object' | FieldTree<V>;

/** A tree of the fields of T that lessons may name, each with its kind or its own fields. */
export type FieldTree<T> = { [K in AllKeys<T> & string]?: KindOf<NonNullable<ValueAt<T, K>>> };

const timings: FieldTree<HttpTimings> = {
  dnsMs: 'number', connectMs: 'number', tlsMs: 'number', ttfbMs: 'number', downloadMs: 'number', totalMs: 'number', reusedConnection: 'boolean',
};
const nameValues = { '[]': { name: 'string', value: 'string' } } as const satisfies { '[]': FieldTree<NameValue> };
const exchanges: { '[]': FieldTree<HttpExchange> } = {
  '[]': {
    id: 'number', by: 'string', purpose: 'string', method: 'string', url: 'string', requestHeaders: nameValues, requestBody: 'string',
    status: 'number', statusText: 'string', httpVersion: 'string', responseHeaders: nameValues, bodyBytes: 'number', bodyPreview: 'string',
    timings, remoteAddress: 'string',
    tls: { protocol: 'string', cipher: 'string', peerSubjectCN: 'string', peerIssuerCN: 'string', authorized: 'boolean' },
    error: 'string',
  },
};
const certificate: FieldTree<CertificateSummary> = {
  subjectCN: 'string', organizations: 'list', issuerCN: 'string', notBefore: 'string', notAfter: 'string', expired: 'boolean', source: 'string', file: 'string',
};
const storage: FieldTree<NonNullable<GlassBoxRecord['storage']>> = {
  backend: 'string', operation: 'string', key: 'string', rangeEnd: 'string', revision: 'number', consistent: 'boolean', servedFrom: 'string',
  limit: 'number', count: 'number', totalKeysInRange: 'number', more: 'boolean', bytes: 'number', encoding: 'string',
  etcdHeader: { clusterId: 'string', memberId: 'string', revision: 'string', raftTerm: 'string' },
  decision: 'string',
  revisionCheck: {
    operation: 'string', key: 'string', limit: 'number', revision: 'number', count: 'number', durationMs: 'number',
    etcdHeader: { clusterId: 'string', memberId: 'string', revision: 'string', raftTerm: 'string' },
  },
  watchCache: { resourcePrefix: 'string', revisionBefore: 'number', revision: 'number', caughtUp: 'string', keys: 'number' },
};
const glassBox: FieldTree<GlassBoxRecord> = {
  auditId: 'string', method: 'string', path: 'string', query: 'string', receivedAt: 'string', httpVersion: 'string',
  steps: { '[]': { step: 'string', durationMs: 'number', summary: 'string' } },
  authentication: {
    authenticator: 'string', authenticated: 'boolean', user: { username: 'string', uid: 'string', groups: 'list', extra: 'object' }, detail: 'string',
  },
  priorityAndFairness: { flowSchema: 'string', flowSchemaUid: 'string', priorityLevel: 'string', priorityLevelUid: 'string' },
  authorization: {
    attributes: {
      verb: 'string', resource: 'string', subresource: 'string', apiGroup: 'string', namespace: 'string', name: 'string', path: 'string',
      resourceRequest: 'boolean',
    },
    decision: 'string',
    reason: 'string',
    authorizer: 'string',
    matched: {
      binding: { kind: 'string', name: 'string', namespace: 'string' },
      role: { kind: 'string', name: 'string', namespace: 'string' },
      rule: { verbs: 'list', apiGroups: 'list', resources: 'list', resourceNames: 'list', nonResourceURLs: 'list' },
      subject: { kind: 'string', name: 'string' },
    },
    considered: 'list',
  },
  storage,
  conversion: { to: 'string', rows: 'number' },
  response: { status: 'number', bytes: 'number', goaway: { reason: 'string' } },
  totalMs: 'number',
};

const versions: FieldTree<VersionsData> = {
  kubectl: { gitVersion: 'string', userAgent: 'string', how: 'string', modelled: 'boolean' },
  server: {
    info: {
      major: 'string', minor: 'string', gitVersion: 'string', gitCommit: 'string', buildDate: 'string', goVersion: 'string', platform: 'string',
      emulationMajor: 'string', emulationMinor: 'string', minCompatibilityMajor: 'string', minCompatibilityMinor: 'string',
    },
    askedBy: 'string', exchangeId: 'number', note: 'string',
  },
};

const TREES: { [S in StageName]: FieldTree<StageDataMap[S]> } = {
  parse: {
    argv: 'list', verb: 'string', resource: 'string', resourceName: 'string',
    flags: { '[]': { name: 'string', given: 'string', value: 'scalar', source: 'string', kubeTraceOnly: 'boolean' } },
    output: 'string', mode: 'string', kubectlEquivalent: 'string',
  },
  kubeconfig: {
    files: { '[]': { path: 'string', exists: 'boolean', source: 'string' } },
    sandbox: { reason: 'string', server: 'string', scenario: 'string' },
    currentContext: 'string',
    contextSource: 'string',
    fallback: { reason: 'string', server: 'string' },
    cluster: {
      name: 'string', server: 'string', proxyUrl: 'string',
      trust: { kind: 'string', caFile: 'string', ca: certificate, tlsServerName: 'string' },
    },
    user: {
      name: 'string',
      auth: {
        kind: 'string', details: nameValues, clientCertificate: certificate,
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- the JWT claim "sub", not String.prototype.sub
        token: { kind: 'string', length: 'number', claims: { iss: 'string', sub: 'string', exp: 'string' }, source: 'string' },
        exec: { command: 'string', args: 'list', apiVersion: 'string', envNames: 'list' },
        authProvider: { name: 'string' },
      },
    },
    namespace: { value: 'string', source: 'string' },
  },
  request: {
    versions,
    discovery: {
      exchanges,
      log: 'list',
      cache: { dir: 'string', wouldUseCache: 'boolean', reason: 'string' },
      format: 'string',
    },
    mapping: {
      resource: 'string', kind: 'string', group: 'string', version: 'string', namespaced: 'boolean', verbs: 'list', shortNames: 'list',
      groupVersionPath: 'string',
    },
    request: {
      method: 'string', url: 'string', path: 'string', namespace: 'string', query: nameValues, headers: nameValues, curl: 'string', accept: 'string',
      asTable: 'boolean', chunkSize: 'number',
    },
  },
  authz: {
    whoami: {
      available: 'boolean', username: 'string', uid: 'string', groups: 'list', extra: 'object', exchangeId: 'number', reason: 'string',
    },
    access: {
      available: 'boolean',
      attributes: { verb: 'string', resource: 'string', group: 'string', namespace: 'string', name: 'string' },
      allowed: 'boolean', denied: 'boolean', reason: 'string', evaluationError: 'string', exchangeId: 'number',
    },
    outcome: { status: 'number', allowed: 'boolean', statusMessage: 'string', statusReason: 'string', exchangeId: 'number' },
    insideApiServer: glassBox,
    insideApiServerNote: 'string',
    exchanges,
  },
  etcd: {
    listResourceVersion: 'string',
    items: { '[]': { namespace: 'string', name: 'string', resourceVersion: 'string', key: 'string' } },
    keyNote: 'string',
    consistentRead: 'boolean',
    pages: {
      '[]': {
        exchangeId: 'number', resourceVersion: 'string', itemCount: 'number',
        continue: { raw: 'string', decoded: { v: 'string', rv: 'number', start: 'string' } },
        expectedRead: { servedFrom: 'string', revisionCheck: 'boolean', why: 'string' },
      },
    },
    readsFor: { serverVersion: 'string', note: 'string' },
    insideApiServer: storage,
    insideApiServerNote: 'string',
  },
  response: {
    of: 'string',
    exchanges,
    status: 'number', statusText: 'string', headers: nameValues, auditId: 'string',
    priorityAndFairness: { flowSchemaUid: 'string', priorityLevelUid: 'string' },
    contentType: 'string', bodyKind: 'string', itemCount: 'number', totalBytes: 'number', timings, bodyPreview: 'string',
  },
  format: {
    output: 'string', printedFrom: 'string',
    ageExample: { name: 'string', creationTimestamp: 'string', responseDate: 'string', printedAge: 'string' },
    columns: { '[]': { name: 'string', type: 'string', format: 'string', description: 'string', priority: 'number', shown: 'boolean' } },
    rowCount: 'number', stdout: 'string', stderr: 'string', exitCode: 'number',
  },
  watch: {
    watchRequest: {
      method: 'string', url: 'string', headers: nameValues, httpVersion: 'string', status: 'number', statusText: 'string', responseHeaders: nameValues, auditId: 'string',
    },
    fromResourceVersion: 'string', bookmarksRequested: 'boolean', watchOnly: 'boolean', outputWatchEvents: 'boolean',
    events: {
      '[]': {
        seq: 'number', type: 'string', namespace: 'string', name: 'string', resourceVersion: 'string', atMs: 'number', bytes: 'number', row: 'list',
        columnDefinitions: 'boolean', printed: 'string', status: { code: 'number', reason: 'string', message: 'string' },
      },
    },
    eventsDropped: 'number', eventCount: 'number', bookmarkCount: 'number', lastResourceVersion: 'string', open: 'boolean',
    ended: { reason: 'string', afterMs: 'number', detail: 'string' },
    stdout: 'string', stderr: 'string', exitCode: 'number',
  },
  admission: {
    target: { dryRun: 'boolean', why: 'string', cluster: 'string', note: 'string' },
    steps: { '[]': { phase: 'string', kind: 'string', name: 'string', verdict: 'string', changes: 'objects', message: 'string', expression: 'string', durationMs: 'number' } },
    observed: { '[]': { op: 'string', path: 'string', value: 'string' } },
    refusedBy: { step: 'string', status: 'number', reason: 'string', message: 'string' },
    note: 'string',
    exchangeId: 'number',
  },
  write: {
    target: { dryRun: 'boolean', why: 'string', cluster: 'string', note: 'string' },
    operation: 'string', key: 'string', keyNote: 'string', resourceVersion: 'string', resourceVersionBefore: 'string',
    insideApiServer: { backend: 'string', compareModRevision: 'number', succeeded: 'boolean', revisionBefore: 'number', revision: 'number', bytes: 'number', dryRun: 'boolean', etcdHeader: 'object' },
    insideApiServerNote: 'string',
  },
  watched: {
    target: { dryRun: 'boolean', why: 'string', cluster: 'string', note: 'string' },
    events: { '[]': { type: 'string', resourceVersion: 'string', observed: 'boolean' } },
    watchers: 'list',
    note: 'string',
  },
};

function flatten(tree: Readonly<Record<string, unknown>>, prefix: string, out: Map<string, FieldKind>): void {
  for (const [key, sub] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof sub === 'string') out.set(path, sub as FieldKind);
    else if (typeof sub === 'object' && sub !== null && '[]' in sub) {
      out.set(path, 'objects');
      flatten((sub as { '[]': Record<string, unknown> })['[]'], path, out);
    } else if (typeof sub === 'object' && sub !== null) {
      out.set(path, 'object');
      flatten(sub as Record<string, unknown>, path, out);
    }
  }
}

const KINDS = new Map<StageName, ReadonlyMap<string, FieldKind>>();

/** Every dotted path of a stage's data with its kind, e.g. "request.url" → 'string' for the request stage. */
export function stageFields(stage: StageName): ReadonlyMap<string, FieldKind> {
  let map = KINDS.get(stage);
  if (map === undefined) {
    const out = new Map<string, FieldKind>();
    flatten(TREES[stage], '', out);
    map = out;
    KINDS.set(stage, map);
  }
  return map;
}

const PATHS = new Map<StageName, ReadonlySet<string>>();

/** Every dotted path a lesson for this stage may point at, e.g. "request.url" for the request stage. */
export function lookAtFields(stage: StageName): ReadonlySet<string> {
  let set = PATHS.get(stage);
  if (set === undefined) {
    set = new Set(stageFields(stage).keys());
    PATHS.set(stage, set);
  }
  return set;
}
