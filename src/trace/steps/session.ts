// The runtime of one trace: what the steps hold that is not data — the loaded KubeConfig (with its
// secrets), the open connection — plus the numbering of exchanges in the order they were sent.
// Nothing in here reaches a stage or a presenter except the exchanges, which are already masked.
import { randomUUID } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubectlSelection } from '../../kube/kubectl-config.js';
import { ObservedClient, type ObservedResponse, type TransportCredentials } from '../../kube/observed-http.js';
import type { HttpExchange } from '../../kube/types.js';

export const BODY_PREVIEW_BYTES = 4096;

export interface LoadedKube {
  /** Only the selected context's view (client-node's; the sandbox's glass box reads it). */
  kc: KubeConfig;
  /** The context, cluster and user as kubectl reads them: what the credentials are built from. */
  selection: KubectlSelection;
  server: string;
  clusterName: string;
}

export class TraceSession {
  private readonly kept = new Map<number, string>();

  /** With `keepBodies`, every response body is kept whole (for a recording). */
  constructor(private readonly keepBodies = false) {}

  /** The whole bodies kept, by exchange id (base64 when not UTF-8 text). */
  bodies(): ReadonlyMap<number, string> {
    return this.kept;
  }

  /** kubectl sends one Kubectl-Session per invocation. */
  readonly kubectlSession = randomUUID();
  private nextId = 1;
  private readonly sent: HttpExchange[] = [];
  private readonly clients: ObservedClient[] = [];
  private loaded: LoadedKube | null = null;
  private main: ObservedClient | null = null;

  setKube(k: LoadedKube): void {
    this.loaded = k;
  }

  /** The kubeconfig the config step loaded; the step order guarantees it is there. */
  kube(): LoadedKube {
    if (this.loaded === null) throw new Error('kube-trace step order: the kubeconfig is not loaded yet');
    return this.loaded;
  }

  private creds: TransportCredentials | null = null;

  /** kubectl's connection, with the credentials prepared for it. */
  private env: Record<string, string | undefined> = {};

  connect(creds: TransportCredentials, env: Record<string, string | undefined>): void {
    this.creds = creds;
    this.env = env;
    this.main = this.track(new ObservedClient(this.kube().server, creds, { env }));
  }

  /**
   * A connection of its own, with the same credentials, for a request that is not kubectl's (or is
   * another process's, such as the kubectl dispatcher's): kubectl's own connection keeps its timings.
   */
  separateClient(): ObservedClient {
    if (this.creds === null) throw new Error('kube-trace step order: the credentials are not prepared yet');
    return this.track(new ObservedClient(this.kube().server, this.creds, { env: this.env }));
  }

  /** kubectl's connection (the connect step opened it). */
  client(): ObservedClient {
    if (this.main === null) throw new Error('kube-trace step order: there is no connection yet');
    return this.main;
  }

  track(c: ObservedClient): ObservedClient {
    this.clients.push(c);
    return c;
  }

  close(): void {
    for (const c of this.clients) c.close();
  }

  /**
   * The secret values this run's connection carries (the Authorization value and its credential, a
   * Basic password, the client key, a proxy URL's password), so that a recorder can scrub them from
   * what it writes. Never shown.
   */
  secretValues(): string[] {
    const c = this.creds;
    if (c === null) return [];
    const out: string[] = [];
    if (c.authorization) {
      out.push(c.authorization);
      const [scheme, credential] = c.authorization.split(' ', 2);
      if (credential) {
        out.push(credential);
        if (scheme?.toLowerCase() === 'basic') {
          const pair = Buffer.from(credential, 'base64').toString('utf8');
          const colon = pair.indexOf(':');
          if (colon >= 0 && colon < pair.length - 1) out.push(pair.slice(colon + 1));
        }
      }
    }
    if (c.key) out.push(c.key.toString('utf8'));
    if (c.proxyUrl) {
      try {
        const password = decodeURIComponent(new URL(c.proxyUrl).password);
        if (password) out.push(password);
      } catch {
        // not a URL: nothing to scrub from it
      }
    }
    return out;
  }

  /** Every exchange, in the order sent. */
  exchanges(): HttpExchange[] {
    return [...this.sent];
  }

  /** Numbers and records one exchange (masked headers, a bounded body preview). */
  record(r: ObservedResponse, meta: Pick<HttpExchange, 'by' | 'purpose' | 'method'> & { requestBody?: string }): HttpExchange {
    const text = r.body ? r.body.subarray(0, BODY_PREVIEW_BYTES).toString('utf8') : '';
    const ex: HttpExchange = {
      id: this.nextId++,
      by: meta.by,
      purpose: meta.purpose,
      method: meta.method,
      url: r.url,
      requestHeaders: r.requestHeaders,
      status: r.status,
      statusText: r.statusText,
      httpVersion: r.httpVersion,
      responseHeaders: r.responseHeaders,
      bodyBytes: r.bodyBytes,
      bodyPreview: r.body && r.body.length > BODY_PREVIEW_BYTES ? `${text}…` : text,
      timings: r.timings,
    };
    if (meta.requestBody !== undefined) ex.requestBody = meta.requestBody;
    if (r.remoteAddress) ex.remoteAddress = r.remoteAddress;
    if (r.tls) ex.tls = r.tls;
    ex.at = new Date().toISOString();
    if (r.connection) ex.connection = r.connection;
    if (r.redirects.length > 0) ex.redirects = r.redirects;
    if (r.warnings.length > 0) ex.warnings = r.warnings;
    if (r.failure) ex.error = `${r.failure.kind}: ${r.failure.code}`;
    this.sent.push(ex);
    if (this.keepBodies && r.body) this.kept.set(ex.id, r.body.toString('utf8'));
    return ex;
  }
}
