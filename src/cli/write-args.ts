// argv → a write command: `apply -f`, `create -f`, `delete TYPE NAME`, `run NAME --image=IMG`, with
// kubectl's flags for them (the common ones) and its error texts (checked against kubectl 1.33), plus
// kube-trace's presentation flags and --allow-writes / --yes.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { WriteCommand, WriteSpec, WriteVerb } from '../trace/command.js';
import { STAGE_NAMES, type ParsedFlag, type PresentationMode, type StageName } from '../trace/types.js';
import { planFor } from '../trace/plan.js';
import { KUBECTL_VERSIONS } from './kubectl-versions.js';
import { FlagError, lastValue, parseRequestTimeout, sliceValue, tokenize, type FlagSpec, type Tokenized } from './flags.js';
import type { CliCommand, ManifestDecoder, ParseContext } from './args.js';
import { DEFAULT_SANDBOX_SERVER_VERSION, SERVER_VERSION_CHOICES } from './server-versions.js';

const COMMON: readonly FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string', kubeTraceOnly: false, placeholder: 'NS', help: 'the namespace to write in (default: the object\'s, else the context\'s, else "default")' },
  { name: 'kubeconfig', type: 'string', kubeTraceOnly: false, placeholder: 'FILE', help: 'kubeconfig file to use (instead of KUBECONFIG or ~/.kube/config)' },
  { name: 'context', type: 'string', kubeTraceOnly: false, placeholder: 'NAME', help: 'kubeconfig context to use' },
  { name: 'request-timeout', type: 'duration', kubeTraceOnly: false, placeholder: 'D', help: 'per-request timeout, e.g. 5s, 1m (0 = none)' },
  { name: 'dry-run', type: 'string', kubeTraceOnly: false, placeholder: 'MODE', help: 'none (default) or server (dryRun=All: admission runs, nothing is stored)' },
];

const KUBE_TRACE: readonly FlagSpec[] = [
  { name: 'allow-writes', type: 'bool', kubeTraceOnly: true, help: 'persist on a cluster that is not the sandbox (asks first, names the cluster; without a terminal it needs --yes). Without it every write there is sent with dryRun=All' },
  { name: 'yes', short: 'y', type: 'bool', kubeTraceOnly: true, help: 'answer yes to --allow-writes\' question (needed without a terminal)' },
  { name: 'sandbox', type: 'bool', kubeTraceOnly: true, help: 'trace against an embedded sandbox cluster started for this run (writes there persist)' },
  { name: 'scenario', type: 'string', kubeTraceOnly: true, placeholder: 'NAME', help: 'sandbox scenario (implies --sandbox)' },
  { name: 'server-version', type: 'string', kubeTraceOnly: true, placeholder: 'V', help: `the sandbox's kube-apiserver version: ${SERVER_VERSION_CHOICES.join(' or ')} (implies --sandbox; default ${DEFAULT_SANDBOX_SERVER_VERSION})` },
  { name: 'sandbox-etcd', type: 'string', kubeTraceOnly: true, placeholder: 'URLS', help: 'keep the sandbox\'s objects in this real etcd (implies --sandbox)' },
  { name: 'kubectl-version', type: 'string', kubeTraceOnly: true, placeholder: 'X.Y', help: `the kubectl to be faithful to (${KUBECTL_VERSIONS[0]}–${KUBECTL_VERSIONS[KUBECTL_VERSIONS.length - 1]}; default: the kubectl on PATH)` },
  { name: 'plain', type: 'bool', kubeTraceOnly: true, help: 'plain text, every stage in order (default when stdout is not a terminal)' },
  { name: 'json', type: 'bool', kubeTraceOnly: true, help: 'one JSON document with every stage and kubectl\'s output' },
  { name: 'stage', type: 'string', kubeTraceOnly: true, placeholder: 'NAME', help: 'start the walkthrough at this stage (earlier stages still run)' },
  { name: 'no-pause', type: 'bool', kubeTraceOnly: true, help: 'run through all stages and stay on the summary' },
  { name: 'present', type: 'bool', kubeTraceOnly: true, help: 'start in presenter mode' },
  { name: 'lessons', type: 'string', kubeTraceOnly: true, placeholder: 'DIR', help: 'use lesson files from DIR for the stages it has' },
  { name: 'help', short: 'h', type: 'bool', kubeTraceOnly: true, help: 'show this help' },
];

const FILE_FLAGS: readonly FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'stringSlice', kubeTraceOnly: false, placeholder: 'FILE', help: 'the manifest (YAML or JSON; several documents are written in order)' },
  { name: 'field-manager', type: 'string', kubeTraceOnly: false, placeholder: 'NAME', help: 'the field manager the server records (default per verb: kubectl-client-side-apply, kubectl, kubectl-create)' },
  { name: 'validate', type: 'string', kubeTraceOnly: false, placeholder: 'MODE', help: 'strict (or true, the default), warn, ignore (or false): the fieldValidation kubectl asks for' },
];

export const APPLY_FLAGS: readonly FlagSpec[] = [
  ...FILE_FLAGS,
  { name: 'server-side', type: 'bool', kubeTraceOnly: false, help: 'server-side apply: one PATCH with application/apply-patch+yaml, fieldManager=kubectl' },
  { name: 'force-conflicts', type: 'bool', kubeTraceOnly: false, help: 'server-side apply: take over fields another manager owns (force=true)' },
  ...COMMON,
  ...KUBE_TRACE,
];

export const CREATE_FLAGS: readonly FlagSpec[] = [...FILE_FLAGS, ...COMMON, ...KUBE_TRACE];

export const DELETE_FLAGS: readonly FlagSpec[] = [
  { name: 'grace-period', type: 'int', kubeTraceOnly: false, placeholder: 'N', help: 'seconds the object is given to end (default -1: its own)' },
  { name: 'force', type: 'bool', kubeTraceOnly: false, help: 'with --grace-period=0: remove at once, without waiting for the kubelet' },
  { name: 'wait', type: 'bool', kubeTraceOnly: false, help: 'wait until the object is gone (default true: kubectl GETs it after the DELETE)' },
  ...COMMON,
  ...KUBE_TRACE,
];

export const RUN_FLAGS: readonly FlagSpec[] = [
  { name: 'image', type: 'string', kubeTraceOnly: false, placeholder: 'IMG', help: 'the container image (required)' },
  { name: 'labels', short: 'l', type: 'string', kubeTraceOnly: false, placeholder: 'K=V,…', help: 'labels for the pod (default run=NAME)' },
  { name: 'restart', type: 'string', kubeTraceOnly: false, placeholder: 'POLICY', help: 'Always (default), OnFailure or Never' },
  { name: 'port', type: 'string', kubeTraceOnly: false, placeholder: 'N', help: 'the container port to expose' },
  { name: 'env', type: 'stringArray', kubeTraceOnly: false, placeholder: 'K=V', help: 'environment variables (repeatable)' },
  ...COMMON,
  ...KUBE_TRACE,
];

export const WRITE_FLAGS: Record<WriteVerb, readonly FlagSpec[]> = { apply: APPLY_FLAGS, create: CREATE_FLAGS, delete: DELETE_FLAGS, run: RUN_FLAGS };

export const WRITE_HEADS: Record<WriteVerb, string> = {
  apply: 'kube-trace apply -f FILE',
  create: 'kube-trace create -f FILE',
  delete: 'kube-trace delete TYPE NAME',
  run: 'kube-trace run NAME --image=IMG',
};

function stringFlag(tok: Tokenized, name: string): string | null {
  const f = lastValue(tok, name);
  return f === undefined ? null : String(f.value);
}

function boolFlag(tok: Tokenized, name: string): boolean {
  return lastValue(tok, name)?.value === true;
}

function dryRunOf(raw: string | null): WriteSpec['dryRun'] | { error: string } {
  if (raw === null || raw === 'none') return 'none';
  if (raw === 'server' || raw === 'client') return raw;
  return { error: `Invalid dry-run value (${raw}). Must be "none", "server", or "client".` };
}

function validateOf(raw: string | null): 'strict' | 'warn' | 'ignore' | { error: string } {
  if (raw === null || raw === 'strict' || raw === 'true') return 'strict';
  if (raw === 'warn') return 'warn';
  if (raw === 'ignore' || raw === 'false') return 'ignore';
  return { error: `invalid - validate option ${JSON.stringify(raw)}; must be one of: strict (or true), warn, ignore (or false)` };
}

/** The manifest as kubectl reads -f: a missing path is kubectl's error; the text is decoded here. */
function readManifest(file: string, decode: ManifestDecoder | undefined): { objects: Extract<WriteSpec, { file: string }>['objects'] } | { error: string } {
  if (file !== '-' && !existsSync(file)) return { error: `the path ${JSON.stringify(file)} does not exist` };
  if (file !== '-' && statSync(file).isDirectory()) return { error: `kube-trace reads one file with -f; ${file} is a directory (kubectl would read every manifest in it)` };
  if (file === '-') return { error: 'kube-trace reads the manifest from a file; -f - (stdin) is not traced' };
  if (decode === undefined) throw new Error('kube-trace: parseCli was not given the manifest decoder for apply/create (ParseContext.decodeManifest)');
  return { objects: decode(readFileSync(file, 'utf8'), file) };
}

function labelsOf(raw: string | null): Record<string, string> | null {
  if (raw === null) return null;
  const out: Record<string, string> = {};
  for (const part of raw.split(',')) {
    const i = part.indexOf('=');
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

/** Parses `kube-trace apply|create|delete|run …`. `confirm` is not asked here: the CLI asks before it runs. */
export function parseWrite(verb: WriteVerb, fullArgv: readonly string[], argv: readonly string[], ctx: ParseContext): CliCommand {
  const started = performance.now();
  const mode0: PresentationMode = argv.includes('--json') ? 'json' : argv.includes('--plain') || !ctx.stdoutIsTTY || !ctx.stdinIsTTY ? 'plain' : 'tui';
  const fail = (message: string, fromFlagParser = false): CliCommand => ({ kind: 'usage-error', subcommand: verb, message, mode: mode0, fromFlagParser, argv: [...fullArgv] });
  // kubectl's --validate takes no value when alone (pflag NoOptDefVal "strict").
  const args = argv.map((a) => (a === '--validate' ? '--validate=strict' : a));
  let tok: Tokenized;
  let requestTimeoutMs = 0;
  try {
    tok = tokenize(args, WRITE_FLAGS[verb]);
    const rt = stringFlag(tok, 'request-timeout');
    if (rt !== null) requestTimeoutMs = parseRequestTimeout(rt);
  } catch (e) {
    if (e instanceof FlagError) return fail(e.message, true);
    throw e;
  }
  if (boolFlag(tok, 'help')) return { kind: 'help', topic: verb };
  const dryRun = dryRunOf(stringFlag(tok, 'dry-run'));
  if (typeof dryRun !== 'string') return fail(dryRun.error);
  if (dryRun === 'client') return fail('kube-trace does not trace --dry-run=client: kubectl would send no write at all and print the object it would have sent. Use --dry-run=server to see admission run without storing anything.');

  let spec: WriteSpec;
  let resource: string;
  let resourceName: string | null;
  if (verb === 'apply' || verb === 'create') {
    const files = sliceValue(tok, 'filename') ?? [];
    if (files.length === 0) return fail('must specify one of -f and -k');
    if (files.length > 1) return fail('kube-trace traces one -f file at a time; give the others in a run of their own');
    const validate = validateOf(stringFlag(tok, 'validate'));
    if (typeof validate !== 'string') return fail(validate.error);
    const serverSide = verb === 'apply' && boolFlag(tok, 'server-side');
    const forceConflicts = verb === 'apply' && boolFlag(tok, 'force-conflicts');
    if (forceConflicts && !serverSide) return fail('--force-conflicts only works with --server-side');
    if (tok.positionals.length > 0) return fail(`Unexpected args: [${tok.positionals.join(' ')}]`);
    const file = files[0] as string;
    const read = readManifest(file, ctx.decodeManifest);
    if ('error' in read) return fail(read.error);
    spec = { verb, file, objects: read.objects, serverSide, forceConflicts, fieldManager: stringFlag(tok, 'field-manager'), validate, dryRun };
    const first = Array.isArray(read.objects) ? read.objects[0] : undefined;
    resource = first ? first.kind.toLowerCase() : '';
    resourceName = first ? first.name : null;
  } else if (verb === 'delete') {
    const [type, name, ...more] = tok.positionals;
    if (type === undefined) return fail("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
    const slash = type.indexOf('/');
    const [t, n] = slash > 0 && name === undefined ? [type.slice(0, slash), type.slice(slash + 1)] : [type, name];
    if (n === undefined) return fail('resource(s) were provided, but no name was specified');
    if (more.length > 0) return fail('kube-trace traces the delete of one object; give one TYPE NAME');
    let grace = -1;
    const g = stringFlag(tok, 'grace-period');
    if (g !== null) {
      if (!/^-?\d+$/.test(g)) return fail(`invalid argument "${g}" for "--grace-period" flag: strconv.ParseInt: parsing "${g}": invalid syntax`, true);
      grace = Number(g);
    }
    const force = boolFlag(tok, 'force');
    if (force && grace > 0) return fail('--force and --grace-period greater than 0 cannot be specified together');
    spec = { verb, resource: t, name: n, wait: lastValue(tok, 'wait')?.value !== false, gracePeriod: grace, force, dryRun };
    resource = t;
    resourceName = n;
  } else {
    const image = stringFlag(tok, 'image');
    if (image === null || image === '') return fail('required flag(s) "image" not set');
    const [name, ...rest] = tok.positionals;
    if (name === undefined) return fail('NAME is required for run');
    if (rest.length > 0) return fail('kube-trace traces `run NAME --image=IMG` without a command or args');
    const restart = stringFlag(tok, 'restart') ?? 'Always';
    if (restart !== 'Always' && restart !== 'OnFailure' && restart !== 'Never') return fail(`invalid restart policy: ${restart}\nSee 'kubectl run -h' for help and examples`);
    const labelsRaw = stringFlag(tok, 'labels');
    const badLabel = labelsRaw?.split(',').find((part) => part.indexOf('=') <= 0);
    if (badLabel !== undefined) return fail(`invalid label spec: ${badLabel}`);
    const labels = labelsOf(labelsRaw);
    spec = { verb, name, image, labels, restart, port: stringFlag(tok, 'port'), env: (tok.flags.filter((f) => f.spec.name === 'env').map((f) => String(f.value))), dryRun };
    resource = 'pods';
    resourceName = name;
  }

  const plain = boolFlag(tok, 'plain');
  const json = boolFlag(tok, 'json');
  if (plain && json) return fail('--plain and --json cannot be used together');
  const mode: PresentationMode = json ? 'json' : plain || !ctx.stdoutIsTTY || !ctx.stdinIsTTY ? 'plain' : 'tui';
  const stageRaw = stringFlag(tok, 'stage');
  let startStage: StageName | null = null;
  if (stageRaw !== null) {
    const names = planFor({ verb }).stages.map((s) => s.name);
    const found = STAGE_NAMES.find((s) => s === stageRaw && names.includes(s));
    if (!found) return fail(`--stage must be one of ${names.join(', ')}; got "${stageRaw}"`);
    startStage = found;
  }
  const namespace = stringFlag(tok, 'namespace');
  if (namespace !== null && namespace.trim() === '') return fail('a namespace must be given: -n NAME');
  const kubectlVersion = stringFlag(tok, 'kubectl-version');
  if (kubectlVersion !== null && !KUBECTL_VERSIONS.includes(kubectlVersion.replace(/^v/, ''))) return fail(`--kubectl-version must be one of ${KUBECTL_VERSIONS.join(', ')}; got "${kubectlVersion}"`);
  const scenario = stringFlag(tok, 'scenario');
  const serverVersionRaw = stringFlag(tok, 'server-version');
  const sandboxServerVersion = serverVersionRaw === null ? null : SERVER_VERSION_CHOICES.find((v) => v === serverVersionRaw.replace(/^v/, ''));
  if (sandboxServerVersion === undefined) return fail(`--server-version must be one of ${SERVER_VERSION_CHOICES.join(', ')}; got "${serverVersionRaw ?? ''}"`);
  const etcdRaw = stringFlag(tok, 'sandbox-etcd');
  const sandboxEtcd = etcdRaw === null ? null : etcdRaw.split(',').map((x) => x.trim()).filter((x) => x !== '');

  const flags: ParsedFlag[] = [];
  for (const spec2 of WRITE_FLAGS[verb]) {
    if (spec2.name === 'help') continue;
    const occ = lastValue(tok, spec2.name);
    if (occ) flags.push({ name: spec2.name, given: occ.given, value: spec2.type === 'stringSlice' ? (sliceValue(tok, spec2.name) ?? []).join(',') : occ.value, source: 'flag', kubeTraceOnly: spec2.kubeTraceOnly });
  }
  const command: WriteCommand = {
    argv: [...fullArgv],
    verb,
    write: spec,
    allowWrites: boolFlag(tok, 'allow-writes'),
    resource,
    resourceName,
    namespace,
    allNamespaces: false,
    labelSelector: null,
    fieldSelector: null,
    output: 'name',
    chunkSize: 0,
    kubeconfig: stringFlag(tok, 'kubeconfig'),
    context: stringFlag(tok, 'context'),
    requestTimeoutMs,
    sandbox: boolFlag(tok, 'sandbox') || scenario !== null || (sandboxEtcd !== null && sandboxEtcd.length > 0) || sandboxServerVersion !== null,
    scenario,
    sandboxEtcdEndpoints: sandboxEtcd !== null && sandboxEtcd.length > 0 ? sandboxEtcd : null,
    sandboxServerVersion,
    kubectlVersion: kubectlVersion?.replace(/^v/, '') ?? null,
    mode,
    startStage,
    noPause: boolFlag(tok, 'no-pause'),
    lessonsDir: stringFlag(tok, 'lessons'),
    flags,
    parseMs: performance.now() - started,
  };
  return { kind: 'write', command, presentation: { present: boolFlag(tok, 'present'), exportCredentials: null }, yes: boolFlag(tok, 'yes') };
}
