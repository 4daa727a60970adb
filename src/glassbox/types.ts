// The wire format of the sandbox's "glass box": what happened inside the API server for one request,
// keyed by its Audit-Id. The sandbox writes it (GET /kube-trace/v1/glassbox/<audit-id>, admin only);
// the trace engine reads it over HTTP. Neither imports the other: this file is their shared contract.

export const GLASSBOX_PATH_PREFIX = '/kube-trace/v1/glassbox/';

export interface GlassBoxStep {
  /** In kube-apiserver's handler-chain order: authentication, priority-and-fairness, authorization, storage, conversion, response. */
  step: 'authentication' | 'priority-and-fairness' | 'authorization' | 'storage' | 'conversion' | 'response';
  durationMs: number;
  summary: string;
}

export interface GlassBoxRecord {
  auditId: string;
  method: string;
  path: string;
  query: string;
  receivedAt: string; // ISO 8601
  /** The wire protocol the request came on ('2' when the client negotiated h2 by ALPN). Added with HTTP/2 support. */
  httpVersion?: '1.1' | '2';
  steps: GlassBoxStep[];
  authentication: {
    authenticator: 'x509' | 'bearer-token' | 'anonymous' | 'none';
    authenticated: boolean;
    user: { username: string; uid?: string; groups: string[] } | null;
    detail: string; // e.g. "client certificate CN=viewer O=[] verified against the sandbox CA"
  };
  priorityAndFairness: { flowSchema: string; flowSchemaUid: string; priorityLevel: string; priorityLevelUid: string } | null;
  authorization: {
    attributes: { verb: string; resource: string; subresource: string; apiGroup: string; namespace: string; name: string; path: string; resourceRequest: boolean };
    decision: 'allow' | 'deny' | 'no-opinion';
    reason: string;
    /** The binding → role → rule chain that allowed the request, when RBAC allowed it. */
    matched: null | {
      binding: { kind: 'RoleBinding' | 'ClusterRoleBinding'; name: string; namespace?: string };
      role: { kind: 'Role' | 'ClusterRole'; name: string; namespace?: string };
      rule: { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames?: string[]; nonResourceURLs?: string[] };
      subject: { kind: string; name: string };
    };
    /** When denied: the bindings that were looked at and why none matched. */
    considered: string[];
  } | null;
  storage: {
    backend: 'memory' | 'etcd';
    operation: 'range' | 'get';
    key: string; // the key or the range start
    rangeEnd?: string;
    /** The revision the read was served at (the list's resourceVersion). */
    revision: number;
    consistent: boolean;
    servedFrom: 'storage' | 'watch-cache';
    limit: number;
    count: number; // items returned
    totalKeysInRange: number;
    more: boolean;
    bytes: number;
    encoding: 'json' | 'protobuf';
    /** The real etcd response header, when backed by etcd. */
    etcdHeader?: { clusterId: string; memberId: string; revision: string; raftTerm: string };
  } | null;
  conversion: { to: 'Table' | 'PodList' | 'Pod' | 'Status' | string; rows?: number } | null;
  response: {
    status: number;
    bytes: number;
    /**
     * Set when the server sent GOAWAY on this HTTP/2 connection with the response, ending it after this
     * request (kube-apiserver ≥1.29 for anonymous and 401 requests, UnauthenticatedHTTP2DOSMitigation).
     */
    goaway?: { reason: string };
  } | null;
  totalMs: number;
}
