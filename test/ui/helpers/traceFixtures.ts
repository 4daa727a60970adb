// Hand-made trace results for the UI tests, with values taken from the real kube-apiserver v1.28.7
// captures (test/fixtures/real-apiserver, originally /work/shared/fixtures/real-apiserver): the viewer
// listing pods in "default" (kubectl/44-viewer-get-pods-v9.txt) and being refused in "demo"
// (kubectl/45-viewer-get-pods-n-demo-v9.txt, http/pods-demo-viewer-forbidden.json).
import { STAGE_TITLES } from '../../../src/trace/types.js';
import type {
  AnyStageResult,
  AuthzData,
  EtcdData,
  FormatData,
  HttpExchange,
  KubeconfigData,
  ParseData,
  RequestData,
  ResponseData,
  StageName,
  TraceReport,
} from '../../../src/trace/types.js';
import type { GlassBoxRecord } from '../../../src/glassbox/types.js';

export const SERVER = 'https://127.0.0.1:6443';
export const LIST_URL = `${SERVER}/api/v1/namespaces/default/pods?limit=500`;
export const AUDIT_ID = '052229ae-0106-4070-b877-93bf687cd6ef';
export const FORBIDDEN_AUDIT_ID = '5a1e8cbe-7613-477e-a15b-5787399a54a3';
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
export const USER_AGENT = 'kubectl.1.32/v1.32.5 (linux/amd64) kubernetes/9894294';
export const POD_NAMES = ['api-running', 'nginx', 'redis', 'web-with-sidecar'];
export const STDOUT = [
  'NAME               READY   STATUS    RESTARTS        AGE',
  'api-running        2/2     Running   2 (3m25s ago)   41s',
  'nginx              0/1     Pending   0               41s',
  'redis              0/1     Pending   0               41s',
  'web-with-sidecar   0/2     Pending   0               41s',
  '',
].join('\n');
export const FORBIDDEN_MESSAGE = 'pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "demo"';

function result<N extends StageName>(name: N, data: AnyStageResult['data'], durationMs: number): AnyStageResult {
  return { name, title: STAGE_TITLES[name], status: 'ok', durationMs, data } as AnyStageResult;
}

export const parseData: ParseData = {
  argv: ['get', 'pods', '--sandbox'],
  verb: 'get',
  resource: 'pods',
  resourceName: null,
  flags: [
    { name: 'sandbox', given: '--sandbox', value: true, source: 'flag', kubeTraceOnly: true },
    { name: 'namespace', value: null, source: 'default', kubeTraceOnly: false },
    { name: 'chunk-size', value: 500, source: 'default', kubeTraceOnly: false },
  ],
  output: 'table',
  mode: 'tui',
  kubectlEquivalent: 'kubectl get pods',
};

export const kubeconfigData: KubeconfigData = {
  files: [{ path: '/tmp/kube-trace-sandbox/kubeconfig', exists: true, source: 'sandbox' }],
  sandbox: { reason: 'flag', server: SERVER, scenario: 'default' },
  currentContext: 'viewer@sandbox',
  contextSource: 'current-context',
  fallback: null,
  cluster: {
    name: 'sandbox',
    server: SERVER,
    trust: { kind: 'ca-data', ca: { subjectCN: 'kube-trace-sandbox-ca', organizations: [], issuerCN: 'kube-trace-sandbox-ca', notBefore: '2026-11-28T02:00:00Z', notAfter: '2027-11-28T02:00:00Z', expired: false, source: 'data' } },
  },
  user: {
    name: 'viewer',
    auth: {
      kind: 'client-certificate',
      details: [{ name: 'client-key', value: '<masked> (EC P-256)' }],
      clientCertificate: { subjectCN: 'viewer', organizations: [], issuerCN: 'kube-trace-sandbox-ca', notBefore: '2026-11-28T02:00:00Z', notAfter: '2027-11-28T02:00:00Z', expired: false, source: 'data' },
    },
  },
  namespace: { value: 'default', source: 'default' },
};

const timings = { dnsMs: 0, connectMs: 0.6, tlsMs: 4.1, ttfbMs: 1.3, downloadMs: 0.4, totalMs: 9, reusedConnection: false };

export const requestData: RequestData = {
  versions: {
    kubectl: { gitVersion: 'v1.32.5', userAgent: USER_AGENT, how: 'modelled on kubectl v1.32.5: a fixture', modelled: true },
    server: { info: { major: '1', minor: '28', gitVersion: 'v1.28.7' }, askedBy: 'kube-trace', exchangeId: null, note: '' },
  },
  discovery: {
    exchanges: [
      {
        id: 1, by: 'kubectl', purpose: 'discovery', method: 'GET', url: `${SERVER}/api`,
        requestHeaders: [{ name: 'Accept', value: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json' }],
        status: 200, statusText: 'OK', httpVersion: '1.1',
        responseHeaders: [{ name: 'Content-Type', value: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList' }],
        bodyBytes: 2350, bodyPreview: '{"kind":"APIGroupDiscoveryList"}', timings: { ...timings, totalMs: 6 },
      },
    ],
    cache: { dir: '/home/learner/.kube/cache/discovery/127.0.0.1_6443', wouldUseCache: false, reason: 'no cache for this server yet' },
    format: 'aggregated-v2beta1',
  },
  mapping: { resource: 'pods', kind: 'Pod', group: '', version: 'v1', namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['po'], groupVersionPath: '/api/v1' },
  request: {
    method: 'GET',
    url: LIST_URL,
    path: '/api/v1/namespaces/default/pods',
    namespace: 'default',
    query: [{ name: 'limit', value: '500' }],
    headers: [
      { name: 'Accept', value: TABLE_ACCEPT },
      { name: 'User-Agent', value: USER_AGENT },
      { name: 'Kubectl-Command', value: 'kubectl get' },
    ],
    curl: `curl --cacert "$CA" --cert "$CERT" --key "$KEY" -H 'Accept: ${TABLE_ACCEPT}' -H 'User-Agent: ${USER_AGENT}' '${LIST_URL}'`,
    curlArgs: [
      { literal: 'curl' }, { literal: '--cacert' }, { expand: '$CA' }, { literal: '--cert' }, { expand: '$CERT' }, { literal: '--key' }, { expand: '$KEY' },
      { literal: '-H' }, { literal: `Accept: ${TABLE_ACCEPT}` }, { literal: '-H' }, { literal: `User-Agent: ${USER_AGENT}` }, { literal: LIST_URL },
    ],
    accept: TABLE_ACCEPT,
    asTable: true,
    chunkSize: 500,
  },
};

export const glassBox: GlassBoxRecord = {
  auditId: AUDIT_ID,
  method: 'GET',
  path: '/api/v1/namespaces/default/pods',
  query: 'limit=500',
  receivedAt: '2026-11-28T02:23:48.680Z',
  steps: [
    { step: 'authentication', durationMs: 0.2, summary: 'x509: CN=viewer verified against the sandbox CA' },
    { step: 'priority-and-fairness', durationMs: 0.1, summary: 'flow schema global-default, priority level global-default' },
    { step: 'authorization', durationMs: 0.1, summary: 'RBAC allowed by RoleBinding viewer-pod-reader' },
    { step: 'storage', durationMs: 0.5, summary: 'range /registry/pods/default/ at revision 221' },
    { step: 'conversion', durationMs: 0.3, summary: 'PodList → Table (4 rows)' },
    { step: 'response', durationMs: 0.1, summary: '200, 3120 bytes' },
  ],
  authentication: { authenticator: 'x509', authenticated: true, user: { username: 'viewer', groups: ['system:authenticated'] }, detail: 'client certificate CN=viewer O=[] verified against the sandbox CA' },
  priorityAndFairness: { flowSchema: 'global-default', flowSchemaUid: 'e12ebf8c-4312-4de1-ab95-66de9fc7669d', priorityLevel: 'global-default', priorityLevelUid: '1a2f5c1c-78c1-48ce-ac4a-d88e508f260b' },
  authorization: {
    attributes: { verb: 'list', resource: 'pods', subresource: '', apiGroup: '', namespace: 'default', name: '', path: '/api/v1/namespaces/default/pods', resourceRequest: true },
    decision: 'allow',
    reason: 'RBAC: allowed by RoleBinding "viewer-pod-reader/default" of Role "pod-reader" to User "viewer"',
    matched: {
      binding: { kind: 'RoleBinding', name: 'viewer-pod-reader', namespace: 'default' },
      role: { kind: 'Role', name: 'pod-reader', namespace: 'default' },
      rule: { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] },
      subject: { kind: 'User', name: 'viewer' },
    },
    considered: [],
  },
  storage: { backend: 'memory', operation: 'range', key: '/registry/pods/default/', rangeEnd: '/registry/pods/default0', revision: 221, consistent: true, servedFrom: 'storage', limit: 500, count: 4, totalKeysInRange: 4, more: false, bytes: 11840, encoding: 'json' },
  conversion: { to: 'Table', rows: 4 },
  response: { status: 200, bytes: 3120 },
  totalMs: 1.3,
};

export const authzData: AuthzData = {
  whoami: { available: true, username: 'viewer', groups: ['system:authenticated'], extra: {}, exchangeId: 3 },
  access: {
    available: true,
    attributes: { verb: 'list', resource: 'pods', group: '', namespace: 'default' },
    allowed: true,
    denied: false,
    reason: 'RBAC: allowed by RoleBinding "viewer-pod-reader/default" of Role "pod-reader" to User "viewer"',
    exchangeId: 4,
  },
  outcome: { status: 200, allowed: true, exchangeId: 2 },
  insideApiServer: glassBox,
  insideApiServerNote: 'seen inside the sandbox API server',
};

export const etcdData: EtcdData = {
  listResourceVersion: '221',
  items: POD_NAMES.map((name, i) => ({ namespace: 'default', name, resourceVersion: String(205 + i * 4), key: `/registry/pods/default/${name}` })),
  keyNote: 'Storage keys by convention (/registry/pods/<namespace>/<name>); the API server does not send them.',
  consistentRead: true,
  apiServer: 'https://127.0.0.1:6443',
  pages: [{ exchangeId: 2, resourceVersion: '221', itemCount: 4, continue: null, remainingItemCount: null, expectedRead: { servedFrom: 'etcd', revisionCheck: false, why: 'up to v1.30 a consistent list (no resourceVersion, what kubectl sends) is a quorum range read from etcd' } }],
  readsFor: { serverVersion: 'v1.28.7', note: 'the rules of kube-apiserver v1.28.7' },
  insideApiServer: glassBox.storage,
  insideApiServerNote: 'seen inside the sandbox API server',
};

const listExchange: HttpExchange = {
  id: 2, by: 'kubectl', purpose: 'list', method: 'GET', url: LIST_URL,
  requestHeaders: requestData.request.headers,
  status: 200, statusText: 'OK', httpVersion: '1.1',
  responseHeaders: [
    { name: 'Audit-Id', value: AUDIT_ID },
    { name: 'Cache-Control', value: 'no-cache, private' },
    { name: 'Content-Type', value: 'application/json' },
    { name: 'X-Kubernetes-Pf-Flowschema-Uid', value: 'e12ebf8c-4312-4de1-ab95-66de9fc7669d' },
    { name: 'X-Kubernetes-Pf-Prioritylevel-Uid', value: '1a2f5c1c-78c1-48ce-ac4a-d88e508f260b' },
    { name: 'Date', value: 'Sat, 28 Nov 2026 02:23:48 GMT' },
  ],
  bodyBytes: 3120,
  bodyPreview: '{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"221"},"rows":[]}',
  timings,
};

export const responseData: ResponseData = {
  of: 'list',
  exchanges: [listExchange],
  status: 200,
  statusText: 'OK',
  headers: listExchange.responseHeaders,
  auditId: AUDIT_ID,
  priorityAndFairness: { flowSchemaUid: 'e12ebf8c-4312-4de1-ab95-66de9fc7669d', priorityLevelUid: '1a2f5c1c-78c1-48ce-ac4a-d88e508f260b' },
  contentType: 'application/json',
  bodyKind: 'Table',
  itemCount: 4,
  totalBytes: 3120,
  timings,
  bodyPreview: listExchange.bodyPreview,
};

export const formatData: FormatData = {
  output: 'table',
  printedFrom: 'server-table',
  ageExample: null,
  columns: [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0, shown: true },
    { name: 'Ready', type: 'string', format: '', description: 'The aggregate readiness state of this pod for accepting traffic.', priority: 0, shown: true },
    { name: 'Status', type: 'string', format: '', description: 'The aggregate status of the containers in this pod.', priority: 0, shown: true },
    { name: 'Restarts', type: 'string', format: '', description: 'The number of times the containers in this pod have been restarted.', priority: 0, shown: true },
    { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time.', priority: 0, shown: true },
    { name: 'IP', type: 'string', format: '', description: 'podIP address allocated to the pod.', priority: 1, shown: false },
    { name: 'Node', type: 'string', format: '', description: 'Name of the Node this pod runs on.', priority: 1, shown: false },
  ],
  rowCount: 4,
  stdout: STDOUT,
  stderr: '',
  exitCode: 0,
};

/** A successful run, stage by stage. */
export function okResults(): AnyStageResult[] {
  return [
    result('parse', parseData, 0.4),
    result('kubeconfig', kubeconfigData, 3.2),
    result('request', requestData, 14),
    result('authz', authzData, 11),
    result('etcd', etcdData, 0.2),
    result('response', responseData, 9),
    result('format', formatData, 1.1),
  ];
}

/** The viewer asking for pods in "demo": refused at authz; the later stages are skipped. */
export function forbiddenResults(): AnyStageResult[] {
  const ok = okResults();
  const req: RequestData = {
    ...requestData,
    request: { ...requestData.request, url: `${SERVER}/api/v1/namespaces/demo/pods?limit=500`, path: '/api/v1/namespaces/demo/pods' },
  };
  const authz: AuthzData = {
    ...authzData,
    access: { available: true, attributes: { verb: 'list', resource: 'pods', group: '', namespace: 'demo' }, allowed: false, denied: false, reason: '', exchangeId: 4 },
    outcome: { status: 403, allowed: false, statusMessage: FORBIDDEN_MESSAGE, statusReason: 'Forbidden', exchangeId: 2 },
    insideApiServer: null,
    insideApiServerNote: 'Not observable: the glass box is only recorded for requests the sandbox served.',
  };
  const skipped = (name: StageName): AnyStageResult => ({ name, title: STAGE_TITLES[name], status: 'skipped', durationMs: 0, data: null }) as AnyStageResult;
  return [
    ok[0]!,
    ok[1]!,
    result('request', req, 12),
    {
      name: 'authz',
      title: STAGE_TITLES.authz,
      status: 'error',
      durationMs: 7,
      data: authz,
      error: {
        kind: 'forbidden',
        message: FORBIDDEN_MESSAGE,
        hint: 'Ask for pods in a namespace you may read (-n default), or ask an admin for a RoleBinding in demo.',
        kubectlMessage: `Error from server (Forbidden): ${FORBIDDEN_MESSAGE}`,
      },
    },
    skipped('etcd'),
    skipped('response'),
    skipped('format'),
  ];
}

export function reportFor(stages: AnyStageResult[]): TraceReport {
  const failed = stages.some((s) => s.status === 'error');
  return {
    tool: { name: 'kube-trace', version: '0.1.0' },
    command: ['get', 'pods'],
    target: { kind: 'sandbox', server: SERVER, context: 'viewer@sandbox' },
    stages,
    output: failed ? { stdout: '', stderr: `Error from server (Forbidden): ${FORBIDDEN_MESSAGE}\n`, exitCode: 1 } : { stdout: STDOUT, stderr: '', exitCode: 0 },
  };
}

/** A format stage with `n` rows, for scrolling. */
export function manyRowsFormat(n: number): AnyStageResult {
  const rows = Array.from({ length: n }, (_, i) => `pod-${String(i + 1).padStart(3, '0')}          1/1     Running   0          5m`);
  return result('format', { ...formatData, rowCount: n, stdout: ['NAME             READY   STATUS    RESTARTS   AGE', ...rows, ''].join('\n') }, 4);
}

/** A continue token as kube-apiserver writes it: base64url JSON whose start ends in a NUL byte. */
export function continueToken(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${start}\u0000` }), 'utf8').toString('base64url');
}

/**
 * `--chunk-size 2 -o wide` over six pods: three pages, continue tokens (with their NUL), the glass box
 * recorded for the second page, and a table wider than any screen.
 */
export function pagedWideResults(): AnyStageResult[] {
  const ok = okResults();
  const names = ['api-running', 'nginx', 'redis', 'web-with-sidecar', 'worker-a', 'worker-b'];
  const tokens = [continueToken(230, 'nginx'), continueToken(230, 'web-with-sidecar')];
  const urls = [`${SERVER}/api/v1/namespaces/default/pods?limit=2`, ...tokens.map((t) => `${SERVER}/api/v1/namespaces/default/pods?continue=${t}&limit=2`)];
  const exchanges: HttpExchange[] = urls.map((url, i) => ({ ...listExchange, id: 2 + i, url, bodyBytes: 2100 + i, timings: { ...timings, totalMs: 4 + i, reusedConnection: i > 0, dnsMs: i > 0 ? null : 0, connectMs: i > 0 ? null : 0.6, tlsMs: i > 0 ? null : 4.1 } }));
  const etcd: EtcdData = {
    ...etcdData,
    listResourceVersion: '230',
    items: names.map((name, i) => ({ namespace: 'default', name, resourceVersion: String(205 + i), key: `/registry/pods/default/${name}` })),
    pages: [0, 1, 2].map((i) => ({
      exchangeId: 2 + i,
      resourceVersion: '230',
      itemCount: 2,
      continue: i < 2 ? { raw: tokens[i]!, decoded: { v: 'meta.k8s.io/v1', rv: 230, start: `${i === 0 ? 'nginx' : 'web-with-sidecar'}\u0000` } } : null,
      remainingItemCount: i < 2 ? 4 - 2 * i : null,
      expectedRead: { servedFrom: 'etcd', revisionCheck: false, why: 'up to v1.30 a continued list is read from etcd at the revision of its token' },
    })),
    insideApiServer: { ...glassBox.storage!, key: '/registry/pods/default/nginx\u0000', limit: 2, count: 2, totalKeysInRange: 4, more: true },
  };
  const authz: AuthzData = { ...authzData, insideApiServer: { ...glassBox, query: `continue=${tokens[0]!}&limit=2`, storage: etcd.insideApiServer } };
  const wideHeader = 'NAME               READY   STATUS    RESTARTS        AGE   IP            NODE                     NOMINATED NODE   READINESS GATES';
  const wideRows = names.map((n) => `${n.padEnd(19)}1/1     Running   0               41s   10.244.0.${names.indexOf(n) + 10}   kube-trace-sandbox-node-1   <none>           <none>`);
  const format: FormatData = { ...formatData, output: 'wide', columns: formatData.columns.map((c) => ({ ...c, shown: true })), rowCount: 6, stdout: [wideHeader, ...wideRows, ''].join('\n') };
  return [
    ok[0]!,
    ok[1]!,
    result('request', { ...requestData, request: { ...requestData.request, url: urls[0]!, query: [{ name: 'limit', value: '2' }], chunkSize: 2 } }, 14),
    result('authz', authz, 11),
    result('etcd', etcd, 0.2),
    result('response', { ...responseData, exchanges, itemCount: 6, totalBytes: 6303 }, 9),
    result('format', format, 1.1),
  ];
}
