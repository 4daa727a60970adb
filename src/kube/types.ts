// Types the kube layer owns: header pairs, HTTP exchanges and their timings, kubeconfig files and the
// masked summaries of credentials. The trace contract (src/trace/types.ts) re-exports them.

/** Which class of failure stopped the trace; the renderers pick wording and exit codes by it. */
export type ErrorKind =
  | 'usage' // bad argv
  | 'no-kubeconfig'
  | 'kubeconfig-invalid' // unreadable/malformed file, unknown context, missing cluster/user
  | 'auth-plugin' // exec plugin / auth provider failed or hung
  | 'dns'
  | 'connection-refused'
  | 'timeout'
  | 'tls'
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not-found' // 404 (e.g. an unknown resource type)
  | 'bad-request' // 400 (bad selector, bad continue token)
  | 'server-error' // 5xx
  | 'bad-response' // truncated body, not JSON, too large, closed mid-stream
  | 'internal';

export interface StageError {
  kind: ErrorKind;
  /** One plain sentence: what went wrong. Never a stack trace, never a secret. */
  message: string;
  /** What to try next. */
  hint: string;
  /** The line kubectl itself prints for the same failure, when it has one. */
  kubectlMessage?: string;
}

export interface NameValue {
  name: string;
  value: string;
}

export interface KubeconfigFile {
  path: string;
  exists: boolean;
  source: 'flag' | 'KUBECONFIG' | 'default' | 'sandbox';
}

export interface CertificateSummary {
  subjectCN: string;
  organizations: string[];
  issuerCN: string;
  notBefore: string; // ISO 8601
  notAfter: string; // ISO 8601
  expired: boolean;
  source: 'file' | 'data';
  file?: string;
}

export interface TokenSummary {
  kind: 'jwt' | 'opaque';
  length: number;
  /** Non-secret JWT claims, only for teaching (iss, sub, exp). */
  claims?: { iss?: string; sub?: string; exp?: string };
  source: 'token' | 'token-file' | 'exec' | 'auth-provider';
}

export type AuthKind = 'client-certificate' | 'token' | 'token-file' | 'exec' | 'auth-provider' | 'basic' | 'none';

export interface AuthSummary {
  kind: AuthKind;
  /** Human-readable lines, already masked ("token: Bearer <masked> (JWT, 812 chars)"). */
  details: NameValue[];
  clientCertificate?: CertificateSummary;
  token?: TokenSummary;
  exec?: { command: string; args: string[]; apiVersion: string; envNames: string[] };
  authProvider?: { name: string };
  /** as / as-uid / as-groups / as-user-extra (keys only: values may be sensitive): sent as Impersonate-* headers. */
  impersonate?: { user: string; uid?: string; groups: string[]; extraKeys: string[] };
}

export interface ServerTrust {
  kind: 'ca-file' | 'ca-data' | 'system-roots' | 'insecure-skip-verify';
  caFile?: string;
  ca?: CertificateSummary;
  tlsServerName?: string;
}

// ---------------------------------------------------------------- HTTP exchanges

/** The HTTP version a request went out on: h2 when the server offered it by ALPN, as Go's transport does. */
export type HttpProtocol = 'h2' | 'http/1.1';

export interface HttpTimings {
  /** Milliseconds; null where the phase did not happen (e.g. a reused connection has no TLS). */
  dnsMs: number | null;
  /** TCP connect (to the proxy, when there is one). */
  connectMs: number | null;
  /** The proxy's own handshake (HTTP CONNECT or SOCKS5) after the TCP connect; null without a proxy. */
  proxyMs?: number | null;
  tlsMs: number | null;
  ttfbMs: number | null; // request written → first response byte
  downloadMs: number | null;
  totalMs: number;
  reusedConnection: boolean;
}

/** The proxy a connection went through, as it may be shown (credentials masked). */
export interface ProxyInfo {
  kind: 'http' | 'https' | 'socks5';
  /** The proxy URL with its password shown as *** (Go's net/http masking). */
  url: string;
  /** Where the proxy came from: the cluster's proxy-url, or an environment variable (Go's ProxyFromEnvironment). */
  source: 'proxy-url' | 'HTTPS_PROXY' | 'https_proxy' | 'HTTP_PROXY' | 'http_proxy';
}

/** The connection one exchange used. */
export interface ConnectionInfo {
  /** 1-based number of the connection within this client (a new number = a new TCP connection). */
  id: number;
  protocol: HttpProtocol;
  /** What ALPN agreed on (null: the server chose nothing, or plain http://). */
  alpn: string | null;
  reused: boolean;
  /** Why this is HTTP/1.1 when it is (kubectl speaks h2 to kube-apiserver). */
  protocolNote?: string;
  proxy?: ProxyInfo;
  /** The server sent GOAWAY on this connection during the exchange; the next request opens a new connection. */
  goAway?: { errorCode: number; lastStreamId: number };
}

/** One parsed `Warning:` response header value (RFC 7234 form: code agent "text"). */
export interface KubeWarning {
  code: number;
  agent: string;
  text: string;
}

/** A response that redirected the request (Go follows up to 10; client-go re-sends the credentials to the new host). */
export interface RedirectHop {
  status: number;
  /** The URL that answered with the redirect (masked). */
  url: string;
  /** Where it sent the request next (masked). */
  location: string;
  /** Whether the next request went to another host (scheme, host and port). */
  crossHost: boolean;
  /** Whether the credentials (Authorization or a client certificate) went along to the next URL. */
  credentialsResent: boolean;
  responseHeaders: NameValue[];
  connection: ConnectionInfo;
  timings: HttpTimings;
}

export interface HttpExchange {
  id: number;
  /** kubectl's own requests vs the extra ones kube-trace sends to show more. */
  by: 'kubectl' | 'kube-trace';
  purpose: 'version' | 'discovery' | 'list' | 'get' | 'namespace' | 'self-subject-review' | 'self-subject-access-review' | 'glass-box' | 'watch' | 'openapi' | 'write' | 'wait';
  method: string;
  url: string;
  requestHeaders: NameValue[]; // Authorization masked
  requestBody?: string;
  status: number | null; // null when no response arrived
  statusText: string;
  httpVersion: string;
  responseHeaders: NameValue[];
  bodyBytes: number;
  /** At most a few KiB of the body, for display. */
  bodyPreview: string;
  timings: HttpTimings;
  remoteAddress?: string;
  tls?: { protocol: string; cipher: string; peerSubjectCN: string; peerIssuerCN: string; authorized: boolean; alpn?: string | null };
  error?: string;
  /** When the response was complete (ISO 8601): kubectl's clock for what it computes itself (AGE from objects). */
  at?: string;
  /** How the request travelled: protocol, connection reuse, proxy, GOAWAY. */
  connection?: ConnectionInfo;
  /** Redirects followed before the final response, in order. */
  redirects?: RedirectHop[];
  /** Parsed Warning headers of the final response (kubectl prints code-299 ones as `Warning: <text>`). */
  warnings?: KubeWarning[];
}
