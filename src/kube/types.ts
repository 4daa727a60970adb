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
}

export interface ServerTrust {
  kind: 'ca-file' | 'ca-data' | 'system-roots' | 'insecure-skip-verify';
  caFile?: string;
  ca?: CertificateSummary;
  tlsServerName?: string;
}

// ---------------------------------------------------------------- HTTP exchanges

export interface HttpTimings {
  /** Milliseconds; null where the phase did not happen (e.g. a reused connection has no TLS). */
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  ttfbMs: number | null; // request written → first response byte
  downloadMs: number | null;
  totalMs: number;
  reusedConnection: boolean;
}

export interface HttpExchange {
  id: number;
  /** kubectl's own requests vs the extra ones kube-trace sends to show more. */
  by: 'kubectl' | 'kube-trace';
  purpose: 'version' | 'discovery' | 'list' | 'get' | 'namespace' | 'self-subject-review' | 'self-subject-access-review' | 'glass-box';
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
  tls?: { protocol: string; cipher: string; peerSubjectCN: string; peerIssuerCN: string; authorized: boolean };
  error?: string;
}
