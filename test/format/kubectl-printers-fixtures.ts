// Reading the captures in test/fixtures/kubectl-printers/cases (see its README): each is one kubectl
// command line run by kubectl 1.27–1.33 against the sandbox, with the exchanges each build had and
// what it printed. This turns one into the FormatInput the engine would build for the same responses.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GET_FLAGS, UNTRACED_GET_FLAGS, parseCli } from '../../src/cli/args.js';
import type { FlagSpec } from '../../src/cli/flags.js';
import type { FormatInput, FormatRequestError, FormatResource, PrintFlags, TemplateFileRead } from '../../src/format/index.js';

export const CASES_DIR = fileURLToPath(new URL('../fixtures/kubectl-printers/cases/', import.meta.url));

export interface Exchange {
  capturedAt: string;
  method: string;
  path: string;
  accept: string;
  status: number;
  contentType: string;
  body: unknown;
}

export interface Run {
  versions: string[];
  /** Only when this run's exchanges differ from the capture's shared ones. */
  exchanges?: Exchange[];
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface Capture {
  name: string;
  about: string;
  command: string;
  args: string[];
  sandbox: { objects: string; now: string; contextNamespace: string | null };
  files: Record<string, string>;
  /** The exchanges every run had (discovery left out), unless each run keeps its own. */
  exchanges: Exchange[];
  runs: Run[];
}

/** The exchanges of one run. */
export function exchangesOf(c: Capture, run: Run): Exchange[] {
  return run.exchanges ?? c.exchanges;
}

export function loadCaptures(): Capture[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(`${CASES_DIR}${f}`, 'utf8')) as Capture);
}

const SPECS: FlagSpec[] = [...GET_FLAGS, ...UNTRACED_GET_FLAGS];

/** The args after `get`, split into flag tokens and positionals (pflag's rules, as flags.ts has them). */
export function splitArgs(args: string[]): { flags: string[]; positionals: string[] } {
  const flags: string[] = [];
  const positionals: string[] = [];
  const rest = args[0] === 'get' ? args.slice(1) : args;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a.startsWith('--') && a.length > 2) {
      flags.push(a);
      const spec = SPECS.find((s) => s.name === a.slice(2).split('=')[0]);
      if (spec && spec.type !== 'bool' && !a.includes('=')) flags.push(rest[++i] as string);
    } else if (a.startsWith('-') && a.length > 1) {
      flags.push(a);
      const spec = SPECS.find((s) => s.short === a[1]);
      if (spec && spec.type !== 'bool' && a.length === 2) flags.push(rest[++i] as string);
    } else positionals.push(a);
  }
  return { flags, positionals };
}

/** The printing flags kube-trace's parser makes of the capture's flags (as for `get pods FLAGS`). */
export function printFlagsOf(c: Capture): PrintFlags {
  const cli = parseCli(['get', 'pods', ...splitArgs(c.args).flags], { stdoutIsTTY: false, stdinIsTTY: false });
  if (cli.kind !== 'get' || cli.command.print === undefined) throw new Error(`${c.name}: kube-trace does not take these flags: ${JSON.stringify(cli)}`);
  return cli.command.print;
}

const KINDS: Record<string, { kind: string; namespaced: boolean }> = {
  pods: { kind: 'Pod', namespaced: true },
  nodes: { kind: 'Node', namespaced: false },
  namespaces: { kind: 'Namespace', namespaced: false },
  roles: { kind: 'Role', namespaced: true },
  rolebindings: { kind: 'RoleBinding', namespaced: true },
  clusterroles: { kind: 'ClusterRole', namespaced: false },
  clusterrolebindings: { kind: 'ClusterRoleBinding', namespaced: false },
};

/** The resource a request path is for (what discovery told kubectl). */
export function resourceOfPath(path: string): Omit<FormatResource, 'pages'> {
  const segs = (path.split('?')[0] ?? '').split('/').filter(Boolean);
  const [group, version, rest] = segs[0] === 'api' ? ['', segs[1] ?? '', segs.slice(2)] : [segs[1] ?? '', segs[2] ?? '', segs.slice(3)];
  const resource = rest[0] === 'namespaces' && rest.length >= 3 ? (rest[2] as string) : (rest[0] as string);
  const k = KINDS[resource];
  if (!k) throw new Error(`no kind known for ${path}`);
  return { kind: k.kind, group, version, resource, namespaced: k.namespaced };
}

function flagValue(flags: string[], long: string, short?: string): string | null {
  let v: string | null = null;
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i] as string;
    if (f === `--${long}` || (short && f === `-${short}`)) v = flags[i + 1] ?? null;
    else if (f.startsWith(`--${long}=`)) v = f.slice(long.length + 3);
  }
  return v;
}

/** What the engine would hand formatOutput after the requests of this run. */
export function formatInputOf(c: Capture, run: Run, kubectlMinor: number): FormatInput {
  const { flags, positionals } = splitArgs(c.args);
  const print = printFlagsOf(c);
  const resources: FormatResource[] = [];
  const errors: FormatRequestError[] = [];
  for (const x of exchangesOf(c, run)) {
    if (x.status === 404) {
      errors.push({ message: `Error from server (NotFound): ${String((x.body as { message?: unknown }).message)}`, notFound: true });
      continue;
    }
    const r = resourceOfPath(x.path);
    resources.push({ ...r, pages: [x.body] });
  }
  const named = positionals.length === 2 && !positionals[0]?.includes(',') && !positionals[0]?.includes('/');
  const oneTypeName = positionals.length === 1 && positionals[0]?.includes('/') === true;
  const fileArg = /^(jsonpath-file|custom-columns-file)=(.*)$/.exec(print.output)?.[2];
  let templateFile: TemplateFileRead | undefined;
  if (fileArg !== undefined) {
    const text = c.files[fileArg];
    templateFile = text === undefined ? { path: fileArg, text: null, openError: `open ${fileArg}: no such file or directory`, readError: null } : { path: fileArg, text, openError: null, readError: null };
  }
  const first = exchangesOf(c, run)[0];
  return {
    output: 'table',
    print,
    allNamespaces: flags.includes('-A') || flags.includes('--all-namespaces'),
    namespace: flagValue(flags, 'namespace', 'n') ?? c.sandbox.contextNamespace ?? 'default',
    resourceName: named ? (positionals[1] as string) : null,
    singleItemImplied: named || oneTypeName,
    pages: [],
    resources,
    errors,
    ...(templateFile ? { templateFile } : {}),
    kubectlMinor,
    ...(first ? { now: new Date(first.capturedAt) } : {}),
  };
}
