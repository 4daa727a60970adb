// What each I/O step of a trace returns: immutable, JSON-serialisable values with no secrets (the
// credentials stay inside the session's client). The teaching stages are projections of these; a
// recording is these values, and a replay feeds them back.
import type { GlassBoxRecord } from '../../glassbox/types.js';
import type { NetworkFailure } from '../../kube/observed-http.js';
import type { WatchEndReason } from '../../kube/watch-stream.js';
import type { HttpExchange, NameValue, StageError } from '../../kube/types.js';
import type { TemplateFileRead } from '../../format/index.js';
import type { KubectlBuild } from '../kubectl/identity.js';
import type { WriteAction } from '../kubectl/writes.js';
import type { AuthzData, DiscoveryData, KubeconfigData, PlannedRequest, ResourceMapping, VersionsData } from '../types.js';

/** A step that can refuse to go on: its value, or the error that stops the trace where it is shown. */
export type Outcome<T> = ({ ok: true } & T) | { ok: false; error: StageError };

export interface ConfigOutput {
  data: KubeconfigData;
  /** The cluster's server URL and name (the sandbox is recognised by its cluster name). */
  server: string;
  clusterName: string;
}

export interface DiscoveryOutput {
  discovery: DiscoveryData;
  /** The first request's mapping. */
  mapping: ResourceMapping;
  /** One per request (GetCommand targets), in order. */
  mappings: ResourceMapping[];
}

/** One response to kubectl's list (or GET), as recorded: enough for every stage and every kubectl message. */
export interface ListPage {
  /** Which of the command's requests (its targets) this page answers. */
  target: number;
  exchange: HttpExchange;
  failure: NetworkFailure | null;
  /** The decoded JSON body; undefined when none arrived or it was not JSON. */
  body: unknown;
  /** The start of the body as text, kept when kubectl could quote it (an error status, or not JSON). */
  text: string;
}

export interface ListOutput {
  pages: ListPage[];
  /** Set when paging had to stop (a repeated continue token, too many pages). */
  pagingError: StageError | null;
  /** What kubectl logs on stderr while it reads the pages (a body that broke off). */
  log?: string[];
  /**
   * `get TYPE NAME` answered 404 in a namespace other than "default": kubectl (cli-runtime's Info.Get)
   * then asks for the namespace, and reports that error instead when the namespace is missing too.
   * One per such request (its `target` says which).
   */
  namespaceChecks?: ListPage[];
}

export interface VersionsOutput {
  data: VersionsData;
  /** The build whose requests the trace sends (its User-Agent, its discovery Accept). */
  kubectl: KubectlBuild;
  exchange: HttpExchange | null;
}

export interface ReviewsOutput {
  whoami: AuthzData['whoami'];
  access: AuthzData['access'];
  exchanges: HttpExchange[];
}

export interface GlassBoxOutput {
  record: GlassBoxRecord | null;
  note: string;
  exchanges: HttpExchange[];
}

/** One watch event as it arrived: its type, its decoded object, when (ms after the watch was sent), its size. */
export interface WatchEventSeen {
  type: string;
  object: unknown;
  atMs: number;
  bytes: number;
}

/** A watch (steps/watch.ts): the request, the events in order, how it ended. */
export interface WatchOutput {
  /** The watch request and its response headers (recorded when it ended); null when it was not sent. */
  exchange: HttpExchange | null;
  /** The request as it goes on the wire (headers masked), known before any answer. */
  request: { url: string; headers: NameValue[] } | null;
  /** The resourceVersion it started from (the list's). */
  fromResourceVersion: string | null;
  /** Why it was not sent (the list failed, or had no resourceVersion). */
  notSent: string | null;
  events: WatchEventSeen[];
  /** Events beyond MAX_WATCH_EVENTS that were not kept. */
  dropped: number;
  /** Still open: a snapshot taken while events arrive. */
  open: boolean;
  ended: WatchEndReason | null;
  endedAtMs: number | null;
  decodeError: string | null;
  failure: NetworkFailure | null;
  /** The decoded body of an answer that was not 2xx (a Status). */
  body: unknown;
}

/** One response kubectl got while writing (the GET apply makes first, the namespace, the write, delete's wait). */
export interface WriteExchange {
  role: 'get' | 'namespace' | 'write' | 'wait';
  exchange: HttpExchange;
  failure: NetworkFailure | null;
  /** The decoded JSON body; undefined when none arrived or it was not JSON. */
  body: unknown;
  /** The start of the body as text (kubectl quotes it when it is not a Status). */
  text: string;
}

/** kubectl's check that the server takes fieldValidation, before apply / create -f (its OpenAPI GETs). */
export interface OpenApiOutput {
  exchanges: HttpExchange[];
  /** Which documents answered: kubectl then asks for fieldValidation=Strict. */
  answered: 'v3' | 'v2' | 'swagger' | null;
  /** kubectl's log line when v3 failed and it fell back (1.29+). */
  log: string[];
  /** Set when validation was asked for and no document answered: kubectl stops here. */
  error: StageError | null;
}

/** One object of the command, as kubectl will write it (nothing sent yet). */
export interface PlannedWrite {
  /** Which document of the manifest (0 for delete and run). */
  index: number;
  mapping: ResourceMapping;
  kind: string;
  name: string;
  /** null for a cluster-scoped kind. */
  namespace: string | null;
  /** The object as kubectl will send it (apply: with its last-applied annotation), or null (delete). */
  object: Record<string, unknown> | null;
  /** The request that writes (as it will go when the object is new, for client-side apply). */
  request: PlannedRequest;
  /** Client-side apply: the GET of the live object that decides between POST and PATCH. */
  liveGet: PlannedRequest | null;
}

export interface WritePlanOutput {
  objects: PlannedWrite[];
  /** dryRun=All: asked for (--dry-run=server), or added by kube-trace because the cluster is not its sandbox. */
  dryRun: { sent: boolean; why: 'flag' | 'not-the-sandbox' | null; cluster: string };
  fieldValidation: string | null;
}

/** What kubectl did with one object. */
export interface WrittenObject {
  index: number;
  action: WriteAction | null;
  exchanges: WriteExchange[];
  /** The client-side apply patch computed from the live object (its body; "{}" = unchanged). */
  patch: { body: string; contentType: string } | null;
  error: StageError | null;
  /** kubectl's own warnings for this object, on stderr (apply: the live object has no last-applied annotation). */
  warnings?: string[];
}

export interface WriteOutput {
  objects: WrittenObject[];
}

export interface StepOutputs {
  /** Read the kubeconfig files kubectl would read and pick the context (local files only). */
  config: Outcome<ConfigOutput>;
  /** Prepare the credentials (run an exec plugin, read files) and the connection; `log`: kubectl's lines for failed attempts. */
  connect: ({ ok: true; preparedMs: number } | { ok: false; error: StageError }) & { log?: string[] };
  /** The server's version (GET /version) and so the kubectl that runs: the dispatcher picks a build by it. */
  versions: VersionsOutput;
  /** Discovery as kubectl does it, and the resource mapping of what was typed (what was asked is kept on a refusal). */
  discovery: ({ ok: true } & DiscoveryOutput) | { ok: false; error: StageError; discovery: DiscoveryData };
  /** The requests kubectl sends next, one per target, as they will go on the wire (nothing is sent). */
  requestPlan: { requests: PlannedRequest[] };
  /** kubectl's request: every page of the list, or the single GET. */
  list: ListOutput;
  /** The template file of -o jsonpath-file / custom-columns-file, read as kubectl reads it: after its request. */
  printTemplate: { file: TemplateFileRead | null };
  /** kube-trace's own questions: SelfSubjectReview and SelfSubjectAccessReview. */
  reviews: ReviewsOutput;
  /** The sandbox's record of what happened inside it; null when the target is not the sandbox. */
  glassBox: GlassBoxOutput | null;
  /** get -w: the watch from the list's resourceVersion, until it ends. */
  watch: WatchOutput;
  /** Writes: kubectl's OpenAPI check before apply / create -f (sent before discovery). */
  openapi: OpenApiOutput;
  /** Writes: each object's request, planned (what the manifest asks, mapped by discovery). */
  writePlan: Outcome<WritePlanOutput>;
  /** Writes: kubectl's requests for each object, sent, in its order. */
  write: WriteOutput;
  /** Writes: kube-trace's own questions (SelfSubjectReview, SelfSubjectAccessReview for the write's verb). */
  writeReviews: ReviewsOutput;
  /** Writes: the sandbox's record of the (first) write request; null when the target is not the sandbox. */
  writeGlassBox: GlassBoxOutput | null;
}

export type StepName = keyof StepOutputs;

/** The steps that have run so far. */
export type StepResults = Readonly<Partial<StepOutputs>>;
