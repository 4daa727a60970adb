// argv → a command. `get` takes kubectl's flags (same grammar, same error texts) plus kube-trace's
// own presentation flags; `sandbox` and `lessons` are kube-trace subcommands.

import type { GetCommand } from '../trace/command.js';
import { STAGE_NAMES, type ParsedFlag, type PresentationMode, type StageName } from '../trace/types.js';
import { choosePrinter, DEFAULT_PRINT_FLAGS, outputFormatOf, watchPrinterKind, type PrintFlags } from '../format/index.js';
import { goQuote } from '../format/go-fmt.js';
import { KUBECTL_VERSIONS } from './kubectl-versions.js';
import { parseResourceArgs } from '../trace/kubectl/resource-args.js';
import { FlagError, invalidArgument, lastValue, parseRequestTimeout, sliceValue, tokenize, type FlagSpec, type Tokenized } from './flags.js';

import { DEFAULT_SANDBOX_SERVER_VERSION, SERVER_VERSION_CHOICES } from './server-versions.js';
import { parseWrite } from './write-args.js';
import type { ManifestObject } from '../trace/command.js';
import type { WriteCommand, WriteVerb } from '../trace/command.js';

export { DEFAULT_SANDBOX_SERVER_VERSION, SERVER_VERSION_CHOICES } from './server-versions.js';

export const GET_FLAGS: readonly FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string', kubeTraceOnly: false, placeholder: 'NS', help: 'the namespace to list pods in (default: the context\'s, else "default")' },
  { name: 'all-namespaces', short: 'A', type: 'bool', kubeTraceOnly: false, help: 'list pods in all namespaces (GET /api/v1/pods)' },
  { name: 'selector', short: 'l', type: 'string', kubeTraceOnly: false, placeholder: 'SEL', help: 'label selector, e.g. app=nginx or \'tier in (web,api)\'' },
  { name: 'field-selector', type: 'string', kubeTraceOnly: false, placeholder: 'SEL', help: 'field selector, e.g. status.phase=Running' },
  { name: 'output', short: 'o', type: 'string', kubeTraceOnly: false, placeholder: 'FMT', help: 'wide | json | yaml | name | jsonpath=T | jsonpath-file=F | jsonpath-as-json=T | custom-columns=SPEC | custom-columns-file=F' },
  { name: 'show-labels', type: 'bool', kubeTraceOnly: false, help: 'add a LABELS column with every label, last (table and wide output only)' },
  { name: 'label-columns', short: 'L', type: 'stringSlice', kubeTraceOnly: false, placeholder: 'KEY', help: 'one column per label key (KEY[,KEY]; repeatable), headed by the key\'s last segment' },
  { name: 'no-headers', type: 'bool', kubeTraceOnly: false, help: 'print no header row (table, wide and custom-columns output)' },
  { name: 'sort-by', type: 'string', kubeTraceOnly: false, placeholder: 'JSONPATH', help: 'sort by this field, e.g. .metadata.name (asks for whole objects; no chunking)' },
  { name: 'show-kind', type: 'bool', kubeTraceOnly: false, help: 'prefix each NAME with its kind, e.g. pod/nginx' },
  { name: 'ignore-not-found', type: 'bool', kubeTraceOnly: false, help: 'a missing object is not an error (exit 0, no message)' },
  { name: 'show-managed-fields', type: 'bool', kubeTraceOnly: false, help: 'keep metadata.managedFields in -o json and -o yaml' },
  { name: 'server-print', type: 'bool', kubeTraceOnly: false, help: 'let the server render the table (default true); false: kubectl prints NAME and AGE itself' },
  { name: 'template', type: 'string', kubeTraceOnly: false, placeholder: 'T', help: 'the template for -o jsonpath / jsonpath-file / custom-columns, given apart' },
  { name: 'allow-missing-template-keys', type: 'bool', kubeTraceOnly: false, help: 'a missing field prints nothing instead of failing -o jsonpath (default true)' },
  { name: 'chunk-size', type: 'int', kubeTraceOnly: false, placeholder: 'N', help: 'page size kubectl asks for (limit=N); 0 turns paging off (default 500)' },
  { name: 'kubeconfig', type: 'string', kubeTraceOnly: false, placeholder: 'FILE', help: 'kubeconfig file to use (instead of KUBECONFIG or ~/.kube/config)' },
  { name: 'context', type: 'string', kubeTraceOnly: false, placeholder: 'NAME', help: 'kubeconfig context to use' },
  { name: 'request-timeout', type: 'duration', kubeTraceOnly: false, placeholder: 'D', help: 'per-request timeout, e.g. 5s, 1m (0 = none)' },
  { name: 'watch', short: 'w', type: 'bool', kubeTraceOnly: false, help: 'list, then watch: print each change as it arrives (ends on Ctrl-C, --request-timeout or when the server closes it)' },
  { name: 'watch-only', type: 'bool', kubeTraceOnly: false, help: 'watch without printing the list first (kubectl still lists, for the resourceVersion)' },
  { name: 'output-watch-events', type: 'bool', kubeTraceOnly: false, help: 'with -w: print each event\'s type (an EVENT column, or {"type","object"} for -o json/yaml)' },
  { name: 'sandbox', type: 'bool', kubeTraceOnly: true, help: 'trace against an embedded sandbox cluster started for this run' },
  { name: 'scenario', type: 'string', kubeTraceOnly: true, placeholder: 'NAME', help: 'sandbox scenario (implies --sandbox): default, captured, forbidden, empty, crashloop, many, broken-tls, watch-demo' },
  { name: 'server-version', type: 'string', kubeTraceOnly: true, placeholder: 'V', help: `the sandbox's kube-apiserver version: ${SERVER_VERSION_CHOICES.join(' or ')} (implies --sandbox; default ${DEFAULT_SANDBOX_SERVER_VERSION})` },
  { name: 'sandbox-etcd', type: 'string', kubeTraceOnly: true, placeholder: 'URLS', help: 'keep the sandbox\'s objects in this real etcd (implies --sandbox), e.g. http://127.0.0.1:2379' },
  { name: 'kubectl-version', type: 'string', kubeTraceOnly: true, placeholder: 'X.Y', help: `the kubectl to be faithful to (${KUBECTL_VERSIONS[0]}–${KUBECTL_VERSIONS[KUBECTL_VERSIONS.length - 1]}; default: the kubectl on PATH)` },
  { name: 'plain', type: 'bool', kubeTraceOnly: true, help: 'plain text, every stage in order (default when stdout is not a terminal)' },
  { name: 'json', type: 'bool', kubeTraceOnly: true, help: 'one JSON document with all seven stages and kubectl\'s output' },
  { name: 'stage', type: 'string', kubeTraceOnly: true, placeholder: 'NAME', help: 'start the walkthrough at this stage (earlier stages still run)' },
  { name: 'no-pause', type: 'bool', kubeTraceOnly: true, help: 'run through all stages and stay on the summary' },
  { name: 'present', type: 'bool', kubeTraceOnly: true, help: 'start in presenter mode: the live panel takes the screen, the lesson one line (p toggles it)' },
  { name: 'export-credentials', type: 'string', kubeTraceOnly: true, placeholder: 'DIR', help: 'sandbox only: write the CA, client certificate and key the curl line needs into DIR (new, 0700)' },
  { name: 'lessons', type: 'string', kubeTraceOnly: true, placeholder: 'DIR', help: 'use lesson files from DIR for the stages it has' },
  { name: 'record', type: 'string', kubeTraceOnly: true, placeholder: 'FILE', help: 'write this run to FILE, secrets masked, for kube-trace replay and sandbox --from-recording' },
  { name: 'export', type: 'string', kubeTraceOnly: true, placeholder: 'FILE', help: 'write a handout of this run: FILE.html (one page), FILE.md or FILE.cast (asciicast v2)' },
  { name: 'help', short: 'h', type: 'bool', kubeTraceOnly: true, help: 'show this help' },
];

const CREDENTIALS = 'kube-trace reads the server and the credentials from the kubeconfig only (kubectl would use this value instead of the kubeconfig\'s); put it in a kubeconfig context and pass --kubeconfig or --context';
const LOGGING = 'kubectl would log its requests to stderr; kube-trace shows each request and response in its stages instead';

/**
 * Flags kubectl get takes that kube-trace does not trace: parsed like kubectl parses them (a bad value
 * gets kubectl's error), then answered with what kubectl would do, never "unknown flag".
 */
export const UNTRACED_GET_FLAGS: readonly FlagSpec[] = [
  { name: 'raw', type: 'string', kubeTraceOnly: false, placeholder: 'PATH', help: '', untraced: 'kubectl would GET that path itself, without discovery, and print the body exactly as it arrived' },
  { name: 'filename', short: 'f', type: 'stringSlice', kubeTraceOnly: false, placeholder: 'FILE', help: '', untraced: 'kubectl would read the objects to get from those files or URLs; name them on the command line instead (TYPE NAME)' },
  { name: 'kustomize', short: 'k', type: 'string', kubeTraceOnly: false, placeholder: 'DIR', help: '', untraced: 'kubectl would build the kustomization in DIR and get the objects it describes' },
  // -R only changes how -f reads directories: alone it does nothing, and the trace goes on.
  { name: 'recursive', short: 'R', type: 'bool', kubeTraceOnly: false, help: '', untraced: 'kubectl would read the directories given with -f recursively' },
  { name: 'subresource', type: 'string', kubeTraceOnly: false, placeholder: 'NAME', help: '', untraced: 'kubectl would get that subresource of the object (status, scale) instead of the object itself' },
  { name: 'as', type: 'string', kubeTraceOnly: false, placeholder: 'USER', help: '', untraced: 'kubectl would act as that user (Impersonate-User header), so the API server would authorize them instead of you' },
  { name: 'as-group', type: 'stringArray', kubeTraceOnly: false, placeholder: 'GROUP', help: '', untraced: 'kubectl would act as a member of that group (Impersonate-Group header)' },
  { name: 'as-uid', type: 'string', kubeTraceOnly: false, placeholder: 'UID', help: '', untraced: 'kubectl would act as that user id (Impersonate-Uid header)' },
  { name: 'token', type: 'string', kubeTraceOnly: false, placeholder: 'TOKEN', help: '', untraced: CREDENTIALS },
  { name: 'username', type: 'string', kubeTraceOnly: false, placeholder: 'USER', help: '', untraced: CREDENTIALS },
  { name: 'password', type: 'string', kubeTraceOnly: false, placeholder: 'PASSWORD', help: '', untraced: CREDENTIALS },
  { name: 'client-certificate', type: 'string', kubeTraceOnly: false, placeholder: 'FILE', help: '', untraced: CREDENTIALS },
  { name: 'client-key', type: 'string', kubeTraceOnly: false, placeholder: 'FILE', help: '', untraced: CREDENTIALS },
  { name: 'certificate-authority', type: 'string', kubeTraceOnly: false, placeholder: 'FILE', help: '', untraced: CREDENTIALS },
  { name: 'insecure-skip-tls-verify', type: 'bool', kubeTraceOnly: false, help: '', untraced: CREDENTIALS },
  { name: 'tls-server-name', type: 'string', kubeTraceOnly: false, placeholder: 'NAME', help: '', untraced: CREDENTIALS },
  { name: 'server', short: 's', type: 'string', kubeTraceOnly: false, placeholder: 'URL', help: '', untraced: CREDENTIALS },
  { name: 'cluster', type: 'string', kubeTraceOnly: false, placeholder: 'NAME', help: '', untraced: CREDENTIALS },
  { name: 'user', type: 'string', kubeTraceOnly: false, placeholder: 'NAME', help: '', untraced: CREDENTIALS },
  { name: 'cache-dir', type: 'string', kubeTraceOnly: false, placeholder: 'DIR', help: '', untraced: 'kubectl would keep its discovery cache in DIR instead of ~/.kube/cache (kube-trace keeps none)' },
  { name: 'disable-compression', type: 'bool', kubeTraceOnly: false, help: '', untraced: 'kubectl would not ask the server for gzip-compressed responses' },
  { name: 'match-server-version', type: 'bool', kubeTraceOnly: false, help: '', untraced: 'kubectl would first check that the server\'s version matches its own' },
  { name: 'warnings-as-errors', type: 'bool', kubeTraceOnly: false, help: '', untraced: 'kubectl would exit 1 if the server sent any warning' },
  { name: 'profile', type: 'string', kubeTraceOnly: false, placeholder: 'NAME', help: '', untraced: 'kubectl would profile itself (Go pprof) and write the profile to a file' },
  { name: 'profile-output', type: 'string', kubeTraceOnly: false, placeholder: 'FILE', help: '', untraced: 'kubectl would profile itself (Go pprof) and write the profile to that file' },
  { name: 'v', short: 'v', type: 'int', kubeTraceOnly: false, placeholder: 'N', help: '', untraced: LOGGING },
  { name: 'vmodule', type: 'string', kubeTraceOnly: false, placeholder: 'SPEC', help: '', untraced: LOGGING },
  { name: 'log-flush-frequency', type: 'string', kubeTraceOnly: false, placeholder: 'D', help: '', untraced: LOGGING },
];

export const SANDBOX_FLAGS: readonly FlagSpec[] = [
  { name: 'port', type: 'int', kubeTraceOnly: true, placeholder: 'N', help: 'port to listen on (default: a free one)' },
  { name: 'address', type: 'string', kubeTraceOnly: true, placeholder: 'ADDR', help: 'address to listen on (default 127.0.0.1): a loopback address (127.x.y.z, ::1, localhost) unless --allow-non-loopback' },
  { name: 'allow-non-loopback', type: 'bool', kubeTraceOnly: true, help: 'let --address be one other machines can reach (0.0.0.0, a LAN address); the certificate then also names this machine\'s addresses' },
  { name: 'kubeconfig-out', type: 'string', kubeTraceOnly: true, placeholder: 'FILE', help: 'where to write the sandbox kubeconfig (default ./kube-trace-sandbox.kubeconfig)' },
  { name: 'objects', type: 'string', kubeTraceOnly: true, placeholder: 'FILE', help: 'multi-document YAML (a kubectl get -o yaml export, a manifest) of any kinds the server serves, CRDs and their custom resources included, to load instead of the default content' },
  { name: 'scenario', type: 'string', kubeTraceOnly: true, placeholder: 'NAME', help: 'default, captured, forbidden, empty, crashloop, many, broken-tls, watch-demo' },
  { name: 'etcd-endpoints', type: 'string', kubeTraceOnly: true, placeholder: 'URLS', help: 'keep the objects in this real etcd (comma-separated client URLs) instead of in memory' },
  { name: 'server-version', type: 'string', kubeTraceOnly: true, placeholder: 'V', help: `the kube-apiserver version to be: ${SERVER_VERSION_CHOICES.join(' or ')} (default ${DEFAULT_SANDBOX_SERVER_VERSION}, the newest)` },
  { name: 'from-recording', type: 'stringArray', kubeTraceOnly: true, placeholder: 'FILE', help: 'serve the responses of these recordings (kube-trace get --record) instead of a cluster; more FILEs may follow' },
  { name: 'help', short: 'h', type: 'bool', kubeTraceOnly: true, help: 'show this help' },
];

export const REPLAY_FLAGS: readonly FlagSpec[] = [
  { name: 'plain', type: 'bool', kubeTraceOnly: true, help: 'plain text, every stage in order (default when stdout is not a terminal)' },
  { name: 'json', type: 'bool', kubeTraceOnly: true, help: 'the JSON document the recorded run printed, marked "replayed"' },
  { name: 'stage', type: 'string', kubeTraceOnly: true, placeholder: 'NAME', help: 'start the walkthrough at this stage' },
  { name: 'no-pause', type: 'bool', kubeTraceOnly: true, help: 'run through all stages and stay on the summary' },
  { name: 'present', type: 'bool', kubeTraceOnly: true, help: 'start in presenter mode' },
  { name: 'lessons', type: 'string', kubeTraceOnly: true, placeholder: 'DIR', help: 'use lesson files from DIR for the stages it has' },
  { name: 'export', type: 'string', kubeTraceOnly: true, placeholder: 'FILE', help: 'write a handout of the recorded run: FILE.html, FILE.md or FILE.cast' },
  { name: 'help', short: 'h', type: 'bool', kubeTraceOnly: true, help: 'show this help' },
];

export const WORKSHOP_FLAGS: readonly FlagSpec[] = [
  { name: 'check', type: 'bool', kubeTraceOnly: true, help: 'validate the workshop file and exit' },
  { name: 'reset', type: 'bool', kubeTraceOnly: true, help: 'forget this workshop\'s progress and start from its first step' },
  { name: 'plain', type: 'bool', kubeTraceOnly: true, help: 'show each step\'s trace as plain text instead of the walkthrough' },
  { name: 'help', short: 'h', type: 'bool', kubeTraceOnly: true, help: 'show this help' },
];

export interface ReplayCliOptions {
  file: string;
  mode: PresentationMode;
  startStage: StageName | null;
  noPause: boolean;
  present: boolean;
  lessonsDir: string | null;
  exportFile: string | null;
}

export interface WorkshopCliOptions {
  /** The workshop file; null: the built-in one. */
  file: string | null;
  check: boolean;
  reset: boolean;
  plain: boolean;
}

export const LESSONS_FLAGS: readonly FlagSpec[] = [
  { name: 'check', type: 'string', kubeTraceOnly: true, placeholder: 'DIR', help: 'validate the lesson files in DIR' },
  { name: 'help', short: 'h', type: 'bool', kubeTraceOnly: true, help: 'show this help' },
];

export interface SandboxCliOptions {
  port: number;
  address: string | null;
  kubeconfigOut: string;
  objectsFile: string | null;
  scenario: string;
  etcdEndpoints: string[] | null;
  /** --server-version: which kube-apiserver the sandbox imitates. */
  serverVersion: (typeof SERVER_VERSION_CHOICES)[number];
  /** --allow-non-loopback: an --address other machines can reach is allowed. */
  allowNonLoopback: boolean;
}

function endpointList(raw: string | null): string[] | null {
  if (raw === null) return null;
  const list = raw.split(',').map((x) => x.trim()).filter((x) => x !== '');
  return list.length > 0 ? list : null;
}

export type CliCommand =
  | { kind: 'help'; topic: 'main' | 'get' | 'sandbox' | 'lessons' | 'replay' | 'workshop' | WriteVerb }
  | { kind: 'version' }
  | { kind: 'get'; command: GetCommand; presentation: GetPresentation }
  /** apply, create, delete, run. `yes`: --yes, the answer to --allow-writes' question. */
  | { kind: 'write'; command: WriteCommand; presentation: GetPresentation; yes: boolean }
  | { kind: 'sandbox'; options: SandboxCliOptions }
  | { kind: 'lessons-check'; dir: string }
  | { kind: 'sandbox-recording'; files: string[]; options: SandboxCliOptions }
  | { kind: 'replay'; options: ReplayCliOptions }
  | { kind: 'workshop'; options: WorkshopCliOptions }
  /** A usage error. `kubectlStyle` is the text kubectl prints for the same mistake. */
  | UsageError;

/** How `get` is presented, beyond what the trace needs (the engine never sees these). */
export interface GetPresentation {
  /** --present: the walkthrough starts in presenter mode. */
  present: boolean;
  /** --export-credentials DIR: where to write the sandbox credentials the curl line needs. */
  exportCredentials: string | null;
  /** --record FILE: where to write the recording of this run. */
  record?: string | null;
  /** --export FILE: the handout to write (.html, .md or .cast). */
  exportFile?: string | null;
}

export interface UsageError {
  kind: 'usage-error';
  subcommand: 'get' | 'sandbox' | 'lessons' | 'replay' | 'workshop' | WriteVerb | null;
  message: string;
  mode: PresentationMode;
  /** Flag-grammar errors are reported by cobra ("Error: …\nSee '… --help' for usage."); others by kubectl ("error: …"). */
  fromFlagParser: boolean;
  argv: string[];
}


export interface ParseContext {
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  /**
   * Decodes an -f manifest (trace/kubectl/manifest.ts). The CLI loads it only for apply and create, so
   * that no other run compiles a YAML parser before its first frame.
   */
  decodeManifest?: ManifestDecoder;
}

export type ManifestDecoder = (text: string, file: string) => ManifestObject[] | { error: string };

function modeFromTokens(argv: readonly string[], ctx: ParseContext): PresentationMode {
  // Used also when parsing failed: a `--json` caller still wants JSON back.
  if (argv.includes('--json')) return 'json';
  if (argv.includes('--plain') || !ctx.stdoutIsTTY || !ctx.stdinIsTTY) return 'plain';
  return 'tui';
}

export function parseCli(argv: readonly string[], ctx: ParseContext): CliCommand {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') return { kind: 'help', topic: 'main' };
  if (sub === '--version' || sub === 'version') return { kind: 'version' };
  if (sub === 'get') return parseGet(argv, rest, ctx);
  if (sub === 'apply' || sub === 'create' || sub === 'delete' || sub === 'run') return parseWrite(sub, argv, rest, ctx);
  if (sub === 'sandbox') return parseSandbox(rest);
  if (sub === 'lessons') return parseLessons(rest);
  if (sub === 'replay') return parseReplay(rest, ctx);
  if (sub === 'workshop') return parseWorkshop(rest);
  return {
    kind: 'usage-error',
    subcommand: null,
    message: `unknown command "${sub}" for "kube-trace"`,
    mode: modeFromTokens(argv, ctx),
    fromFlagParser: true,
    argv: [...argv],
  };
}

function stringFlag(tok: Tokenized, name: string): string | null {
  const f = lastValue(tok, name);
  return f === undefined ? null : String(f.value);
}

function boolFlag(tok: Tokenized, name: string): boolean {
  return lastValue(tok, name)?.value === true;
}

function intFlag(tok: Tokenized, name: string, fallback: number): number {
  const f = lastValue(tok, name);
  if (f === undefined) return fallback;
  const raw = String(f.value);
  if (!/^[+-]?\d+$/.test(raw)) {
    throw new FlagError(`invalid argument "${raw}" for "--${name}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
  }
  const big = BigInt(raw);
  if (big > 9223372036854775807n || big < -9223372036854775808n) {
    throw new FlagError(`invalid argument "${raw}" for "--${name}" flag: strconv.ParseInt: parsing "${raw}": value out of range`);
  }
  return Number(raw);
}

function parseGet(fullArgv: readonly string[], argv: readonly string[], ctx: ParseContext): CliCommand {
  const started = performance.now();
  const mode0 = modeFromTokens(argv, ctx);
  const fail = (message: string, fromFlagParser = false): CliCommand => ({
    kind: 'usage-error',
    subcommand: 'get',
    message,
    mode: mode0,
    fromFlagParser,
    argv: [...fullArgv],
  });
  let tok: Tokenized;
  let chunkSize: number;
  let requestTimeoutMs = 0;
  let labelColumns: string[];
  try {
    tok = tokenize(argv, [...GET_FLAGS, ...UNTRACED_GET_FLAGS]);
    chunkSize = intFlag(tok, 'chunk-size', 500);
    const rt = stringFlag(tok, 'request-timeout');
    if (rt !== null) requestTimeoutMs = parseRequestTimeout(rt);
    labelColumns = sliceValue(tok, 'label-columns') ?? [];
    sliceValue(tok, 'filename');
    checkLevel(tok);
  } catch (e) {
    if (e instanceof FlagError) {
      if (e.message.startsWith('invalid argument') && e.message.includes('for "--request-timeout" flag')) {
        return fail('Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)');
      }
      return fail(e.message, true);
    }
    throw e;
  }
  if (boolFlag(tok, 'help')) return { kind: 'help', topic: 'get' };
  if (chunkSize < 0) return fail(`--chunk-size must be 0 or a positive number, got ${chunkSize}`);

  // get.go Complete and Validate, in their order: kubectl refuses these before it sends anything.
  const outRaw = stringFlag(tok, 'output') ?? '';
  const rawPath = stringFlag(tok, 'raw');
  if (rawPath !== null && rawPath !== '') {
    const refused = rawRefusal(tok, rawPath);
    if (refused !== null) return fail(refused);
    return fail(untracedMessage(lastValue(tok, 'raw') as NonNullable<ReturnType<typeof lastValue>>));
  }
  const [resource] = tok.positionals;
  const fromFiles = (sliceValue(tok, 'filename') ?? []).length > 0 || (stringFlag(tok, 'kustomize') ?? '') !== '';
  const watching = boolFlag(tok, 'watch') || boolFlag(tok, 'watch-only');
  if (resource === undefined && !fromFiles && !watching) {
    return fail('Required resource not specified. kube-trace traces `get pods`: try `kube-trace get pods`.');
  }
  if (boolFlag(tok, 'show-labels') && outRaw !== '' && outRaw !== 'wide') {
    return fail(`--show-labels option cannot be used with ${outRaw} printer`);
  }
  if (boolFlag(tok, 'output-watch-events') && !watching) {
    return fail('--output-watch-events option can only be used with --watch or --watch-only');
  }
  // -R never decides: alone it does nothing, and with -f it is -f that is not traced.
  const untraced = tok.flags.find((f) => f.spec.untraced !== undefined && f.spec.name !== 'recursive');
  if (untraced !== undefined) return fail(untracedMessage(untraced));

  const print: PrintFlags = {
    ...DEFAULT_PRINT_FLAGS,
    output: outRaw,
    template: stringFlag(tok, 'template') ?? '',
    noHeaders: boolFlag(tok, 'no-headers'),
    showLabels: boolFlag(tok, 'show-labels'),
    labelColumns,
    sortBy: stringFlag(tok, 'sort-by') ?? '',
    showKind: boolFlag(tok, 'show-kind'),
    ignoreNotFound: boolFlag(tok, 'ignore-not-found'),
    showManagedFields: boolFlag(tok, 'show-managed-fields'),
    allowMissingTemplateKeys: lastValue(tok, 'allow-missing-template-keys')?.value !== false,
    serverPrint: lastValue(tok, 'server-print')?.value !== false,
  };
  const printer = choosePrinter(print);
  if (printer.kind === 'go-template') {
    return fail(`kube-trace does not trace -o ${printer.format}: kubectl would run the Go template on each object it gets. kube-trace prints -o wide, json, yaml, name, jsonpath and custom-columns`);
  }
  const output = outputFormatOf(print);
  if (watching && watchPrinterKind(print) === null) {
    return fail(`kube-trace traces -w with table, wide, json, yaml and name output, not -o ${print.output}: kubectl would print each event's object with that printer`);
  }

  if (resource === undefined) return fail('Required resource not specified. kube-trace traces `get pods`: try `kube-trace get pods`.');
  // TYPE[,TYPE…] [NAME…] or TYPE/NAME…, as kubectl's builder reads them.
  const parsedTargets = parseResourceArgs(tok.positionals);
  if ('error' in parsedTargets) return fail(parsedTargets.error);
  const targets = parsedTargets.targets;
  const resourceName = targets.length === 1 ? (targets[0]?.name ?? null) : null;
  if (watching && (targets.length !== 1 || targets.some((t) => t.name !== null))) {
    return fail('kube-trace traces -w of one list (`get pods -w`): kubectl watches one named object with a metadata.name field selector, and refuses several types ("watch is only supported on individual resources and resource collections")');
  }

  const plain = boolFlag(tok, 'plain');
  const json = boolFlag(tok, 'json');
  if (plain && json) return fail('--plain and --json cannot be used together');
  const mode: PresentationMode = json ? 'json' : plain || !ctx.stdoutIsTTY || !ctx.stdinIsTTY ? 'plain' : 'tui';

  const stageRaw = stringFlag(tok, 'stage');
  let startStage: StageName | null = null;
  if (stageRaw !== null) {
    const found = STAGE_NAMES.find((s) => s === stageRaw);
    if (!found) return fail(`--stage must be one of ${STAGE_NAMES.join(', ')}; got "${stageRaw}"`);
    startStage = found;
  }
  const allNamespaces = boolFlag(tok, 'all-namespaces');
  // kubectl reads an empty -n as no -n at all (the context's namespace); any other value goes into the
  // URL, and client-go refuses one that cannot be a path segment (the request stage says so).
  const namespaceFlag = stringFlag(tok, 'namespace');
  const namespace = namespaceFlag === '' ? null : namespaceFlag;
  const kubectlVersion = stringFlag(tok, 'kubectl-version');
  if (kubectlVersion !== null && !KUBECTL_VERSIONS.includes(kubectlVersion.replace(/^v/, ''))) {
    return fail(`--kubectl-version must be one of ${KUBECTL_VERSIONS.join(', ')}; got "${kubectlVersion}"`);
  }
  const scenario = stringFlag(tok, 'scenario');
  const serverVersionRaw = stringFlag(tok, 'server-version');
  const sandboxServerVersion = serverVersionRaw === null ? null : SERVER_VERSION_CHOICES.find((v) => v === serverVersionRaw.replace(/^v/, ''));
  if (sandboxServerVersion === undefined) return fail(`--server-version must be one of ${SERVER_VERSION_CHOICES.join(', ')}; got "${serverVersionRaw ?? ''}"`);
  const sandboxEtcd = endpointList(stringFlag(tok, 'sandbox-etcd'));

  const defaults: Record<string, ParsedFlag['value']> = {
    namespace: null,
    'all-namespaces': false,
    selector: null,
    'field-selector': null,
    output: '',
    'chunk-size': 500,
    kubeconfig: null,
    context: null,
    'request-timeout': '0',
  };
  const flags: ParsedFlag[] = [];
  for (const spec of GET_FLAGS) {
    if (spec.name === 'help') continue;
    const occ = lastValue(tok, spec.name);
    if (occ) {
      // A string-slice flag reads as all its occurrences' items, comma-joined.
      const value = spec.type === 'int' ? Number(occ.value) : spec.type === 'stringSlice' ? (sliceValue(tok, spec.name) ?? []).join(',') : occ.value;
      flags.push({ name: spec.name, given: occ.given, value, source: 'flag', kubeTraceOnly: spec.kubeTraceOnly });
    } else if (spec.name in defaults) {
      flags.push({ name: spec.name, value: defaults[spec.name] ?? null, source: 'default', kubeTraceOnly: spec.kubeTraceOnly });
    }
  }

  const command: GetCommand = {
    argv: [...fullArgv],
    verb: 'get',
    resource,
    resourceName,
    targets,
    resourceArgs: [...tok.positionals],
    namespace,
    allNamespaces,
    labelSelector: stringFlag(tok, 'selector'),
    fieldSelector: stringFlag(tok, 'field-selector'),
    output,
    chunkSize,
    kubeconfig: stringFlag(tok, 'kubeconfig') || null,
    // An empty --context is no --context (kubectl uses the current-context).
    context: stringFlag(tok, 'context') || null,
    requestTimeoutMs,
    sandbox: boolFlag(tok, 'sandbox') || scenario !== null || sandboxEtcd !== null || sandboxServerVersion !== null,
    sandboxServerVersion,
    scenario,
    sandboxEtcdEndpoints: sandboxEtcd,
    kubectlVersion: kubectlVersion?.replace(/^v/, '') ?? null,
    mode,
    startStage,
    noPause: boolFlag(tok, 'no-pause'),
    lessonsDir: stringFlag(tok, 'lessons'),
    flags,
    parseMs: performance.now() - started,
    print,
    ...(watching ? { watch: { only: boolFlag(tok, 'watch-only'), outputEvents: boolFlag(tok, 'output-watch-events') } } : {}),
  };
  const exportCredentials = stringFlag(tok, 'export-credentials');
  if (exportCredentials !== null && exportCredentials.trim() === '') return fail('--export-credentials needs a folder that does not exist yet, e.g. --export-credentials ./curl-credentials');
  const record = stringFlag(tok, 'record');
  if (record !== null && record.trim() === '') return fail('--record needs a file to write, e.g. --record run.json');
  const exportFile = stringFlag(tok, 'export');
  if (exportFile !== null && exportProblem(exportFile) !== null) return fail(exportProblem(exportFile) ?? '');
  return { kind: 'get', command, presentation: { present: boolFlag(tok, 'present'), exportCredentials, record, exportFile } };
}

/** Why an --export path cannot be written by its name alone (its kind is its extension), or null. */
export function exportProblem(file: string): string | null {
  if (!/\.(html|md|cast)$/i.test(file)) return `--export writes FILE.html, FILE.md or FILE.cast; "${file}" has none of those extensions`;
  return null;
}

function parseReplay(argv: readonly string[], ctx: ParseContext): CliCommand {
  const fail = (message: string): CliCommand => ({
    kind: 'usage-error', subcommand: 'replay', message, mode: 'plain', fromFlagParser: true, argv: ['replay', ...argv],
  });
  try {
    const tok = tokenize(argv, REPLAY_FLAGS);
    if (boolFlag(tok, 'help')) return { kind: 'help', topic: 'replay' };
    const [file, extra] = tok.positionals;
    if (file === undefined) return fail('say which recording to replay: kube-trace replay FILE');
    if (extra !== undefined) return fail(`unexpected argument "${extra}": replay takes one recording`);
    const plain = boolFlag(tok, 'plain');
    const json = boolFlag(tok, 'json');
    if (plain && json) return fail('--plain and --json cannot be used together');
    const stageRaw = stringFlag(tok, 'stage');
    const startStage = stageRaw === null ? null : (STAGE_NAMES.find((s) => s === stageRaw) ?? undefined);
    if (startStage === undefined) return fail(`--stage must be one of ${STAGE_NAMES.join(', ')}; got "${stageRaw ?? ''}"`);
    const exportFile = stringFlag(tok, 'export');
    if (exportFile !== null && exportProblem(exportFile) !== null) return fail(exportProblem(exportFile) ?? '');
    return {
      kind: 'replay',
      options: {
        file,
        mode: json ? 'json' : plain || !ctx.stdoutIsTTY || !ctx.stdinIsTTY ? 'plain' : 'tui',
        startStage,
        noPause: boolFlag(tok, 'no-pause'),
        present: boolFlag(tok, 'present'),
        lessonsDir: stringFlag(tok, 'lessons'),
        exportFile,
      },
    };
  } catch (e) {
    if (e instanceof FlagError) return fail(e.message);
    throw e;
  }
}

function parseWorkshop(argv: readonly string[]): CliCommand {
  const fail = (message: string): CliCommand => ({
    kind: 'usage-error', subcommand: 'workshop', message, mode: 'plain', fromFlagParser: true, argv: ['workshop', ...argv],
  });
  try {
    const tok = tokenize(argv, WORKSHOP_FLAGS);
    if (boolFlag(tok, 'help')) return { kind: 'help', topic: 'workshop' };
    const [file, extra] = tok.positionals;
    if (extra !== undefined) return fail(`unexpected argument "${extra}": workshop takes one file`);
    if (boolFlag(tok, 'check') && file === undefined) return fail('say which workshop file to check: kube-trace workshop --check FILE');
    return { kind: 'workshop', options: { file: file ?? null, check: boolFlag(tok, 'check'), reset: boolFlag(tok, 'reset'), plain: boolFlag(tok, 'plain') } };
  } catch (e) {
    if (e instanceof FlagError) return fail(e.message);
    throw e;
  }
}


/** What kube-trace says for a kubectl flag it does not trace (never the flag's value: it may be a secret). */
function untracedMessage(f: NonNullable<ReturnType<typeof lastValue>>): string {
  const spelled = f.given.split(/[ =]/)[0] ?? `--${f.spec.name}`;
  const name = spelled.startsWith('--') ? spelled : flagNames(f.spec);
  return `kube-trace does not trace ${name}: ${f.spec.untraced ?? ''}. Run it with kubectl, or drop ${name} to trace the rest.`;
}

function flagNames(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}/--${spec.name}` : `--${spec.name}`;
}

/** klog's -v/--v is an int32 Level. */
function checkLevel(tok: Tokenized): void {
  const f = lastValue(tok, 'v');
  if (f === undefined) return;
  const raw = String(f.value);
  if (!/^[+-]?\d+$/.test(raw)) throw invalidArgument(f.spec, raw, `strconv.ParseInt: parsing ${goQuote(raw)}: invalid syntax`);
  const n = BigInt(raw);
  if (n > 2147483647n || n < -2147483648n) throw invalidArgument(f.spec, raw, `strconv.ParseInt: parsing ${goQuote(raw)}: value out of range`);
}

/** get.go's checks of --raw (Complete, then Validate), with kubectl's messages; null when it passes them. */
function rawRefusal(tok: Tokenized, rawPath: string): string | null {
  if (tok.positionals.length > 0) return 'arguments may not be passed when --raw is specified';
  if (boolFlag(tok, 'watch') || boolFlag(tok, 'watch-only') || (stringFlag(tok, 'selector') ?? '') !== '') {
    return '--raw may not be specified with other flags that filter the server request or alter the output';
  }
  if ((stringFlag(tok, 'output') ?? '') !== '') return '--raw and --output are mutually exclusive';
  // url.ParseRequestURI: an absolute path or an absolute URL, with valid % escapes.
  if (!rawPath.startsWith('/') && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(rawPath)) return `--raw must be a valid URL path: parse ${goQuote(rawPath)}: invalid URI for request`;
  const badEscape = /%(?![0-9a-fA-F]{2})[\s\S]{0,2}/.exec(rawPath);
  if (badEscape) return `--raw must be a valid URL path: parse ${goQuote(rawPath)}: invalid URL escape ${goQuote(badEscape[0])}`;
  return null;
}

function parseSandbox(argv: readonly string[]): CliCommand {
  const fail = (message: string): CliCommand => ({
    kind: 'usage-error', subcommand: 'sandbox', message, mode: 'plain', fromFlagParser: true, argv: ['sandbox', ...argv],
  });
  try {
    const tok = tokenize(argv, SANDBOX_FLAGS);
    if (boolFlag(tok, 'help')) return { kind: 'help', topic: 'sandbox' };
    const recordings = tok.flags.filter((f) => f.spec.name === 'from-recording').map((f) => String(f.value));
    if (tok.positionals.length > 0 && recordings.length === 0) return fail(`unexpected argument "${tok.positionals[0]}"`);
    const port = intFlag(tok, 'port', 0);
    if (port < 0 || port > 65535) return fail(`--port must be between 0 and 65535, got ${port}`);
    const serverVersion = stringFlag(tok, 'server-version') ?? DEFAULT_SANDBOX_SERVER_VERSION;
    if (!(SERVER_VERSION_CHOICES as readonly string[]).includes(serverVersion)) {
      return fail(`--server-version must be one of ${SERVER_VERSION_CHOICES.join(', ')}, got "${serverVersion}"`);
    }
    const options: SandboxCliOptions = {
        port,
        address: stringFlag(tok, 'address'),
        kubeconfigOut: stringFlag(tok, 'kubeconfig-out') ?? 'kube-trace-sandbox.kubeconfig',
        objectsFile: stringFlag(tok, 'objects'),
        scenario: stringFlag(tok, 'scenario') ?? 'default',
        etcdEndpoints: endpointList(stringFlag(tok, 'etcd-endpoints')),
        serverVersion: serverVersion as SandboxCliOptions['serverVersion'],
        allowNonLoopback: boolFlag(tok, 'allow-non-loopback'),
    };
    if (recordings.length > 0) {
      const clash = ['objects', 'scenario', 'etcd-endpoints', 'server-version'].find((n) => lastValue(tok, n) !== undefined);
      if (clash !== undefined) return fail(`--from-recording serves what was recorded: it cannot be combined with --${clash}`);
      return { kind: 'sandbox-recording', files: [...recordings, ...tok.positionals], options };
    }
    return {
      kind: 'sandbox',
      options: {
        port,
        address: stringFlag(tok, 'address'),
        kubeconfigOut: stringFlag(tok, 'kubeconfig-out') ?? 'kube-trace-sandbox.kubeconfig',
        objectsFile: stringFlag(tok, 'objects'),
        scenario: stringFlag(tok, 'scenario') ?? 'default',
        etcdEndpoints: endpointList(stringFlag(tok, 'etcd-endpoints')),
        serverVersion: serverVersion as SandboxCliOptions['serverVersion'],
        allowNonLoopback: boolFlag(tok, 'allow-non-loopback'),
      },
    };
  } catch (e) {
    if (e instanceof FlagError) return fail(e.message);
    throw e;
  }
}

function parseLessons(argv: readonly string[]): CliCommand {
  const fail = (message: string): CliCommand => ({
    kind: 'usage-error', subcommand: 'lessons', message, mode: 'plain', fromFlagParser: true, argv: ['lessons', ...argv],
  });
  try {
    const tok = tokenize(argv, LESSONS_FLAGS);
    if (boolFlag(tok, 'help')) return { kind: 'help', topic: 'lessons' };
    const dir = stringFlag(tok, 'check');
    if (dir === null) return fail('say which directory to check: kube-trace lessons --check DIR');
    return { kind: 'lessons-check', dir };
  } catch (e) {
    if (e instanceof FlagError) return fail(e.message);
    throw e;
  }
}
