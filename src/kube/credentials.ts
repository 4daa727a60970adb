// Turns the current context of a client-node KubeConfig into transport credentials. client-node does
// the work (reads CA/cert/key files, runs exec plugins, reads token files); we only bound the time an
// exec plugin may take and keep the real Authorization value out of anything that gets displayed.
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import type https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { NameValue, StageError } from './types.js';
import type { TransportCredentials } from './observed-http.js';

export const EXEC_PLUGIN_TIMEOUT_MS = 30_000;

export type CredentialProblem =
  | { kind: 'exec-failed'; command: string; exitCode: number | null }
  | { kind: 'exec-not-found'; command: string }
  | { kind: 'exec-timeout'; command: string; timeoutMs: number }
  | { kind: 'exec-bad-output'; command: string }
  | { kind: 'file-unreadable'; detail: string }
  | { kind: 'other'; detail: string };

export class CredentialError extends Error {
  constructor(readonly problem: CredentialProblem) {
    super(problem.kind);
  }
}

type ExecFn = (command: string, args: string[], opts: SpawnOptions) => ChildProcess;

/** Wraps client-node's exec authenticator so a hanging plugin is killed and its exit code is known. */
function instrumentExec(kc: KubeConfig, timeoutMs: number, seen: { command: string; exitCode: number | null; timedOut: boolean; notFound: boolean }): void {
  const authenticators = (kc as unknown as { authenticators?: unknown[] }).authenticators ?? [];
  for (const a of authenticators) {
    const holder = a as { execFn?: ExecFn };
    if (typeof holder.execFn !== 'function') continue;
    holder.execFn = (command, args, opts) => {
      seen.command = command;
      const child = spawn(command, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
      const timer = setTimeout(() => {
        seen.timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') seen.notFound = true;
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        seen.exitCode = code;
      });
      return child;
    };
  }
}

function maskAuthorization(value: string): string {
  const space = value.indexOf(' ');
  const scheme = space > 0 ? value.slice(0, space) : 'Bearer';
  return `${scheme} <masked>`;
}

/**
 * client-node refuses to build an agent for an http:// server unless insecure-skip-tls-verify is set;
 * kubectl allows plain HTTP. The agent is not used (observed-http makes its own), so give client-node a
 * copy where the flag is set.
 */
function forPlainHttp(kc: KubeConfig): KubeConfig {
  const cluster = kc.getCurrentCluster();
  if (!cluster || !cluster.server.startsWith('http:') || cluster.skipTLSVerify) return kc;
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kc.getClusters().map((c) => (c.name === cluster.name ? { ...c, skipTLSVerify: true } : c)),
    users: kc.getUsers(),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
  });
  return copy;
}

export async function credentialsFor(original: KubeConfig, execTimeoutMs: number = EXEC_PLUGIN_TIMEOUT_MS): Promise<TransportCredentials> {
  const kc = forPlainHttp(original);
  const user = kc.getCurrentUser();
  const command = user?.exec && typeof (user.exec as { command?: unknown }).command === 'string' ? String((user.exec as { command: string }).command) : '';
  const seen = { command, exitCode: null as number | null, timedOut: false, notFound: false };
  instrumentExec(kc, execTimeoutMs, seen);
  const opts: https.RequestOptions = {};
  try {
    await kc.applyToHTTPSOptions(opts);
  } catch (e) {
    if (command !== '') {
      if (seen.timedOut) throw new CredentialError({ kind: 'exec-timeout', command, timeoutMs: execTimeoutMs });
      if (seen.notFound) throw new CredentialError({ kind: 'exec-not-found', command });
      if (e instanceof SyntaxError) throw new CredentialError({ kind: 'exec-bad-output', command });
      // The plugin's stderr is in the error message; it may hold a token, so it is not kept.
      throw new CredentialError({ kind: 'exec-failed', command, exitCode: seen.exitCode });
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EACCES') throw new CredentialError({ kind: 'file-unreadable', detail: `${err.code}: ${err.path ?? ''}` });
    throw new CredentialError({ kind: 'other', detail: 'the credentials of the current user could not be prepared' });
  }
  const headers = (opts.headers ?? {}) as Record<string, unknown>;
  let authorization: string | null = null;
  const extra: NameValue[] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === 'authorization') authorization = String(v).trim();
    else extra.push({ name: k, value: String(v) });
  }
  if (authorization === null && typeof opts.auth === 'string' && opts.auth !== 'undefined:undefined') {
    authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  }
  const toBuf = (v: unknown): Buffer | undefined => (v === undefined || v === null ? undefined : Buffer.isBuffer(v) ? v : Buffer.from(String(v)));
  const creds: TransportCredentials = {
    rejectUnauthorized: opts.rejectUnauthorized !== false,
    authorization,
    maskedAuthorization: authorization === null ? null : maskAuthorization(authorization),
    extraHeaders: extra,
  };
  const ca = toBuf(opts.ca);
  const cert = toBuf(opts.cert);
  const key = toBuf(opts.key);
  if (ca) creds.ca = ca;
  if (cert) creds.cert = cert;
  if (key) creds.key = key;
  if (typeof opts.servername === 'string') creds.servername = opts.servername;
  return creds;
}

/** kubectl's wording for a credential that could not be prepared. */
export function credentialStageError(p: CredentialProblem): StageError {
  const base = { kind: 'auth-plugin' as const, hint: 'Run the credential plugin by hand to see its own message, and check it is installed, on PATH and logged in.' };
  switch (p.kind) {
    case 'exec-failed':
      return { ...base, message: `The exec credential plugin "${p.command}" failed (exit code ${p.exitCode ?? 'unknown'}); its output is not shown because it may contain a token.`, kubectlMessage: `Unable to connect to the server: getting credentials: exec: executable ${p.command} failed with exit code ${p.exitCode ?? 1}` };
    case 'exec-not-found':
      return { ...base, message: `The exec credential plugin "${p.command}" was not found.`, kubectlMessage: `Unable to connect to the server: getting credentials: exec: executable ${p.command} not found` };
    case 'exec-timeout':
      return { ...base, message: `The exec credential plugin "${p.command}" did not finish within ${Math.round(p.timeoutMs / 1000)} s and was stopped.`, hint: 'The plugin may be waiting for an interactive login; log in with it in a terminal first.' };
    case 'exec-bad-output':
      return { ...base, message: `The exec credential plugin "${p.command}" did not print a valid ExecCredential JSON.`, kubectlMessage: `Unable to connect to the server: getting credentials: decoding stdout: couldn't get version/kind; json parse error` };
    case 'file-unreadable':
      return { kind: 'kubeconfig-invalid', message: `A credential file referenced by the kubeconfig could not be read (${p.detail}).`, hint: 'Check client-certificate, client-key and token-file paths.' };
    case 'other':
      return { ...base, message: `The credentials could not be prepared: ${p.detail}.` };
  }
}
