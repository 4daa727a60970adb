// argv → a command. `get` takes kubectl's flags (same grammar, same error texts) plus kube-trace's
// own presentation flags; `sandbox` and `lessons` are kube-trace subcommands.

import type { GetCommand } from '../trace/command.js';
import { STAGE_NAMES, type OutputFormat, type ParsedFlag, type PresentationMode, type StageName } from '../trace/types.js';
import { KUBECTL_VERSIONS } from './kubectl-versions.js';
import { FlagError, lastValue, parseRequestTimeout, tokenize, type FlagSpec, type Tokenized } from './flags.js';

export const GET_FLAGS: readonly FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string', kubeTraceOnly: false, placeholder: 'NS', help: 'the namespace to list pods in (default: the context\'s, else "default")' },
  { name: 'all-namespaces', short: 'A', type: 'bool', kubeTraceOnly: false, help: 'list pods in all namespaces (GET /api/v1/pods)' },
  { name: 'selector', short: 'l', type: 'string', kubeTraceOnly: false, placeholder: 'SEL', help: 'label selector, e.g. app=nginx or \'tier in (web,api)\'' },
  { name: 'field-selector', type: 'string', kubeTraceOnly: false, placeholder: 'SEL', help: 'field selector, e.g. status.phase=Running' },
  { name: 'output', short: 'o', type: 'string', kubeTraceOnly: false, placeholder: 'FMT', help: 'wide | json | yaml | name' },
  { name: 'chunk-size', type: 'int', kubeTraceOnly: false, placeholder: 'N', help: 'page size kubectl asks for (limit=N); 0 turns paging off (default 500)' },
  { name: 'kubeconfig', type: 'string', kubeTraceOnly: false, placeholder: 'FILE', help: 'kubeconfig file to use (instead of KUBECONFIG or ~/.kube/config)' },
  { name: 'context', type: 'string', kubeTraceOnly: false, placeholder: 'NAME', help: 'kubeconfig context to use' },
  { name: 'request-timeout', type: 'duration', kubeTraceOnly: false, placeholder: 'D', help: 'per-request timeout, e.g. 5s, 1m (0 = none)' },
  { name: 'sandbox', type: 'bool', kubeTraceOnly: true, help: 'trace against an embedded sandbox cluster started for this run' },
  { name: 'scenario', type: 'string', kubeTraceOnly: true, placeholder: 'NAME', help: 'sandbox scenario (implies --sandbox): default, forbidden, empty, crashloop, many, broken-tls' },
  { name: 'sandbox-etcd', type: 'string', kubeTraceOnly: true, placeholder: 'URLS', help: 'keep the sandbox\'s objects in this real etcd (implies --sandbox), e.g. http://127.0.0.1:2379' },
  { name: 'kubectl-version', type: 'string', kubeTraceOnly: true, placeholder: 'X.Y', help: `the kubectl to be faithful to (${KUBECTL_VERSIONS[0]}–${KUBECTL_VERSIONS[KUBECTL_VERSIONS.length - 1]}; default: the kubectl on PATH)` },
  { name: 'plain', type: 'bool', kubeTraceOnly: true, help: 'plain text, every stage in order (default when stdout is not a terminal)' },
  { name: 'json', type: 'bool', kubeTraceOnly: true, help: 'one JSON document with all seven stages and kubectl\'s output' },
  { name: 'stage', type: 'string', kubeTraceOnly: true, placeholder: 'NAME', help: 'start the walkthrough at this stage (earlier stages still run)' },
  { name: 'no-pause', type: 'bool', kubeTraceOnly: true, help: 'run through all stages and stay on the summary' },
  { name: 'present', type: 'bool', kubeTraceOnly: true, help: 'start in presenter mode: the live panel takes the screen, the lesson one line (p toggles it)' },
  { name: 'export-credentials', type: 'string', kubeTraceOnly: true, placeholder: 'DIR', help: 'sandbox only: write the CA, client certificate and key the curl line needs into DIR (new, 0700)' },
  { name: 'lessons', type: 'string', kubeTraceOnly: true, placeholder: 'DIR', help: 'use lesson files from DIR for the stages it has' },
  { name: 'help', short: 'h', type: 'bool', kubeTraceOnly: true, help: 'show this help' },
];

export const SANDBOX_FLAGS: readonly FlagSpec[] = [
  { name: 'port', type: 'int', kubeTraceOnly: true, placeholder: 'N', help: 'port to listen on (default: a free one)' },
  { name: 'address', type: 'string', kubeTraceOnly: true, placeholder: 'ADDR', help: 'address to bind (default 127.0.0.1; anything else is exposed beyond this machine)' },
  { name: 'kubeconfig-out', type: 'string', kubeTraceOnly: true, placeholder: 'FILE', help: 'where to write the sandbox kubeconfig (default ./kube-trace-sandbox.kubeconfig)' },
  { name: 'objects', type: 'string', kubeTraceOnly: true, placeholder: 'FILE', help: 'multi-document YAML of Namespaces, Pods, Nodes and RBAC to load instead of the default content' },
  { name: 'scenario', type: 'string', kubeTraceOnly: true, placeholder: 'NAME', help: 'default, forbidden, empty, crashloop, many, broken-tls' },
  { name: 'etcd-endpoints', type: 'string', kubeTraceOnly: true, placeholder: 'URLS', help: 'keep the objects in this real etcd (comma-separated client URLs) instead of in memory' },
  { name: 'help', short: 'h', type: 'bool', kubeTraceOnly: true, help: 'show this help' },
];

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
}

function endpointList(raw: string | null): string[] | null {
  if (raw === null) return null;
  const list = raw.split(',').map((x) => x.trim()).filter((x) => x !== '');
  return list.length > 0 ? list : null;
}

export type CliCommand =
  | { kind: 'help'; topic: 'main' | 'get' | 'sandbox' | 'lessons' }
  | { kind: 'version' }
  | { kind: 'get'; command: GetCommand; presentation: GetPresentation }
  | { kind: 'sandbox'; options: SandboxCliOptions }
  | { kind: 'lessons-check'; dir: string }
  /** A usage error. `kubectlStyle` is the text kubectl prints for the same mistake. */
  | UsageError;

/** How `get` is presented, beyond what the trace needs (the engine never sees these). */
export interface GetPresentation {
  /** --present: the walkthrough starts in presenter mode. */
  present: boolean;
  /** --export-credentials DIR: where to write the sandbox credentials the curl line needs. */
  exportCredentials: string | null;
}

export interface UsageError {
  kind: 'usage-error';
  subcommand: 'get' | 'sandbox' | 'lessons' | null;
  message: string;
  mode: PresentationMode;
  /** Flag-grammar errors are reported by cobra ("Error: …\nSee '… --help' for usage."); others by kubectl ("error: …"). */
  fromFlagParser: boolean;
  argv: string[];
}

const POD_RESOURCES = new Set(['pods', 'pod', 'po']);
const OUTPUTS: Record<string, OutputFormat> = { '': 'table', wide: 'wide', json: 'json', yaml: 'yaml', name: 'name' };

export interface ParseContext {
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
}

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
  if (sub === 'sandbox') return parseSandbox(rest);
  if (sub === 'lessons') return parseLessons(rest);
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
  try {
    tok = tokenize(argv, GET_FLAGS);
    chunkSize = intFlag(tok, 'chunk-size', 500);
    const rt = stringFlag(tok, 'request-timeout');
    if (rt !== null) requestTimeoutMs = parseRequestTimeout(rt);
  } catch (e) {
    if (e instanceof FlagError) {
      if (e.message.includes('--request-timeout')) {
        return fail('Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)');
      }
      return fail(e.message, true);
    }
    throw e;
  }
  if (boolFlag(tok, 'help')) return { kind: 'help', topic: 'get' };
  if (chunkSize < 0) return fail(`--chunk-size must be 0 or a positive number, got ${chunkSize}`);

  const [resource, resourceName, ...extra] = tok.positionals;
  if (resource === undefined) {
    return fail('Required resource not specified. kube-trace traces `get pods`: try `kube-trace get pods`.');
  }
  if (!POD_RESOURCES.has(resource.toLowerCase())) {
    return fail(`kube-trace traces "get pods" only; "${resource}" is not supported (try: kube-trace get pods).`);
  }
  if (extra.length > 0) return fail(`kube-trace traces one pod name at most; got ${[resourceName, ...extra].join(', ')}`);

  const outRaw = stringFlag(tok, 'output') ?? '';
  const output = OUTPUTS[outRaw];
  if (output === undefined) {
    return fail(
      `unable to match a printer suitable for the output format "${outRaw}", allowed formats are: json,name,wide,yaml`,
    );
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
  const namespace = stringFlag(tok, 'namespace');
  if (namespace !== null && namespace.trim() === '' && !allNamespaces) {
    return fail('a namespace must be given: -n NAME');
  }
  const kubectlVersion = stringFlag(tok, 'kubectl-version');
  if (kubectlVersion !== null && !KUBECTL_VERSIONS.includes(kubectlVersion.replace(/^v/, ''))) {
    return fail(`--kubectl-version must be one of ${KUBECTL_VERSIONS.join(', ')}; got "${kubectlVersion}"`);
  }
  const scenario = stringFlag(tok, 'scenario');
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
      const value = spec.type === 'int' ? Number(occ.value) : occ.value;
      flags.push({ name: spec.name, given: occ.given, value, source: 'flag', kubeTraceOnly: spec.kubeTraceOnly });
    } else if (spec.name in defaults) {
      flags.push({ name: spec.name, value: defaults[spec.name] ?? null, source: 'default', kubeTraceOnly: spec.kubeTraceOnly });
    }
  }

  const command: GetCommand = {
    argv: [...fullArgv],
    verb: 'get',
    resource,
    resourceName: resourceName ?? null,
    namespace,
    allNamespaces,
    labelSelector: stringFlag(tok, 'selector'),
    fieldSelector: stringFlag(tok, 'field-selector'),
    output,
    chunkSize,
    kubeconfig: stringFlag(tok, 'kubeconfig'),
    context: stringFlag(tok, 'context'),
    requestTimeoutMs,
    sandbox: boolFlag(tok, 'sandbox') || scenario !== null || sandboxEtcd !== null,
    scenario,
    sandboxEtcdEndpoints: sandboxEtcd,
    kubectlVersion: kubectlVersion?.replace(/^v/, '') ?? null,
    mode,
    startStage,
    noPause: boolFlag(tok, 'no-pause'),
    lessonsDir: stringFlag(tok, 'lessons'),
    flags,
    parseMs: performance.now() - started,
  };
  const exportCredentials = stringFlag(tok, 'export-credentials');
  if (exportCredentials !== null && exportCredentials.trim() === '') return fail('--export-credentials needs a folder that does not exist yet, e.g. --export-credentials ./curl-credentials');
  return { kind: 'get', command, presentation: { present: boolFlag(tok, 'present'), exportCredentials } };
}

function parseSandbox(argv: readonly string[]): CliCommand {
  const fail = (message: string): CliCommand => ({
    kind: 'usage-error', subcommand: 'sandbox', message, mode: 'plain', fromFlagParser: true, argv: ['sandbox', ...argv],
  });
  try {
    const tok = tokenize(argv, SANDBOX_FLAGS);
    if (boolFlag(tok, 'help')) return { kind: 'help', topic: 'sandbox' };
    if (tok.positionals.length > 0) return fail(`unexpected argument "${tok.positionals[0]}"`);
    const port = intFlag(tok, 'port', 0);
    if (port < 0 || port > 65535) return fail(`--port must be between 0 and 65535, got ${port}`);
    return {
      kind: 'sandbox',
      options: {
        port,
        address: stringFlag(tok, 'address'),
        kubeconfigOut: stringFlag(tok, 'kubeconfig-out') ?? 'kube-trace-sandbox.kubeconfig',
        objectsFile: stringFlag(tok, 'objects'),
        scenario: stringFlag(tok, 'scenario') ?? 'default',
        etcdEndpoints: endpointList(stringFlag(tok, 'etcd-endpoints')),
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
