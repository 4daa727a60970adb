// The trace data contract. The engine (src/trace) produces these values; the Ink UI (src/ui), the
// plain and JSON renderers (src/render) and the tests only read them. Everything here is plain,
// JSON-serialisable data: no functions, no class instances, no secrets (they are masked before they
// get here).

import type { GlassBoxRecord } from '../glassbox/types.js';
import { STAGE_CATALOGUE } from './plan.js';
import type { StageError } from '../kube/types.js';
import type { AuthSummary, HttpExchange, HttpTimings, KubeconfigFile, NameValue, ServerTrust } from '../kube/types.js';
import type { OutputFormat, TableColumn } from '../format/types.js';
import type { ShellWord } from '../text/shell.js';

export type { ErrorKind, StageError } from '../kube/types.js';
export type { AuthKind, AuthSummary, CertificateSummary, HttpExchange, HttpTimings, KubeconfigFile, NameValue, ServerTrust, TokenSummary } from '../kube/types.js';
export type { OutputFormat, TableColumn } from '../format/types.js';
export type { ShellWord } from '../text/shell.js';

export { STAGE_NAMES } from './plan.js';
export type { StageName, StageSpec, TracePlan } from './plan.js';
import type { StageName, TracePlan, Verb } from './plan.js';

/** Titles by stage name (read from the plan's catalogue). */
export const STAGE_TITLES: Record<StageName, string> = Object.fromEntries(
  Object.entries(STAGE_CATALOGUE).map(([name, s]) => [name, s.title]),
) as Record<StageName, string>;

export type StageStatus = 'ok' | 'error' | 'skipped';

// ---------------------------------------------------------------- parse

export type PresentationMode = 'tui' | 'plain' | 'json';

export interface ParsedFlag {
  /** Long name without dashes, e.g. "namespace". */
  name: string;
  /** The form that was typed, e.g. "-n" or "--namespace=demo"; absent when defaulted. */
  given?: string;
  value: string | number | boolean | null;
  source: 'flag' | 'default' | 'env';
  /** True for kube-trace's own flags (e.g. --plain), which kubectl would not understand. */
  kubeTraceOnly: boolean;
}

export interface ParseData {
  argv: string[];
  verb: Verb;
  resource: string; // as typed: pods, pod, po
  resourceName: string | null; // `get pods NAME`
  flags: ParsedFlag[];
  output: OutputFormat;
  mode: PresentationMode;
  /** The kubectl command line this corresponds to (kube-trace-only flags removed). */
  kubectlEquivalent: string;
}

// ---------------------------------------------------------------- kubeconfig

export interface KubeconfigData {
  files: KubeconfigFile[];
  /** Set when kube-trace runs against its embedded sandbox. */
  sandbox: null | { reason: 'flag' | 'no-kubeconfig'; server: string; scenario: string };
  currentContext: string;
  /** "none": no --context and no current-context. */
  contextSource: 'flag' | 'current-context' | 'none';
  /** The server as shown: a password in its URL is masked, as kubectl masks it. */
  cluster: { name: string; server: string; trust: ServerTrust; proxyUrl?: string };
  /**
   * kubectl's default when the kubeconfig names no cluster (no current-context, or a context whose
   * cluster is not defined): it talks plain HTTP to localhost:8080, with no credentials.
   */
  fallback: null | { reason: 'no-current-context' | 'no-cluster'; server: string };
  user: { name: string; auth: AuthSummary };
  namespace: { value: string; source: 'flag' | 'context' | 'default' | 'all-namespaces' };
}

// ---------------------------------------------------------------- request

export interface DiscoveryData {
  /** Requests kubectl would make when its discovery cache is cold (every attempt, when it retried). */
  exchanges: HttpExchange[];
  /**
   * kubectl's stderr lines for failed attempts: with a cold cache it asks again (five times in all,
   * 1.27–1.33) and logs each failure before its error.
   */
  log?: string[];
  cache: { dir: string; wouldUseCache: boolean; reason: string };
  /** How kubectl learnt the resources: aggregated documents, one list per group-version, or its fresh disk cache (no request). */
  format: 'aggregated-v2' | 'aggregated-v2beta1' | 'legacy' | 'cache';
}

export interface ResourceMapping {
  resource: string; // pods
  kind: string; // Pod
  group: string; // "" for core
  version: string; // v1
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  groupVersionPath: string; // /api/v1
}

export interface PlannedRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A write's body as it will be sent, and its Content-Type. */
  body?: string;
  contentType?: string;
  url: string;
  path: string;
  /** The namespace in the path; null for -A or a cluster-scoped resource. */
  namespace: string | null;
  query: NameValue[];
  headers: NameValue[]; // as on the wire, Authorization masked
  /** A copy-ready curl line, with secrets replaced by shell variables/placeholders. */
  curl: string;
  /** The same line as words (the renderers lay it out; nothing parses the string back). */
  curlArgs: ShellWord[];
  accept: string;
  asTable: boolean;
  chunkSize: number; // 0 = no chunking
  /**
   * Set when kubectl's client refuses to build this request (a namespace or name that cannot be a
   * URL path segment, an empty name): it is never sent. kubectlMessage is client-go's text, without
   * the "error: " checkErr may put before it.
   */
  refused?: StageError;
}

/** What /version answered (the fields kube-apiserver sends; 1.33 adds the emulation ones). */
export interface ServerVersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit?: string;
  buildDate?: string;
  goVersion?: string;
  platform?: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
}

/** The two versions every version-dependent statement of a trace is chosen for. */
export interface VersionsData {
  kubectl: {
    gitVersion: string;
    userAgent: string;
    /** How this kubectl was found or chosen, in a sentence. */
    how: string;
    /** True when no such binary ran here: its requests are modelled on that release. */
    modelled: boolean;
  };
  server: {
    info: ServerVersionInfo | null;
    /** Who asked: the kubectl dispatcher on PATH does (it picks a build by the answer), else kube-trace. */
    askedBy: 'kubectl-dispatcher' | 'kube-trace';
    exchangeId: number | null;
    /** Why the version is unknown, when it is. */
    note: string;
  };
}

export interface RequestData {
  versions: VersionsData;
  discovery: DiscoveryData;
  /** The first request's mapping and plan (the only ones for a single resource). */
  mapping: ResourceMapping;
  request: PlannedRequest;
  /** Several resources in one get (`get pods,services`, `get pod/a node/b`): every request, in kubectl's order. */
  targets?: { mapping: ResourceMapping; request: PlannedRequest }[];
  /** A write (apply, create, delete, run): what kubectl will send for each object, and whether it persists. */
  write?: WriteRequestData;
}

/** Whether a write persists, said in every write stage. */
export interface WriteTarget {
  /** dryRun=All on the write: admission and validation run, nothing is stored. */
  dryRun: boolean;
  /** Why: --dry-run=server, or kube-trace's rule that a cluster other than its sandbox is only read. */
  why: 'flag' | 'not-the-sandbox' | null;
  /** The cluster's name in the kubeconfig. */
  cluster: string;
  /** One sentence for the screen. */
  note: string;
}

export interface WriteRequestData {
  verb: Verb;
  target: WriteTarget;
  /** kubectl's OpenAPI GETs before apply / create -f (it checks that the server takes fieldValidation). */
  openapi: { exchanges: HttpExchange[]; answered: 'v3' | 'v2' | 'swagger' | null; log: string[] } | null;
  fieldValidation: string | null;
  objects: {
    kind: string;
    name: string;
    namespace: string | null;
    mapping: ResourceMapping;
    /** Client-side apply: the GET that decides between POST (404) and PATCH (found). */
    liveGet: PlannedRequest | null;
    /** The write as it will be sent (client-side apply: when the object does not exist yet). */
    request: PlannedRequest;
  }[];
  /** How kubectl proceeds, in its order, one sentence per request. */
  sequence: string[];
}

// ---------------------------------------------------------------- admission

/** One change an admission step made to the object, made readable from its JSON Patch op. */
export interface ObjectChange {
  op: 'add' | 'remove' | 'replace';
  /** A dotted path: spec.containers[0].volumeMounts. */
  path: string;
  /** The value as one line of JSON (absent for remove). */
  value?: string;
}

export interface AdmissionData {
  target: WriteTarget;
  /** Sandbox only: each step in kube-apiserver's order (mutating, defaulting, schema, validating), with what it changed. */
  steps: { phase: 'mutating' | 'validating'; kind: string; name: string; verdict: string; changes: ObjectChange[]; message?: string; expression?: string; durationMs: number }[] | null;
  /**
   * What any client can see: the object kubectl sent against the object the server answered with —
   * everything defaulting, admission and the registry added, as changes. Null when no object came back.
   */
  observed: ObjectChange[] | null;
  /** The step or the Status that refused the write, when one did. */
  refusedBy: { step: string | null; status: number | null; reason: string | null; message: string } | null;
  /** Why nothing about admission can be seen (unchanged apply: no write was sent; a remote cluster: no step list). */
  note: string;
  exchangeId: number | null;
}

// ---------------------------------------------------------------- write (etcd)

export interface WriteStorageData {
  target: WriteTarget;
  operation: 'create' | 'update' | 'delete' | 'none';
  /** The storage key by kube-apiserver's rule (/registry/pods/<ns>/<name>). */
  key: string;
  keyNote: string;
  /** The resourceVersion the response carries: the etcd revision of the write (none for a dry run). */
  resourceVersion: string | null;
  /** The live object's resourceVersion before the write (client-side apply's GET), when kubectl read it. */
  resourceVersionBefore: string | null;
  /** Sandbox only: the transaction, as the sandbox ran it. */
  insideApiServer: {
    backend: 'memory' | 'etcd';
    compareModRevision: number;
    succeeded: boolean;
    revisionBefore: number;
    revision: number | null;
    bytes: number;
    dryRun: boolean;
    etcdHeader?: { clusterId: string; memberId: string; revision: string; raftTerm: string };
  } | null;
  insideApiServerNote: string;
}

// ---------------------------------------------------------------- watch

export interface WriteWatchData {
  target: WriteTarget;
  /** The events a watcher of the resource received because of this write (sandbox), or would receive (elsewhere, inferred). */
  events: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; resourceVersion: string; observed: boolean }[];
  /** Who watches this resource in a cluster (the scheduler, the kubelet, controllers) and what they would do next. */
  watchers: string[];
  note: string;
}

// ---------------------------------------------------------------- authz

export interface AuthzData {
  /** What the server says about who you are (SelfSubjectReview), or why that could not be learnt. */
  whoami:
    | { available: true; username: string; uid?: string; groups: string[]; extra: Record<string, string[]>; exchangeId: number }
    | { available: false; reason: string };
  /** SelfSubjectAccessReview for exactly this verb/resource/namespace. */
  access:
    | {
        available: true;
        attributes: { verb: string; resource: string; group: string; namespace: string | null; name?: string };
        allowed: boolean;
        denied: boolean;
        reason: string;
        evaluationError?: string;
        exchangeId: number;
      }
    | { available: false; reason: string };
  /** The real (kubectl) request's outcome. */
  outcome: { status: number | null; allowed: boolean; statusMessage?: string; statusReason?: string; exchangeId: number | null };
  /** Sandbox only: what happened inside the API server for the real request. */
  insideApiServer: GlassBoxRecord | null;
  insideApiServerNote: string; // e.g. "not observable on a remote cluster: …"
  /** kube-trace's own requests of this stage (SelfSubjectReview, SelfSubjectAccessReview, glass box); exchangeId above points here. */
  exchanges?: HttpExchange[];
}

// ---------------------------------------------------------------- etcd

export interface DecodedContinue {
  raw: string;
  decoded: { v?: string; rv?: number; start?: string } | null;
}

export interface EtcdData {
  listResourceVersion: string | null;
  items: { namespace: string; name: string; resourceVersion: string; key: string }[];
  keyNote: string; // "storage keys by kube-apiserver's rule (/registry/pods/<ns>/<name>) …"
  /** The API server kubectl talked to: the only peer a client has (etcd sits behind it). */
  apiServer: string;
  consistentRead: boolean; // no resourceVersion param → quorum read
  pages: {
    exchangeId: number;
    resourceVersion: string | null;
    itemCount: number;
    continue: DecodedContinue | null;
    /** The server's estimate of the items still to come (unset with a selector); null when it sent none. */
    remainingItemCount: number | null;
    /** Where kube-apiserver reads this page, for the server's version (null: version unknown); the rule says for which versions. */
    expectedRead: { servedFrom: 'etcd' | 'watch-cache'; revisionCheck: boolean; why: string } | null;
  }[];
  /** The server's version the expected reads are chosen for ("v1.33.3"), or why it is unknown. */
  readsFor: { serverVersion: string | null; note: string };
  /** Sandbox only: the storage reads the server really did. */
  insideApiServer: GlassBoxRecord['storage'] | null;
  insideApiServerNote: string;
}

// ---------------------------------------------------------------- response

export interface ResponseData {
  /**
   * Which request this is the answer to: kubectl's list (or the GET of one object), or — when the
   * server refused kubectl's discovery, so the list was never sent — the discovery response.
   */
  of: 'list' | 'get' | 'discovery' | 'write';
  /** The request(s) answered; one per page of a list. */
  exchanges: HttpExchange[];
  status: number | null;
  statusText: string;
  headers: NameValue[];
  auditId: string | null;
  priorityAndFairness: { flowSchemaUid: string | null; priorityLevelUid: string | null };
  contentType: string | null;
  bodyKind: string | null; // Table, PodList, Status
  itemCount: number;
  totalBytes: number;
  timings: HttpTimings; // of the first page
  /** The whole decoded body of the last page, pretty-printed (bounded) for "details". */
  bodyPreview: string;
}

// ---------------------------------------------------------------- format

export interface FormatData {
  output: OutputFormat;
  /** The server's Table, kubectl-side printing of the objects, or kubectl's error for a refused request. */
  printedFrom: 'server-table' | 'objects' | 'error';
  /**
   * How one row's AGE came to be (the first row of a server Table): the object's creationTimestamp,
   * the response's Date header, and the AGE the server printed from the two.
   */
  ageExample: { name: string; creationTimestamp: string; responseDate: string | null; printedAge: string } | null;
  columns: TableColumn[];
  rowCount: number;
  stdout: string;
  stderr: string;
  exitCode: number;
}

// ---------------------------------------------------------------- watch

/** Why the watch ended (kube/watch-stream.ts). */
export type WatchEndReason = 'server-closed' | 'request-timeout' | 'interrupted' | 'http-error' | 'network' | 'decode-error';

/** One watch event as it arrived, and what kubectl printed for it. */
export interface WatchEventData {
  /** 1, 2, … in the order they arrived. */
  seq: number;
  /** ADDED, MODIFIED, DELETED, BOOKMARK, ERROR. */
  type: string;
  namespace: string | null;
  name: string | null;
  /** The object's metadata.resourceVersion (for a BOOKMARK: how far the server has seen; for a Table: its row's object). */
  resourceVersion: string | null;
  /** Milliseconds after the watch request was sent. */
  atMs: number;
  bytes: number;
  /** For a Table event: the row's cells as the server sent them; null for a whole object. */
  row: string[] | null;
  /** Whether the event's Table carried column definitions (kube-apiserver sends them with the first event only). */
  columnDefinitions: boolean;
  /** What kubectl printed for it ('' when nothing: a bookmark, a row without a table). */
  printed: string;
  /** For ERROR: the Status the server sent. */
  status: { code: number | null; reason: string; message: string } | null;
}

export interface WatchData {
  /** The watch request as sent (headers masked) and its response headers. */
  watchRequest: { method: 'GET'; url: string; headers: NameValue[]; httpVersion: string; status: number | null; statusText: string; responseHeaders: NameValue[]; auditId: string | null };
  /** The resourceVersion the watch started from: the list's metadata.resourceVersion. */
  fromResourceVersion: string | null;
  /** kubectl does not send allowWatchBookmarks, so kube-apiserver sends it no BOOKMARK events. */
  bookmarksRequested: boolean;
  watchOnly: boolean;
  outputWatchEvents: boolean;
  events: WatchEventData[];
  /** Events that arrived beyond what kube-trace keeps (the oldest are dropped; what kubectl printed is kept). */
  eventsDropped: number;
  eventCount: number;
  bookmarkCount: number;
  /** The newest resourceVersion seen: where a new watch would resume. */
  lastResourceVersion: string | null;
  /** Still open: this is a snapshot while events arrive. */
  open: boolean;
  ended: { reason: WatchEndReason; afterMs: number; detail: string } | null;
  /** What kubectl printed for the events (after the list the format stage shows). */
  stdout: string;
  stderr: string;
  exitCode: number;
}

// ---------------------------------------------------------------- the whole trace

export interface StageDataMap {
  parse: ParseData;
  kubeconfig: KubeconfigData;
  request: RequestData;
  authz: AuthzData;
  etcd: EtcdData;
  response: ResponseData;
  format: FormatData;
  watch: WatchData;
  admission: AdmissionData;
  write: WriteStorageData;
  watched: WriteWatchData;
}

export interface StageResult<N extends StageName = StageName> {
  name: N;
  title: string;
  status: StageStatus;
  durationMs: number;
  /** Partial data is kept for a failed stage when some was gathered. */
  data: StageDataMap[N] | null;
  error?: StageError;
  /** Why a stage was not reached ("skipped"): what did not happen, and where the trace stopped. */
  reason?: string;
}

export type AnyStageResult = { [N in StageName]: StageResult<N> }[StageName];

export interface KubectlOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  /**
   * Set when kube-trace cannot know what kubectl prints (it stopped at a limit of its own that kubectl
   * does not have): why. stdout and stderr then hold only what kubectl printed before that point, and
   * exitCode is kube-trace's own (1), not kubectl's.
   */
  unknown?: string;
}

export interface TraceTarget {
  kind: 'sandbox' | 'cluster';
  server: string | null;
  context: string | null;
}

/** The JSON document `--json` prints; also what the UI holds once every stage has run. */
export interface TraceReport {
  tool: { name: 'kube-trace'; version: string };
  command: string[];
  target: TraceTarget;
  stages: AnyStageResult[]; // one per stage of the run's plan, in its order
  output: KubectlOutput;
  /** Every HTTP exchange of the run in the order sent, including failed ones (e.g. a discovery request that hit a TLS error). */
  exchanges?: HttpExchange[];
  /** The kubectl and server versions the trace is true for (when the server was reached). */
  versions?: VersionsData;
}

/**
 * What a presenter (the Ink UI, the plain and JSON renderers) is handed: the plan, known before anything
 * runs, and the stages as they complete. The generator pauses between stages until it is asked for
 * the next one; it returns the whole report.
 */
export interface TraceRun {
  plan: TracePlan;
  stages: AsyncGenerator<AnyStageResult, TraceReport, void>;
  /** Snapshots of a stage while it is still running (the watch, as its events arrive). */
  live?: LiveStageFeed;
}

/** Where a running stage publishes snapshots of itself (the engine) and presenters listen (trace/live.ts). */
export interface LiveStageFeed {
  publish(r: AnyStageResult): void;
  subscribe(listener: (r: AnyStageResult) => void): () => void;
  /** The last snapshot published, if any. */
  latest(): AnyStageResult | null;
}
