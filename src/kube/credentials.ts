// The credentials of the selected context, read and applied as kubectl reads and applies them
// (client-go clientcmd + rest + transport), and kept out of anything that is displayed:
// - Over plain http:// kubectl sends no credentials at all (clientcmd: "only try to read the auth
//   information if we are secure"); impersonation headers still go.
// - token, else tokenFile (read when the kubeconfig is loaded: a missing file stops kubectl there; with
//   both, the file's trimmed content wins at request time when it can be read); username/password as
//   Basic; client certificate and key (files or data, checked as Go's tls.X509KeyPair checks them);
//   certificate-authority(-data), insecure-skip-tls-verify, tls-server-name, proxy-url,
//   disable-compression; as / as-uid / as-groups / as-user-extra as Impersonate-* headers.
// - auth-provider: oidc with a valid id-token is sent as kubectl sends it; a refresh goes through
//   client-node's public API; gcp and azure were removed from kubectl (its words); others are unknown.
// - exec: kube-trace's own runner (exec-credential.ts), with client-go's rules.
// Errors carry kubectl's wording and the stage kubectl fails at: loading the kubeconfig (before any
// request) or sending the request.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type https from 'node:https';
import { EXEC_API_VERSIONS, execGoMessage, ExecCredentialError, runExecPlugin, type ExecProblem } from './exec-credential.js';
import { confirmUsable, configurationStageError, selectionFromKubeConfig, type KubectlAuthInfo, type KubectlCluster, type KubectlSelection, type UsabilityProblem } from './kubectl-config.js';
import type { TransportCredentials } from './observed-http.js';
import type { NameValue, StageError } from './types.js';

export const EXEC_PLUGIN_TIMEOUT_MS = 30_000;

export type CredentialProblem =
  /** kubectl's ConfirmUsable refused the context (kubectl-config.ts confirmUsable). */
  | { kind: 'configuration'; problems: UsabilityProblem[] }
  | { kind: 'exec'; exec: ExecProblem }
  /** kubectl fails before sending anything, printing "error: <goMessage>". */
  | { kind: 'config'; goMessage: string }
  /** A credential that cannot be a header value (e.g. a token file holding only a line break). */
  | { kind: 'invalid-header'; header: string }
  /** An auth-provider that failed at request time (an OIDC refresh), worded by kube-trace. */
  | { kind: 'auth-provider'; name: string; detail: string }
  | { kind: 'other'; detail: string };

export class CredentialError extends Error {
  constructor(
    readonly problem: CredentialProblem,
    /** Where kubectl stops: while loading the kubeconfig (before any request) or while sending. */
    readonly kubectlStage: 'kubeconfig' | 'request',
  ) {
    super(problem.kind);
  }
}

export interface CredentialOptions {
  /** The environment exec plugins inherit (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether kube-trace's stdin is a terminal (an exec plugin's interactiveMode depends on it). */
  stdinIsTerminal?: boolean;
}

const configError = (goMessage: string): CredentialError => new CredentialError({ kind: 'config', goMessage }, 'kubeconfig');

function fileError(path: string, e: unknown): string {
  const err = e as { code?: unknown; message?: unknown } | null | undefined;
  const code = err?.code;
  return `open ${path}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String(err?.message ?? e)}`;
}

function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw configError(fileError(path, e));
  }
}

function pemBlocks(pem: Buffer): { type: string; text: string }[] {
  const out: { type: string; text: string }[] = [];
  for (const [text, type] of pem.toString('latin1').matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)) if (type !== undefined) out.push({ type, text });
  return out;
}

/** Go's tls.X509KeyPair, with its wording for the failures people meet. */
function checkKeyPair(cert: Buffer, key: Buffer): void {
  const certBlocks = pemBlocks(cert);
  if (certBlocks.length === 0) throw configError('tls: failed to find any PEM data in certificate input');
  const firstCert = certBlocks.find((b) => b.type === 'CERTIFICATE');
  if (!firstCert) throw configError(`tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${certBlocks.map((b) => b.type).join(' ')}]`);
  const keyBlocks = pemBlocks(key);
  if (keyBlocks.length === 0) throw configError('tls: failed to find any PEM data in key input');
  const keyBlock = keyBlocks.find((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY'));
  if (!keyBlock) {
    if (keyBlocks.some((b) => b.type === 'CERTIFICATE')) throw configError('tls: found a certificate rather than a key in the PEM for the private key');
    throw configError(`tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${keyBlocks.map((b) => b.type).join(' ')}]`);
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(firstCert.text);
  } catch {
    throw configError('x509: malformed certificate');
  }
  let k: ReturnType<typeof createPrivateKey>;
  try {
    k = createPrivateKey(keyBlock.text);
  } catch {
    throw configError('tls: failed to parse private key');
  }
  if (!x509.checkPrivateKey(k)) throw configError('tls: private key does not match public key');
}

/** client-go's CA loading (x509.CertPool.AppendCertsFromPEM): at least one certificate must parse. */
function checkCa(ca: Buffer): void {
  const ok = pemBlocks(ca).some((b) => {
    if (b.type !== 'CERTIFICATE') return false;
    try {
      new X509Certificate(b.text);
      return true;
    } catch {
      return false;
    }
  });
  if (!ok) throw configError('unable to load root certificates: unable to parse bytes as PEM block');
}

// client-go's impersonation header keys: bytes outside RFC 7230's token set (and "%") are %-escaped.
function headerKeyEscape(key: string): string {
  let out = '';
  for (const b of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[!#$&'*+\-.^_`|~0-9A-Za-z]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The Impersonate-* headers client-go's impersonating round tripper adds, in its order (extra keys sorted). */
export function impersonationHeaders(a: KubectlAuthInfo): NameValue[] {
  if (a.impersonate === '' && a.impersonateUid === '' && a.impersonateGroups.length === 0 && Object.keys(a.impersonateUserExtra).length === 0) return [];
  const out: NameValue[] = [];
  if (a.impersonate !== '') out.push({ name: 'Impersonate-User', value: a.impersonate });
  if (a.impersonateUid !== '') out.push({ name: 'Impersonate-Uid', value: a.impersonateUid });
  for (const g of a.impersonateGroups) out.push({ name: 'Impersonate-Group', value: g });
  for (const k of Object.keys(a.impersonateUserExtra).sort()) for (const v of a.impersonateUserExtra[k] ?? []) out.push({ name: `Impersonate-Extra-${headerKeyEscape(k)}`, value: v });
  return out;
}

function maskAuthorization(value: string): string {
  const space = value.indexOf(' ');
  const scheme = space > 0 ? value.slice(0, space) : 'Bearer';
  return `${scheme} <masked>`;
}

/** Go's httpguts.ValidHeaderFieldValue: no control characters but tab. */
function validHeaderValue(v: string): boolean {
  return !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(v);
}

const REMOVED_PROVIDERS: Record<string, string> = {
  gcp: 'The gcp auth plugin has been removed.\nPlease use the "gke-gcloud-auth-plugin" kubectl/client-go credential plugin instead.\nSee https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke for further details',
  azure: 'The azure auth plugin has been removed.\nPlease use the https://github.com/Azure/kubelogin kubectl/client-go credential plugin instead.\nSee https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins for further details',
};

/** What kubectl does with these credentials that a trace should be able to say. */
export interface CredentialFacts {
  /** How the request authenticates, as kubectl would. */
  source: 'client-certificate' | 'token' | 'tokenFile' | 'basic' | 'exec' | 'auth-provider' | 'none';
  /** http://: kubectl withholds every credential (no token, no client certificate). */
  withheldOnPlainHttp: boolean;
  /** No credentials on an https:// server: kubectl asks "Please enter Username:" on the terminal (kube-trace cannot). */
  promptsForBasicAuth: boolean;
  /** token and tokenFile both set: the file's content is what goes out. */
  tokenFileOverridesToken: boolean;
  /** The exec plugin's credential came from this process's cache (client-go caches until expirationTimestamp). */
  execFromCache?: boolean;
  /** kubectl would have run the exec plugin interactively (IfAvailable on a terminal). */
  execWouldBeInteractive?: boolean;
}

export interface PreparedCredentials {
  creds: TransportCredentials;
  facts: CredentialFacts;
  /** Still to run at request time (exec plugin or an auth provider that needs client-node). */
  pending: 'exec' | 'auth-provider' | null;
}

function isSecure(server: string): boolean {
  try {
    return new URL(server).protocol === 'https:';
  } catch {
    return false;
  }
}

function jwtExpired(token: string): boolean {
  const part = token.split('.')[1];
  if (!part) return true;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown };
    // client-go's oidc provider refreshes 10 s before expiry.
    return typeof claims.exp !== 'number' || Date.now() + 10_000 > claims.exp * 1000;
  } catch {
    return true;
  }
}

/**
 * Everything kubectl does with the credentials before it sends a request: validates the context
 * (ConfirmUsable), reads token files and key pairs, checks them, builds the headers. Throws CredentialError (kubectlStage 'kubeconfig') with
 * kubectl's wording. Exec plugins and auth-provider refreshes are left for credentialsFor.
 */
export function prepareCredentials(source: KubeConfig | KubectlSelection): PreparedCredentials {
  const sel = source instanceof KubeConfig ? selectionFromKubeConfig(source) : source;
  // kubectl validates the context before it reads any credential (ClientConfig → ConfirmUsable).
  const problems = confirmUsable(sel);
  if (problems.length > 0) throw new CredentialError({ kind: 'configuration', problems }, 'kubeconfig');
  const c: KubectlCluster = sel.cluster;
  const a: KubectlAuthInfo = sel.user;
  const base: TransportCredentials = {
    rejectUnauthorized: true,
    authorization: null,
    maskedAuthorization: null,
    extraHeaders: impersonationHeaders(a),
    ...(c.disableCompression ? { disableCompression: true } : {}),
    ...(c.proxyUrl !== '' ? { proxyUrl: c.proxyUrl } : {}),
  };
  const facts: CredentialFacts = { source: 'none', withheldOnPlainHttp: false, promptsForBasicAuth: false, tokenFileOverridesToken: false };
  if (!isSecure(c.server)) {
    const hasAny = a.token !== '' || a.tokenFile !== '' || a.username !== '' || a.clientCertificate !== '' || a.clientCertificateData !== '' || a.exec !== null || a.authProvider !== null;
    facts.withheldOnPlainHttp = hasAny;
    return { creds: base, facts, pending: null };
  }
  const creds: TransportCredentials = { ...base, rejectUnauthorized: !c.insecureSkipTlsVerify };
  // Server identification.
  const ca = c.certificateAuthorityData !== '' ? Buffer.from(c.certificateAuthorityData, 'base64') : c.certificateAuthority !== '' ? readFile(c.certificateAuthority) : null;
  if (ca) {
    if (c.insecureSkipTlsVerify) throw configError('specifying a root certificates file with the insecure flag is not allowed');
    checkCa(ca);
    creds.ca = ca;
  }
  if (c.tlsServerName !== '') creds.servername = c.tlsServerName;
  // Client certificate (data overrides file, as kubectl's validation says).
  const certPem = a.clientCertificateData !== '' ? Buffer.from(a.clientCertificateData, 'base64') : a.clientCertificate !== '' ? readFile(a.clientCertificate) : null;
  const keyPem = a.clientKeyData !== '' ? Buffer.from(a.clientKeyData, 'base64') : a.clientKey !== '' ? readFile(a.clientKey) : null;
  if (certPem && keyPem) {
    checkKeyPair(certPem, keyPem);
    creds.cert = certPem;
    creds.key = keyPem;
    facts.source = 'client-certificate';
  } else if (certPem) throw configError(`client-key-data or client-key must be specified for ${a.name} to use the clientCert authentication method.`);
  // Bearer token: token, else tokenFile read now (kubectl fails here when it cannot read it).
  let token: string | null = null;
  if (a.token !== '') {
    token = a.token;
    facts.source = 'token';
    if (a.tokenFile !== '') {
      // client-go's CachedFileTokenSource: at request time the trimmed file content wins when it can be read.
      try {
        const fromFile = readFileSync(a.tokenFile, 'utf8').trim();
        if (fromFile !== '') {
          token = fromFile;
          facts.tokenFileOverridesToken = true;
          facts.source = 'tokenFile';
        }
      } catch {
        // unreadable: kubectl keeps the inline token
      }
    }
  } else if (a.tokenFile !== '') {
    const raw = readFile(a.tokenFile).toString('utf8');
    // Trimmed when the round tripper reads it; an empty trimmed token falls back to the raw content.
    token = raw.trim() !== '' ? raw.trim() : raw;
    facts.source = 'tokenFile';
  }
  if (token !== null) {
    creds.authorization = `Bearer ${token}`;
  } else if (a.username !== '' || a.password !== '') {
    creds.authorization = `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`;
    facts.source = 'basic';
  }
  if (creds.authorization !== null) {
    if (!validHeaderValue(creds.authorization)) throw new CredentialError({ kind: 'invalid-header', header: 'Authorization' }, 'request');
    creds.maskedAuthorization = maskAuthorization(creds.authorization);
  }
  let pending: PreparedCredentials['pending'] = null;
  if (a.authProvider) {
    const name = a.authProvider.name;
    const removed = REMOVED_PROVIDERS[name];
    if (removed) throw configError(removed);
    if (name !== 'oidc') throw configError(`no Auth Provider found for name ${JSON.stringify(name)}`);
    if (!a.authProvider.config['idp-issuer-url']) throw configError('Must provide idp-issuer-url');
    if (!a.authProvider.config['client-id']) throw configError('Must provide client-id');
    if (creds.authorization === null) {
      const idToken = a.authProvider.config['id-token'] ?? '';
      if (idToken !== '' && !jwtExpired(idToken)) {
        creds.authorization = `Bearer ${idToken}`;
        creds.maskedAuthorization = 'Bearer <masked>';
      } else pending = 'auth-provider';
      if (facts.source === 'none' || facts.source === 'client-certificate') facts.source = 'auth-provider';
    }
  }
  if (a.exec && creds.authorization === null && pending === null) {
    // client-go refuses an unknown apiVersion when it builds the transport, before any request.
    if (!(EXEC_API_VERSIONS as readonly string[]).includes(a.exec.apiVersion)) throw new CredentialError({ kind: 'exec', exec: { kind: 'bad-api-version', command: a.exec.command, apiVersion: a.exec.apiVersion } }, 'kubeconfig');
    // A token or basic auth set beside exec wins: client-go's exec round tripper leaves an Authorization alone.
    pending = 'exec';
    if (facts.source === 'none') facts.source = 'exec';
  }
  facts.promptsForBasicAuth = facts.source === 'none';
  return { creds, facts, pending };
}

/** An OIDC id-token refresh through client-node's public API (KubeConfig + applyToHTTPSOptions). */
async function refreshOidc(sel: KubectlSelection): Promise<string | null> {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: sel.cluster.server, skipTLSVerify: true }],
    users: [{ name: 'u', authProvider: sel.user.authProvider }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const h = (opts.headers ?? {}) as Record<string, unknown>;
  const v = Object.entries(h).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/**
 * The transport credentials for the selected context, exec plugin run (bounded by execTimeoutMs).
 * Pass the KubectlSelection (selectContext) to have every kubectl field; a client-node KubeConfig
 * works too, with the fields client-node keeps.
 */
export async function credentialsFor(source: KubeConfig | KubectlSelection, execTimeoutMs: number = EXEC_PLUGIN_TIMEOUT_MS, opts: CredentialOptions = {}): Promise<TransportCredentials & { facts: CredentialFacts }> {
  const sel = source instanceof KubeConfig ? selectionFromKubeConfig(source) : source;
  const prepared = prepareCredentials(sel);
  const { creds, facts } = prepared;
  if (prepared.pending === 'exec' && sel.user.exec) {
    try {
      const r = await runExecPlugin(sel.user.exec, { timeoutMs: execTimeoutMs, cluster: sel.cluster, ...(opts.stdinIsTerminal !== undefined ? { stdinIsTerminal: opts.stdinIsTerminal } : {}), ...(opts.env ? { env: opts.env } : {}) });
      if (r.token) {
        creds.authorization = `Bearer ${r.token}`;
        creds.maskedAuthorization = 'Bearer <masked>';
        if (!validHeaderValue(creds.authorization)) throw new CredentialError({ kind: 'invalid-header', header: 'Authorization' }, 'request');
      }
      if (r.clientCertificateData && r.clientKeyData && !creds.cert) {
        creds.cert = Buffer.from(r.clientCertificateData);
        creds.key = Buffer.from(r.clientKeyData);
      }
      facts.execFromCache = r.fromCache;
      facts.execWouldBeInteractive = r.kubectlWouldBeInteractive;
    } catch (e) {
      if (e instanceof ExecCredentialError) throw new CredentialError({ kind: 'exec', exec: e.problem }, e.problem.kind === 'bad-api-version' ? 'kubeconfig' : 'request');
      throw e;
    }
  } else if (prepared.pending === 'auth-provider') {
    let v: string | null;
    try {
      v = await refreshOidc(sel);
    } catch (e) {
      // client-node's message may quote the identity provider's answer; keep only its first line.
      const detail = ((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '').slice(0, 200);
      throw new CredentialError({ kind: 'auth-provider', name: 'oidc', detail }, 'request');
    }
    if (v !== null) {
      creds.authorization = v;
      creds.maskedAuthorization = maskAuthorization(v);
    }
  }
  return { ...creds, facts };
}

/** kubectl's wording for a credential that could not be prepared. */
export function credentialStageError(p: CredentialProblem): StageError {
  const plugin = { kind: 'auth-plugin' as const, hint: 'Run the credential plugin by hand to see its own message, and check it is installed, on PATH and logged in.' };
  const connect = (m: string): string => `Unable to connect to the server: getting credentials: ${m}`;
  switch (p.kind) {
    case 'configuration':
      return configurationStageError(p.problems);
    case 'exec': {
      const x = p.exec;
      const go = execGoMessage(x);
      const withKubectl = (e: Omit<StageError, 'kubectlMessage'>): StageError => (go === null ? e : { ...e, kubectlMessage: x.kind === 'bad-api-version' ? `error: ${go}` : connect(go) });
      switch (x.kind) {
        case 'not-found':
          return withKubectl({ ...plugin, message: `The exec credential plugin "${x.command}" is not on PATH.`, hint: x.installHint !== '' ? `The kubeconfig says how to install it: ${x.installHint}` : 'Install the plugin (see the exec command in the user entry) or fix its name.' });
        case 'start-failed':
          return withKubectl({ ...plugin, message: `The exec credential plugin "${x.command}" could not be started (${x.goMessage.replace(/^fork\/exec [^:]+: /, '')}).`, hint: 'Check the command path in the user entry and that the file is executable.' });
        case 'exit':
          return withKubectl({ ...plugin, message: `The exec credential plugin "${x.command}" failed (exit code ${x.exitCode}); its output is not shown because it may contain a token.` });
        case 'timeout':
          return { ...plugin, message: `The exec credential plugin "${x.command}" did not finish within ${Math.round(x.timeoutMs / 1000)} s and was stopped, with every process it started.`, hint: 'The plugin may be waiting for an interactive login; log in with it in a terminal first.' };
        case 'output-too-large':
          return { ...plugin, message: `The exec credential plugin "${x.command}" printed more than ${Math.round(x.limitBytes / (1024 * 1024))} MiB and was stopped: kube-trace's own limit for a credential (kubectl has none and would read on).`, hint: 'A credential is a few KiB of JSON; the plugin is printing something else (a log, a loop). Run it by hand.' };
        case 'bad-output':
          return withKubectl({ ...plugin, message: `The exec credential plugin "${x.command}" did not print a usable ExecCredential${x.goMessage ? ` (${x.goMessage})` : ''}.`, hint: 'Run the plugin by hand: it must print an ExecCredential JSON with the apiVersion of the user entry and a status with a token or a client certificate and key.' });
        case 'interactive':
          return withKubectl({ ...plugin, message: `The exec credential plugin "${x.command}" has interactiveMode: Always and needs the terminal, ${x.goMessage ? 'and there is none' : "which kube-trace's UI holds"}.`, hint: 'Log in with the plugin in a terminal first, or use interactiveMode: IfAvailable.' });
        case 'bad-api-version':
          return withKubectl({ kind: 'kubeconfig-invalid', message: `The exec plugin's apiVersion "${x.apiVersion}" is not one kubectl knows (client.authentication.k8s.io/v1 or v1beta1).`, hint: 'Set exec.apiVersion to client.authentication.k8s.io/v1 (v1alpha1 was removed in Kubernetes 1.24).' });
      }
      break;
    }
    case 'config':
      return { kind: 'kubeconfig-invalid', message: `The credentials in this kubeconfig cannot be used, so kubectl sends nothing: ${(p.goMessage.split('\n')[0] ?? '').replace(/\.$/, '')}.`, hint: 'Check the files and *-data fields of the user and cluster entries (`kubectl config view --minify --raw` shows what kubectl reads).', kubectlMessage: `error: ${p.goMessage}` };
    case 'invalid-header':
      return { kind: 'kubeconfig-invalid', message: `The token cannot be sent: it contains a line break or another control character (an empty token file?), which HTTP headers cannot carry.`, hint: 'Check the token or the tokenFile of the user entry.', kubectlMessage: `Unable to connect to the server: net/http: invalid header field value for "${p.header}"` };
    case 'auth-provider':
      return { ...plugin, message: `The ${p.name} auth provider could not refresh its token: ${p.detail}.`, hint: 'Log in again with your OIDC tool so the kubeconfig holds a fresh id-token, or switch to an exec credential plugin (kubelogin).' };
    case 'other':
      return { ...plugin, message: `The credentials could not be prepared: ${p.detail}.` };
  }
  return { ...plugin, message: 'The credentials could not be prepared.' };
}
