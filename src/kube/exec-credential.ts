// A small ExecCredential runner that follows client-go's rules (plugin/pkg/client/auth/exec):
// apiVersion client.authentication.k8s.io/v1 or v1beta1; the plugin's env is ours plus its `env`
// entries plus KUBERNETES_EXEC_INFO (spec.interactive, and spec.cluster with provideClusterInfo);
// interactiveMode Never / IfAvailable / Always; stdout decoded as client-go decodes it (JSON or YAML,
// version and kind checked, status required, a token or a cert/key pair); credentials cached in this
// process by expirationTimestamp (no timestamp: for the life of the process), keyed by the exec config.
// Unlike client-go it bounds the plugin: the plugin runs in its own process group, and the whole group
// is killed at the time limit and whenever kube-trace exits (killExecPlugins); its stdout is capped.
// The plugin's stderr is not shown (kubectl passes it through, but it may hold a token).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { KubectlCluster, KubectlExecConfig } from './kubectl-config.js';
import { pluginEnded, pluginStarted } from './exec-plugin-groups.js';

export { killExecPlugins } from './exec-plugin-groups.js';

export const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;
/** kube-trace's own cap on a plugin's stdout (an ExecCredential is a few KiB; kubectl has no cap). */
export const EXEC_MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
/** client-go's registered scheme name in its "no kind … is registered" errors (kubectl 1.30–1.33; 1.28 says "pkg/runtime/scheme.go:100"). */
const SCHEME_NAME = 'pkg/client/auth/exec/exec.go:62';
const INSTALL_HINT_HELP = `

It looks like you are trying to use a client-go credential plugin that is not installed.

To learn more about this feature, consult the documentation available at:
      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins`;

export type ExecProblem =
  /** A command without "/" that is not on PATH (client-go: exec.Error). */
  | { kind: 'not-found'; command: string; installHint: string }
  /** A path that cannot be started (missing, not executable): Go's fork/exec error. */
  | { kind: 'start-failed'; command: string; goMessage: string }
  | { kind: 'exit'; command: string; exitCode: number }
  | { kind: 'timeout'; command: string; timeoutMs: number }
  | { kind: 'output-too-large'; command: string; limitBytes: number }
  /** client-go's own error text after "getting credentials: " (decode, version, status…); null when kube-trace cannot word it exactly. */
  | { kind: 'bad-output'; command: string; goMessage: string | null }
  /** interactiveMode Always without a terminal for the plugin. */
  | { kind: 'interactive'; command: string; goMessage: string | null }
  /** An apiVersion client-go does not know: a configuration error, before any request. */
  | { kind: 'bad-api-version'; command: string; apiVersion: string };

export class ExecCredentialError extends Error {
  constructor(readonly problem: ExecProblem) {
    super(problem.kind);
  }
}

export interface ExecCredentialResult {
  /** Secret. */
  token: string | null;
  /** Secret (PEM). */
  clientCertificateData: string | null;
  clientKeyData: string | null;
  expirationTimestamp: string | null;
  /** Served from this process's cache, as client-go would. */
  fromCache: boolean;
  /** What KUBERNETES_EXEC_INFO told the plugin about interactivity. */
  interactive: boolean;
  /** kubectl would have run it interactively (IfAvailable on a terminal); kube-trace's UI holds the terminal. */
  kubectlWouldBeInteractive: boolean;
}

export interface ExecRunOptions {
  timeoutMs: number;
  /** The cluster, for provideClusterInfo. */
  cluster?: KubectlCluster;
  /** Whether kube-trace's stdin is a terminal (kubectl's IfAvailable/Always test). Default: false. */
  stdinIsTerminal?: boolean;
  /** The environment the plugin inherits (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  maxOutputBytes?: number;
}

// ---------------------------------------------------------------- cache

const cache = new Map<string, { result: ExecCredentialResult; expires: number | null }>();

/** Forgets cached credentials (client-go does so after a 401). */
export function forgetExecCredentials(): void {
  cache.clear();
}

function cacheKey(exec: KubectlExecConfig, cluster: KubectlCluster | undefined): string {
  return JSON.stringify([exec, exec.provideClusterInfo ? cluster : null]);
}

// ---------------------------------------------------------------- KUBERNETES_EXEC_INFO

function clusterInfo(c: KubectlCluster): Record<string, unknown> {
  const out: Record<string, unknown> = { server: c.server };
  if (c.tlsServerName) out['tls-server-name'] = c.tlsServerName;
  if (c.insecureSkipTlsVerify) out['insecure-skip-tls-verify'] = true;
  let caData = c.certificateAuthorityData;
  if (!caData && c.certificateAuthority) {
    try {
      caData = readFileSync(c.certificateAuthority).toString('base64');
    } catch {
      caData = '';
    }
  }
  if (caData) out['certificate-authority-data'] = caData;
  if (c.proxyUrl) out['proxy-url'] = c.proxyUrl;
  if (c.disableCompression) out['disable-compression'] = true;
  if (c.execExtension !== undefined) out['config'] = c.execExtension;
  return out;
}

export function execInfo(exec: KubectlExecConfig, cluster: KubectlCluster | undefined, interactive: boolean): string {
  const spec: Record<string, unknown> = {};
  if (exec.provideClusterInfo && cluster) spec['cluster'] = clusterInfo(cluster);
  spec['interactive'] = interactive;
  return JSON.stringify({ kind: 'ExecCredential', apiVersion: exec.apiVersion, spec });
}

// ---------------------------------------------------------------- decoding stdout as client-go does

const GO_STRUCT = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

function goJsonType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** The decoded credential, or client-go's error text (null when it has wording kube-trace does not model). */
export function decodeExecCredential(stdout: string, apiVersion: string): { status: Record<string, unknown> } | { goMessage: string | null } {
  const trimmed = stdout.trim();
  let doc: unknown;
  if (trimmed.startsWith('{')) {
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      // Go's scanner says "unexpected end of JSON input" when the text stops inside a value.
      const at = e instanceof SyntaxError ? /at position (\d+)/.exec(e.message) : null;
      const truncated = e instanceof SyntaxError && (/end of (JSON )?input|Unterminated/i.test(e.message) || (at !== null && Number(at[1]) >= trimmed.length));
      return { goMessage: truncated ? "decoding stdout: couldn't get version/kind; json parse error: unexpected end of JSON input" : null };
    }
  } else if (trimmed === '') doc = null;
  else {
    try {
      doc = parseYaml(trimmed, { logLevel: 'error' });
    } catch {
      return { goMessage: null };
    }
  }
  if (doc !== null && doc !== undefined && (typeof doc !== 'object' || Array.isArray(doc))) {
    return { goMessage: `decoding stdout: couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonType(doc)} into Go value of type ${GO_STRUCT}` };
  }
  const obj = (doc ?? {}) as Record<string, unknown>;
  const gotVersion = typeof obj['apiVersion'] === 'string' ? obj['apiVersion'] : '';
  const gotKind = typeof obj['kind'] === 'string' ? obj['kind'] : '';
  // The decoder fills a missing kind from the target type; a missing version leaves the internal one.
  if (gotVersion === '') return { goMessage: `exec plugin is configured to use API version ${apiVersion}, plugin returned version client.authentication.k8s.io/__internal` };
  const known = (EXEC_API_VERSIONS as readonly string[]).includes(gotVersion);
  const kind = gotKind === '' ? 'ExecCredential' : gotKind;
  if (!known || kind !== 'ExecCredential') return { goMessage: `decoding stdout: no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(gotVersion)} in scheme ${JSON.stringify(SCHEME_NAME)}` };
  if (gotVersion !== apiVersion) return { goMessage: `exec plugin is configured to use API version ${apiVersion}, plugin returned version ${gotVersion}` };
  const status = obj['status'];
  if (!status || typeof status !== 'object' || Array.isArray(status)) return { goMessage: "exec plugin didn't return a status field" };
  const st = status as Record<string, unknown>;
  const exp = st['expirationTimestamp'];
  if (typeof exp === 'string' && Number.isNaN(Date.parse(exp))) return { goMessage: `decoding stdout: parsing time ${JSON.stringify(exp)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(exp)} as "2006"` };
  const s = (k: string): string => (typeof st[k] === 'string' ? (st[k]) : '');
  if (s('token') === '' && s('clientCertificateData') === '' && s('clientKeyData') === '') return { goMessage: "exec plugin didn't return a token or cert/key pair" };
  if ((s('clientCertificateData') === '') !== (s('clientKeyData') === '')) return { goMessage: 'exec plugin returned only certificate or key, not both' };
  return { status: st };
}

// ---------------------------------------------------------------- running the plugin

/** kubectl's text for a failed plugin, after "getting credentials: " (null when it has none kube-trace knows). */
export function execGoMessage(p: ExecProblem, firstNotFound = true): string | null {
  switch (p.kind) {
    case 'not-found':
      // client-go adds the help text (and the installHint) the first time in a process.
      return `exec: executable ${p.command} not found${firstNotFound ? `${INSTALL_HINT_HELP}${p.installHint ? `\n\n${p.installHint}` : ''}` : ''}`;
    case 'start-failed':
      return `exec: ${p.goMessage}`;
    case 'exit':
      return `exec: executable ${p.command} failed with exit code ${p.exitCode}`;
    case 'bad-output':
    case 'interactive':
      return p.goMessage;
    case 'bad-api-version':
      return `exec plugin: invalid apiVersion ${JSON.stringify(p.apiVersion)}`;
    case 'timeout':
    case 'output-too-large':
      return null;
  }
}

/** Runs (or serves from cache) the exec plugin of a user entry. Throws ExecCredentialError. */
export async function runExecPlugin(exec: KubectlExecConfig, opts: ExecRunOptions): Promise<ExecCredentialResult> {
  const command = exec.command;
  if (!(EXEC_API_VERSIONS as readonly string[]).includes(exec.apiVersion)) throw new ExecCredentialError({ kind: 'bad-api-version', command, apiVersion: exec.apiVersion });
  const key = cacheKey(exec, opts.cluster);
  const hit = cache.get(key);
  if (hit && (hit.expires === null || Date.now() <= hit.expires)) return { ...hit.result, fromCache: true };
  cache.delete(key);

  const mode = exec.interactiveMode !== '' ? exec.interactiveMode : 'IfAvailable';
  const tty = opts.stdinIsTerminal === true;
  if (mode === 'Always') {
    // kubectl runs such a plugin on the terminal; kube-trace's UI holds it, and without one kubectl refuses too.
    throw new ExecCredentialError({ kind: 'interactive', command, goMessage: tty ? null : 'exec plugin cannot support interactive mode: standard input is not a terminal' });
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env ?? process.env)) if (v !== undefined) env[k] = v;
  for (const e of exec.env) env[e.name] = e.value;
  env['KUBERNETES_EXEC_INFO'] = execInfo(exec, opts.cluster, false);

  const limit = opts.maxOutputBytes ?? EXEC_MAX_OUTPUT_BYTES;
  const stdout = await new Promise<string>((resolve, reject) => {
    let child: ReturnType<typeof spawn>;
    try {
      // detached: a process group of its own, so a wrapper's children die with it.
      child = spawn(command, exec.args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (e) {
      reject(startError(command, e, exec.installHint));
      return;
    }
    const pid = child.pid;
    if (pid !== undefined) pluginStarted(pid);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let exitCode: number | null = null;
    const done = (err: ExecCredentialError | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Whatever the plugin left behind in its group goes with it.
      if (pid !== undefined) pluginEnded(pid);
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(() => done(new ExecCredentialError({ kind: 'timeout', command, timeoutMs: opts.timeoutMs })), opts.timeoutMs);
    child.stdout?.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        done(new ExecCredentialError({ kind: 'output-too-large', command, limitBytes: limit }));
        return;
      }
      chunks.push(c);
    });
    // Drained and dropped: a plugin's stderr may hold a token.
    child.stderr?.on('data', () => undefined);
    child.on('error', (e) => done(startError(command, e, exec.installHint)));
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : 0);
    });
    // 'close': the plugin exited and its pipes closed (a child it left holding them keeps it open, as with kubectl, until the time limit).
    child.on('close', () => {
      if (exitCode === null) return;
      if (exitCode !== 0) done(new ExecCredentialError({ kind: 'exit', command, exitCode }));
      else done(null);
    });
  });
  const decoded = decodeExecCredential(stdout, exec.apiVersion);
  if ('goMessage' in decoded) throw new ExecCredentialError({ kind: 'bad-output', command, goMessage: decoded.goMessage });
  const st = decoded.status;
  const s = (k: string): string | null => (typeof st[k] === 'string' && st[k] !== '' ? (st[k]) : null);
  const result: ExecCredentialResult = {
    token: s('token'),
    clientCertificateData: s('clientCertificateData'),
    clientKeyData: s('clientKeyData'),
    expirationTimestamp: s('expirationTimestamp'),
    fromCache: false,
    interactive: false,
    kubectlWouldBeInteractive: mode === 'IfAvailable' && tty,
  };
  cache.set(key, { result, expires: result.expirationTimestamp ? Date.parse(result.expirationTimestamp) : null });
  return result;
}

function startError(command: string, e: unknown, installHint: string): ExecCredentialError {
  // A spawn error is an ErrnoException, but what reaches here is typed unknown: read it as what it may be.
  const err = e as { code?: unknown; message?: unknown } | null | undefined;
  const code = err?.code;
  // Go looks a name without "/" up in PATH (not found: exec.Error); a path is started as it is (fork/exec error).
  if (!command.includes('/') && (code === 'ENOENT' || code === 'EACCES')) return new ExecCredentialError({ kind: 'not-found', command, installHint });
  const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'ENOEXEC' ? 'exec format error' : String(err?.message ?? e);
  return new ExecCredentialError({ kind: 'start-failed', command, goMessage: `fork/exec ${command}: ${reason}` });
}
