// The engine's input: a parsed `get` command. src/cli builds it from argv; the engine never sees argv
// parsing rules, only their result (and reports them in the parse stage).

import type { PrintFlags } from '../format/types.js';
import type { KubectlInstall } from './kubectl/identity.js';
import type { ResourceTarget } from './kubectl/resource-args.js';
import type { LiveStageFeed, OutputFormat, ParsedFlag, PresentationMode, StageName } from './types.js';

export interface GetCommand {
  argv: string[];
  verb: 'get';
  /** The first resource argument as typed: pods, po, pods,nodes, pod/nginx. */
  resource: string;
  /** The name of a single named object (`get pods nginx`, `get pod/nginx`); null for a list or several. */
  resourceName: string | null;
  /**
   * Every request kubectl makes, in its order (cli-runtime's builder): each type with each name.
   * Unset: the one target `resource` / `resourceName`.
   */
  targets?: ResourceTarget[];
  /** The resource arguments as typed (for the kubectl command line); unset: `resource` [`resourceName`]. */
  resourceArgs?: string[];
  namespace: string | null; // -n; null = from the context
  allNamespaces: boolean; // -A
  labelSelector: string | null;
  fieldSelector: string | null;
  output: OutputFormat;
  chunkSize: number; // kubectl's --chunk-size, default 500; 0 disables paging
  kubeconfig: string | null;
  context: string | null;
  /** --request-timeout in milliseconds; 0 = none (kubectl's default). */
  requestTimeoutMs: number;
  sandbox: boolean;
  scenario: string | null;
  /** --sandbox-etcd: the CLI keeps the sandbox's objects in this etcd (the engine does not use it). */
  sandboxEtcdEndpoints?: string[] | null;
  /** --server-version: the kube-apiserver version the sandbox imitates (the CLI starts it; null = the newest). */
  sandboxServerVersion?: '1.28' | '1.33' | null;
  /** --kubectl-version: the kubectl minor ("1.28") to be faithful to; null = the one on PATH. */
  kubectlVersion?: string | null;
  mode: PresentationMode;
  startStage: StageName | null; // --stage
  noPause: boolean;
  lessonsDir: string | null;
  flags: ParsedFlag[];
  /** Milliseconds spent parsing, for the parse stage. */
  parseMs: number;
  /**
   * kubectl get's printing flags as given (-o as typed, --show-labels, -L, --no-headers, --sort-by,
   * --show-kind, --ignore-not-found, --show-managed-fields, --server-print, --template,
   * --allow-missing-template-keys). Pass it to formatOutput as `print`; what it asks of the request
   * is requestNeedsOf(print) (src/format). Absent: the defaults, with -o implied by `output`.
   */
  print?: PrintFlags;
  /**
   * -w / --watch-only: after the list, kubectl watches from its resourceVersion and prints each event
   * (`only`: the list is not printed; `outputEvents`: --output-watch-events). Absent: no watch.
   */
  watch?: { only: boolean; outputEvents: boolean };
}

/** The writes kube-trace traces, as kubectl names them. */
export type WriteVerb = 'apply' | 'create' | 'delete' | 'run';

/** One object a manifest holds, as read from the file (kubectl's order: document by document). */
export interface ManifestObject {
  /** The object as decoded (YAML → JSON), nothing added yet. */
  object: Record<string, unknown>;
  apiVersion: string;
  kind: string;
  name: string;
  /** metadata.namespace as written; null when the manifest leaves it to the context. */
  namespace: string | null;
}

/** What a write command asks for, beyond the flags it shares with `get`. */
export type WriteSpec =
  | {
      verb: 'apply' | 'create';
      /** The -f file as typed, and what it held (read by the CLI; a file that cannot be read is a usage error there). */
      file: string;
      /** null: the file is not a manifest kubectl can decode; `error` is kubectl's text. */
      objects: ManifestObject[] | { error: string };
      /** apply --server-side (application/apply-patch+yaml). */
      serverSide: boolean;
      /** --force-conflicts (server-side apply only). */
      forceConflicts: boolean;
      /** --field-manager as given; null: kubectl's default for the verb. */
      fieldManager: string | null;
      /** --validate: strict (default), warn or ignore (false). */
      validate: 'strict' | 'warn' | 'ignore';
      /** --dry-run: none (default), server or client. */
      dryRun: 'none' | 'server' | 'client';
    }
  | {
      verb: 'delete';
      resource: string;
      name: string;
      /** --wait (default true): kubectl GETs the object until it is gone. */
      wait: boolean;
      /** --grace-period; -1 = the object's own. */
      gracePeriod: number;
      force: boolean;
      dryRun: 'none' | 'server' | 'client';
    }
  | {
      verb: 'run';
      name: string;
      image: string;
      /** --labels, else run=NAME. */
      labels: Record<string, string> | null;
      restart: 'Always' | 'OnFailure' | 'Never';
      port: string | null;
      env: string[];
      dryRun: 'none' | 'server' | 'client';
    };

/**
 * A write: the flags it shares with `get` (kubeconfig, context, namespace, presentation) and what it
 * writes. `resource`/`resourceName` name the first object (its kind, as kubectl's mapper reads it), so
 * the shared steps (discovery, the access review) read them as they do for `get`.
 */
export interface WriteCommand extends Omit<GetCommand, 'verb'> {
  verb: WriteVerb;
  write: WriteSpec;
  /** --allow-writes: persist on a cluster that is not kube-trace's sandbox (the CLI asked and was told yes). */
  allowWrites: boolean;
}

/** Whatever the engine traces. */
export type TraceCommand = GetCommand | WriteCommand;

export function isWrite(cmd: TraceCommand): cmd is WriteCommand {
  return cmd.verb !== 'get';
}

/** Where the engine is pointed when kube-trace uses its sandbox (the CLI starts it; the engine does not). */
export interface SandboxTarget {
  kubeconfigPath: string;
  server: string;
  scenario: string;
  reason: 'flag' | 'no-kubeconfig';
}

export interface TraceEnvironment {
  env: Record<string, string | undefined>;
  homeDir: string;
  sandbox: SandboxTarget | null;
  toolVersion: string;
  /** The learner's kubectl, as the CLI found it; unset: the default build is modelled (and said so). */
  kubectl?: KubectlInstall;
  /** Ends a running watch (the CLI aborts it on Ctrl-C, as kubectl's interrupt handler cancels its watch). */
  watchSignal?: AbortSignal;
  /** Where the engine publishes a running stage's snapshots (the watch as events arrive). */
  live?: LiveStageFeed;
}
