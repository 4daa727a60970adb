// The wire format of the sandbox's "glass box": what happened inside the API server for one request,
// keyed by its Audit-Id. The sandbox writes it (GET /kube-trace/v1/glassbox/<audit-id>, admin only);
// the trace engine reads it over HTTP. Neither imports the other: this file is their shared contract.

export const GLASSBOX_PATH_PREFIX = '/kube-trace/v1/glassbox/';
/**
 * GET <prefix><revision>: the record of the write that produced that storage revision (a watch event's
 * resourceVersion), including the sandbox's own components' writes, which no client sent (added with
 * the write path).
 */
export const GLASSBOX_BY_REVISION_PREFIX = '/kube-trace/v1/glassbox/by-revision/';

export interface GlassBoxStep {
  /** In kube-apiserver's handler-chain order: authentication, priority-and-fairness, authorization, storage, conversion, response. */
  step: 'authentication' | 'priority-and-fairness' | 'authorization' | 'admission' | 'storage' | 'conversion' | 'response';
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
    /** `extra` (added with server versions): e.g. v1.33's authentication.kubernetes.io/credential-id for a client certificate. */
    user: { username: string; uid?: string; groups: string[]; extra?: Record<string, string[]> } | null;
    detail: string; // e.g. "client certificate CN=viewer O=[] verified against the sandbox CA"
  };
  priorityAndFairness: { flowSchema: string; flowSchemaUid: string; priorityLevel: string; priorityLevelUid: string } | null;
  authorization: {
    attributes: { verb: string; resource: string; subresource: string; apiGroup: string; namespace: string; name: string; path: string; resourceRequest: boolean };
    decision: 'allow' | 'deny' | 'no-opinion';
    reason: string;
    /**
     * Which authorizer decided (added with the privileged-group fix): 'privileged-group' for a member of
     * system:masters (allowed on its own; RBAC never asked, so matched is null and considered empty),
     * 'rbac' otherwise.
     */
    authorizer?: 'privileged-group' | 'rbac';
    /** The binding → role → rule chain that allowed the request, when RBAC allowed it (null when the privileged-group authorizer did). */
    matched: null | {
      binding: { kind: 'RoleBinding' | 'ClusterRoleBinding'; name: string; namespace?: string };
      role: { kind: 'Role' | 'ClusterRole'; name: string; namespace?: string };
      rule: { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames?: string[]; nonResourceURLs?: string[] };
      subject: { kind: string; name: string };
    };
    /** When denied: every binding that was looked at and why none matched. */
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
    /**
     * Why the read went where it went, in the words of kube-apiserver's own decision for the version
     * imitated (v1.28: cacher.go shouldDelegateList; v1.33: cacher/delegator.go shouldDelegateList and
     * the ConsistentListFromCache path). Added with server versions.
     */
    decision?: string;
    /**
     * v1.31+ consistent list from the watch cache: the read kube-apiserver sends to storage first to
     * learn the current revision (storage.GetCurrentResourceVersionFromStorage: a non-recursive GetList
     * of the resource prefix with limit 1, i.e. an etcd range of that one key). Added with server versions.
     */
    revisionCheck?: {
      operation: 'get';
      key: string; // e.g. /registry/pods (no trailing slash: it matches no object)
      limit: 1;
      revision: number; // the current revision it returned
      count: number; // keys it found (0: the prefix itself is no object's key)
      durationMs: number;
      etcdHeader?: { clusterId: string; memberId: string; revision: string; raftTerm: string };
    };
    /** When servedFrom is 'watch-cache': the sandbox's watch cache for this resource, before and after this read. Added with server versions. */
    watchCache?: {
      resourcePrefix: string; // e.g. /registry/pods/
      revisionBefore: number;
      revision: number; // what the list was served at
      /** 'relisted': it was behind the revision asked for and read the prefix from storage again (kube-apiserver would get the change from its etcd watch). */
      caughtUp: 'already-current' | 'relisted';
      keys: number; // objects it holds for the resource
    };
  } | null;
  /** For a write: admission, in the order kube-apiserver ran it (added with the write path). */
  admission?: GlassBoxAdmissionStep[] | null;
  /** For a write: the storage transaction (added with the write path). */
  write?: GlassBoxWrite | null;
  /** What the response body was converted to: Table, PodList, Pod, Status, … */
  conversion: { to: string; rows?: number } | null;
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

/**
 * One step of a write's way through admission (added with the write path). Defaulting and schema
 * validation are not admission plugins in kube-apiserver, but they run between the mutating and the
 * validating phase, so the record keeps them in that order with their own kind.
 */
export interface GlassBoxAdmissionStep {
  phase: 'mutating' | 'validating';
  kind: 'defaulting' | 'plugin' | 'webhook' | 'schema' | 'policy';
  /** e.g. "ServiceAccount", "PodSecurity", "ValidatingAdmissionPolicy/require-team-label", "mutate.kube-trace.local". */
  name: string;
  verdict: 'changed' | 'unchanged' | 'allowed' | 'denied';
  /** RFC 6902 JSON Patch of what a mutating step changed, with paths into the object. */
  patch?: Array<{ op: 'add' | 'remove' | 'replace'; path: string; value?: unknown }>;
  /** When denied: the message the Status carries. */
  message?: string;
  /** For a ValidatingAdmissionPolicy: the CEL expression that decided. */
  expression?: string;
  durationMs: number;
}

/** The storage side of a write: kube-apiserver's optimistic-concurrency transaction (added with the write path). */
export interface GlassBoxWrite {
  operation: 'create' | 'update' | 'delete';
  key: string;
  /** dryRun=All: admission and validation ran, nothing was stored. */
  dryRun: boolean;
  /** The transaction's guard: the key's mod revision it compared to (0: the key must not exist yet). */
  compareModRevision: number;
  /** False when the compare failed (a 409 Conflict, or AlreadyExists on create). */
  succeeded: boolean;
  revisionBefore: number;
  /** The store's new revision, which is the object's new resourceVersion; null for a dry run or a failed compare. */
  revision: number | null;
  bytes: number;
  backend: 'memory' | 'etcd';
  etcdHeader?: { clusterId: string; memberId: string; revision: string; raftTerm: string };
  /** The watch events this write caused, as a watcher of the resource received them. */
  events: Array<{ type: 'ADDED' | 'MODIFIED' | 'DELETED'; resourceVersion: string }>;
}
