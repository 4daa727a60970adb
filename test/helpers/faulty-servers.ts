// Faulty Kubernetes API servers on 127.0.0.1, for the fault matrix and the secret-leak tests: a
// fixture-backed HTTPS server that behaves like kube-apiserver v1.28 (real captured bodies) until the
// request a fault is aimed at, plus raw TCP servers for faults below HTTP (silence, refused ports).
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import https from 'node:https';
import { gzipSync } from 'node:zlib';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createCa, issue, type Issued, type TestCa } from '../trace/helpers/pki.js';

const HTTP_FIXTURES = fileURLToPath(new URL('../fixtures/real-apiserver/http/', import.meta.url));
const fixture = (name: string): string => readFileSync(`${HTTP_FIXTURES}${name}.json`, 'utf8');

const AGGREGATED_CT = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

export type Fault =
  | 'none'
  | 'unauthorized' // 401 on every request (kube-apiserver's Status body)
  | 'forbidden-namespace' // the list is denied in the namespace (jane's captured 403)
  | 'forbidden-cluster' // the list is denied cluster-wide (-A)
  | 'no-pods-discovery' // discovery serves no "pods" resource
  | 'server-error' // 500 on the list
  | 'truncated-body' // Content-Length promises more than is sent, then the connection ends
  | 'not-json' // an HTML page with status 200
  | 'huge' // a 50 MB valid Table
  | 'close-mid-stream' // chunked body, the socket is destroyed halfway
  | 'hang-list' // headers never come for the list
  | 'big-header' // a 20 KB response header on the list (over Node's 16 KiB default, under Go's 10 MiB)
  | 'gzip-bomb' // the list as gzip that expands to 100 MiB of blanks (over kube-trace's 64 MiB cap)
  | 'redirect-list' // the list is redirected (302) to `redirectTo`
  | 'redirect-loop' // the list redirects to itself, forever
  | 'warnings'; // Warning headers on the list: two 299s (one sent twice), and a 199 kubectl ignores

export type FaultTarget = 'list' | 'all';

/** What the server saw: the read-only test asserts the full method/path list. */
export interface SeenRequest {
  method: string;
  path: string;
  query: string;
  body: string;
  accept: string;
  authorization: string | null;
  clientCN: string | null;
  /** A client certificate was presented but did not verify (unknown CA, expired). */
  clientCertRejected: boolean;
}

export interface FaultyServer {
  url: string;
  port: number;
  ca: TestCa;
  caPem: string;
  requests: SeenRequest[];
  /** Adds credentials the server accepts (a kubeconfig is often built after the server, for its URL). */
  allow(creds: { tokens?: readonly string[]; basicPassword?: string }): void;
  close(): Promise<void>;
}

export interface FaultyServerOptions {
  fault?: Fault;
  /** Which requests the fault applies to (default: the pod list only). */
  target?: FaultTarget;
  ca?: TestCa;
  /** The server's certificate; by default one for 127.0.0.1/localhost signed by `ca`. */
  serverCert?: Issued;
  /** Bearer tokens the server accepts; any other bearer token gets 401, as kube-apiserver does. */
  tokens?: readonly string[];
  /** When set, Basic credentials are accepted only with this password. */
  basicPassword?: string;
  /** Where the 'redirect-list' fault sends the list (a base URL). */
  redirectTo?: string;
}

function isList(path: string): boolean {
  return /^\/api\/v1\/(namespaces\/[^/]+\/)?pods$/.test(path);
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

/** A Table of `rows` pods, about `bytes` long: what a very large cluster would send. */
export function hugeTable(bytes: number): string {
  const head = fixture('pods-default-table');
  const doc = JSON.parse(head) as { rows: unknown[] };
  const template = JSON.stringify(doc.rows[0]);
  const prefix = head.slice(0, head.indexOf('"rows":[') + '"rows":['.length);
  const parts: string[] = [prefix];
  let size = prefix.length;
  for (let i = 0; size < bytes; i++) {
    const row = template.replaceAll('"nginx"', `"nginx-${i}"`);
    parts.push(i === 0 ? row : `,${row}`);
    size += row.length + 1;
  }
  parts.push(']}');
  return parts.join('');
}

function discoveryWithoutPods(): string {
  const doc = JSON.parse(fixture('api-aggregated-discovery')) as { items: { versions: { resources: { resource: string }[] }[] }[] };
  for (const g of doc.items) for (const v of g.versions) v.resources = v.resources.filter((r) => r.resource !== 'pods');
  return JSON.stringify(doc);
}

export async function startFaultyServer(opts: FaultyServerOptions = {}): Promise<FaultyServer> {
  const fault = opts.fault ?? 'none';
  const target = opts.target ?? 'list';
  const ca = opts.ca ?? (await createCa('faulty-apiserver-ca'));
  const cert = opts.serverCert ?? (await issue(ca, { cn: 'kube-apiserver', ips: ['127.0.0.1'], dns: ['localhost'], server: true }));
  const tokens = new Set(opts.tokens ?? []);
  let basicPassword = opts.basicPassword;
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const huge = fault === 'huge' ? hugeTable(50 * 1024 * 1024) : '';
  const bomb = fault === 'gzip-bomb' ? gzipSync(Buffer.alloc(100 * 1024 * 1024, 0x20)) : null;

  const server = https.createServer({ key: cert.keyPem, cert: cert.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: false });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined); // clients that reject our certificate just leave
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const sock = req.socket as TLSSocket;
      const peer = sock.authorized ? sock.getPeerCertificate() : null;
      const seen: SeenRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.search.replace(/^\?/, ''),
        body: Buffer.concat(chunks).toString('utf8'),
        accept: req.headers.accept ?? '',
        authorization: req.headers.authorization ?? null,
        clientCN: peer && typeof peer.subject?.CN === 'string' ? peer.subject.CN : null,
        clientCertRejected: !sock.authorized && Object.keys(sock.getPeerCertificate() ?? {}).length > 0,
      };
      requests.push(seen);
      handle(seen, res);
    });
  });

  const send = (res: ServerResponse, code: number, body: string, contentType = 'application/json'): void => {
    res.writeHead(code, { 'Audit-Id': randomUUID(), 'Cache-Control': 'no-cache, private', 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };

  function authenticated(seen: SeenRequest): boolean {
    const auth = seen.authorization;
    if (auth?.startsWith('Bearer ')) return tokens.has(auth.slice(7));
    if (auth?.startsWith('Basic ')) {
      const pass = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':').slice(1).join(':');
      return basicPassword !== undefined && pass === basicPassword;
    }
    // A client certificate the CA did not sign, or one that has expired, is a 401 (kube-apiserver's
    // x509 authenticator fails the request rather than falling back to anonymous).
    if (seen.clientCertRejected) return false;
    return true; // a verified client certificate, or anonymous (allowed here)
  }

  function handle(seen: SeenRequest, res: ServerResponse): void {
    const hit = target === 'all' || isList(seen.path);
    if (fault === 'unauthorized' && hit) return send(res, 401, fixture('pods-default-badtoken-unauthorized'));
    if (!authenticated(seen)) return send(res, 401, fixture('pods-default-badtoken-unauthorized'));
    if (hit) {
      switch (fault) {
        case 'forbidden-namespace':
          if (isList(seen.path)) return send(res, 403, fixture('pods-default-jane-forbidden-table'));
          break;
        case 'forbidden-cluster':
          if (isList(seen.path)) return send(res, 403, fixture('pods-all-namespaces-viewer-forbidden'));
          break;
        case 'server-error':
          return send(res, 500, status(500, 'InternalError', 'Internal error occurred: etcdserver: request timed out'));
        case 'truncated-body': {
          const body = fixture('pods-default-table');
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
          res.write(body.slice(0, 200));
          // End the connection with bytes still owed.
          setTimeout(() => res.socket?.destroy(), 20);
          return;
        }
        case 'not-json':
          return send(res, 200, '<html><body><h1>Welcome to nginx!</h1></body></html>\n', 'text/html');
        case 'huge':
          if (isList(seen.path)) return send(res, 200, huge);
          break;
        case 'close-mid-stream': {
          const body = fixture('pods-default-table');
          res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
          res.write(body.slice(0, 300));
          setTimeout(() => res.socket?.destroy(), 20);
          return;
        }
        case 'hang-list':
          return; // never answer; the client's timeout must end it
        case 'big-header':
          if (isList(seen.path)) {
            const body = fixture(/as=Table/.test(seen.accept) ? 'pods-default-table' : 'pods-default-json');
            res.writeHead(200, { 'Content-Type': 'application/json', 'X-Big': 'a'.repeat(20_000), 'Content-Length': Buffer.byteLength(body) });
            res.end(body);
            return;
          }
          break;
        case 'gzip-bomb':
          if (isList(seen.path) && bomb) {
            res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': bomb.length });
            res.end(bomb);
            return;
          }
          break;
        case 'redirect-list':
          if (isList(seen.path) && opts.redirectTo) {
            res.writeHead(302, { Location: `${opts.redirectTo}${seen.path}${seen.query ? `?${seen.query}` : ''}`, 'Content-Length': 0 });
            res.end();
            return;
          }
          break;
        case 'warnings':
          if (isList(seen.path)) {
            const body = fixture(/as=Table/.test(seen.accept) ? 'pods-default-table' : 'pods-default-json');
            res.writeHead(200, {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(body),
              Warning: ['299 - "policy/v1beta1 PodSecurityPolicy is deprecated"', '299 - "policy/v1beta1 PodSecurityPolicy is deprecated"', '199 - "miscellaneous warning"', '299 - "second, with a comma"'],
            });
            res.end(body);
            return;
          }
          break;
        case 'redirect-loop':
          if (isList(seen.path)) {
            res.writeHead(302, { Location: `${seen.path}?${seen.query}&r=${requests.length}`, 'Content-Length': 0 });
            res.end();
            return;
          }
          break;
        default:
          break;
      }
    }
    route(seen, res);
  }

  function route(seen: SeenRequest, res: ServerResponse): void {
    const p = seen.path;
    if (p === '/api') return send(res, 200, fault === 'no-pods-discovery' ? discoveryWithoutPods() : fixture('api-aggregated-discovery'), AGGREGATED_CT);
    if (p === '/apis') return send(res, 200, fixture('apis-aggregated-discovery'), AGGREGATED_CT);
    if (p === '/apis/authentication.k8s.io/v1/selfsubjectreviews' && seen.method === 'POST') return send(res, 201, fixture('ssr-admin'));
    if (p === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews' && seen.method === 'POST') {
      const denied = fault === 'forbidden-namespace' || fault === 'forbidden-cluster';
      return send(res, 201, fixture(denied ? 'ssar-list-pods-default-jane' : 'ssar-list-pods-default-admin'));
    }
    if (p === '/api/v1/namespaces/default/pods' || p === '/api/v1/pods') {
      const table = /as=Table/.test(seen.accept);
      const all = p === '/api/v1/pods';
      return send(res, 200, fixture(`pods-${all ? 'all-namespaces' : 'default'}-${table ? 'table' : 'json'}`));
    }
    if (/^\/api\/v1\/namespaces\/[^/]+\/pods$/.test(p)) return send(res, 200, fixture('pods-empty-namespace-table'));
    return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource', {}));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    ca,
    caPem: ca.certPem,
    requests,
    allow(creds) {
      for (const t of creds.tokens ?? []) tokens.add(t);
      if (creds.basicPassword !== undefined) basicPassword = creds.basicPassword;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that accepts connections and never says a word (not even a TLS handshake). */
export async function startSilentServer(): Promise<{ url: string; port: number; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: TcpServer = createTcpServer((s) => {
    count++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A plain-HTTP server (no TLS) with an https:// URL: what kubectl meets when the scheme is wrong for the port. */
export async function startPlainHttpServer(): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const server = createHttpServer((_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('404 page not found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `https://127.0.0.1:${port}`, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A loopback port with nothing listening: bound once to learn a free number, then released. */
export async function refusedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
