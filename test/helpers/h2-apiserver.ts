// A kube-apiserver stand-in that speaks HTTP/2 (ALPN h2, with HTTP/1.1 for clients that ask only for
// it) on 127.0.0.1, as a real kube-apiserver does. It records every request as it arrived on the wire
// (header fields in wire order, pseudo-headers included), which connection carried it and how that
// connection was negotiated, and it can send GOAWAY after an unauthenticated or 401 request as
// kube-apiserver ≥ 1.29 does. Bodies are the v1.33.3 captures in test/fixtures/real-apiserver-v1.33.
import http2 from 'node:http2';
import https from 'node:https';
import type { Http2ServerRequest, Http2ServerResponse, ServerHttp2Session } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCa, issue, type Issued, type TestCa } from '../trace/helpers/pki.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/real-apiserver-v1.33/http/', import.meta.url));
const FIXTURES_128 = fileURLToPath(new URL('../fixtures/real-apiserver/http/', import.meta.url));
export const fixture133 = (name: string): string => readFileSync(`${FIXTURES}${name}.json`, 'utf8');
export const AGGREGATED_V2_CT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const AGGREGATED_V2BETA1_CT = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

export interface WireRequest {
  /** 1-based number of the TCP connection that carried the request, in accept order. */
  connection: number;
  /** 'h2' or 'http/1.1', as negotiated by ALPN (false when the client offered no ALPN). */
  alpn: string | false;
  httpVersion: string;
  method: string;
  path: string;
  /** Header fields in the order they arrived (for h2: pseudo-headers first, lower-case names). */
  fields: { name: string; value: string }[];
  /** Last value by lower-case name. */
  header(name: string): string | undefined;
  body: string;
  /** CN of a verified client certificate. */
  clientCN: string | null;
  user: string | null;
}

export interface Reply {
  status: number;
  body?: string | Buffer;
  headers?: Record<string, string | string[]>;
}

/** Returns a reply, 'handled' when it wrote the response itself, or undefined to fall through. */
export type WireHandler = (req: WireRequest, res: Http2ServerResponse) => Reply | 'handled' | undefined;

export interface H2ApiServer {
  url: string;
  port: number;
  ca: TestCa;
  requests: WireRequest[];
  handlers: WireHandler[];
  /** TCP connections accepted so far. */
  connections(): number;
  /** GOAWAY frames sent so far. */
  goAways(): number;
  close(): Promise<void>;
}

export interface H2ApiServerOptions {
  ca?: TestCa;
  serverCert?: Issued;
  /** Bearer token → user name. Any other bearer token gets 401. */
  tokens?: Record<string, string>;
  /** Offer only http/1.1 by ALPN (a server without h2). */
  http1Only?: boolean;
  /** Send GOAWAY after answering an anonymous or 401 request on h2 (kube-apiserver ≥ 1.29). Default true. */
  goAwayAfterUnauthenticated?: boolean;
}

export async function startH2ApiServer(opts: H2ApiServerOptions = {}): Promise<H2ApiServer> {
  const ca = opts.ca ?? (await createCa('h2-apiserver-ca'));
  const cert = opts.serverCert ?? (await issue(ca, { cn: 'kube-apiserver', ips: ['127.0.0.1'], dns: ['localhost'], server: true }));
  const tokens = opts.tokens ?? {};
  const goAwayAfter = opts.goAwayAfterUnauthenticated ?? true;
  const requests: WireRequest[] = [];
  const handlers: WireHandler[] = [];
  const sockets = new Set<Socket>();
  // h2 hands handlers a proxy of the socket, so h2 connections are numbered by session.
  const connectionOf = new WeakMap<object, number>();
  let connectionCount = 0;
  let goAwayCount = 0;

  const tlsOptions = { key: cert.keyPem, cert: cert.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: false };
  // http2's server always offers h2; a server without h2 is an HTTPS server whose ALPN says http/1.1.
  const server = opts.http1Only ? https.createServer({ ...tlsOptions, ALPNProtocols: ['http/1.1'] }) : http2.createSecureServer({ ...tlsOptions, allowHTTP1: true });
  server.on('secureConnection', (s: TLSSocket) => {
    if (s.alpnProtocol !== 'h2') connectionOf.set(s, ++connectionCount);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('session', (session: ServerHttp2Session) => connectionOf.set(session, ++connectionCount));
  server.on('tlsClientError', () => undefined);
  server.on('sessionError', () => undefined);

  const onRequest = (req: Http2ServerRequest, res: Http2ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const isH2 = req.httpVersion === '2.0';
      const sock = (isH2 ? req.stream.session?.socket : req.socket) as TLSSocket;
      const fields: { name: string; value: string }[] = [];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) fields.push({ name: req.rawHeaders[i]!, value: req.rawHeaders[i + 1]! });
      const peer = sock.authorized ? sock.getPeerCertificate() : null;
      const clientCN = peer && typeof peer.subject?.CN === 'string' ? peer.subject.CN : null;
      const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : null;
      let user: string | null = clientCN;
      let unauthorized = false;
      if (auth?.startsWith('Bearer ')) {
        user = tokens[auth.slice(7)] ?? null;
        unauthorized = user === null;
      }
      // kube-apiserver has no basic-auth authenticator since v1.19: a Basic header is ignored (the
      // request is then anonymous unless a client certificate identifies it).
      const wire: WireRequest = {
        connection: (isH2 ? connectionOf.get(req.stream.session as object) : connectionOf.get(sock)) ?? 0,
        alpn: sock.alpnProtocol ?? false,
        httpVersion: req.httpVersion,
        method: req.method,
        path: isH2 ? String(req.headers[':path']) : req.url,
        fields,
        header: (name) => [...fields].reverse().find((f) => f.name.toLowerCase() === name.toLowerCase())?.value,
        body: Buffer.concat(chunks).toString('utf8'),
        clientCN,
        user,
      };
      requests.push(wire);
      // kube-apiserver ≥ 1.29 sends GOAWAY (NO_ERROR) before it answers such a request on h2.
      if (isH2 && goAwayAfter && (user === null || unauthorized)) {
        const session = req.stream.session as ServerHttp2Session | undefined;
        if (session && !session.closed) {
          goAwayCount++;
          session.goaway(http2.constants.NGHTTP2_NO_ERROR, req.stream.id ?? 0);
        }
      }
      for (const h of handlers) {
        const r = h(wire, res);
        if (r === 'handled') return;
        if (r) return send(res, r);
      }
      if (unauthorized) return send(res, { status: 401, body: fixture133('pods-default-badtoken-unauthorized') });
      send(res, route(wire));
    });
  };
  // The compatibility API gives both protocols one request/response shape.
  server.on('request', onRequest as never);

  function send(res: Http2ServerResponse, r: Reply): void {
    const body = r.body ?? '';
    const headers: Record<string, string | string[]> = { 'audit-id': randomUUID(), 'cache-control': 'no-cache, private', 'content-type': 'application/json', ...(r.headers ?? {}) };
    headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(r.status, headers);
    res.end(body);
  }

  function route(req: WireRequest): Reply {
    const p = req.path.split('?')[0]!;
    const accept = req.header('accept') ?? '';
    // kubectl ≤ 1.29 asks for v2beta1 only: answer it with the v1.28 server's v2beta1 documents.
    const v2beta1Only = /v=v2beta1;as=APIGroupDiscoveryList/.test(accept) && !/v=v2;as=APIGroupDiscoveryList/.test(accept);
    if ((p === '/api' || p === '/apis') && v2beta1Only) return { status: 200, body: readFileSync(`${FIXTURES_128}${p === '/api' ? 'api' : 'apis'}-aggregated-discovery.json`, 'utf8'), headers: { 'content-type': AGGREGATED_V2BETA1_CT } };
    if (p === '/api' && /as=APIGroupDiscoveryList/.test(accept)) return { status: 200, body: fixture133('api-aggregated-discovery'), headers: { 'content-type': AGGREGATED_V2_CT } };
    if (p === '/apis' && /as=APIGroupDiscoveryList/.test(accept)) return { status: 200, body: fixture133('apis-aggregated-discovery'), headers: { 'content-type': AGGREGATED_V2_CT } };
    if (p === '/version') return { status: 200, body: fixture133('version') };
    if (p === '/api/v1/namespaces/default/pods') {
      if (req.user === null) return { status: 403, body: fixture133('pods-default-no-credentials') };
      return { status: 200, body: fixture133(/as=Table/.test(accept) ? 'pods-default-table' : 'pods-default-json') };
    }
    if (p === '/apis/authentication.k8s.io/v1/selfsubjectreviews' && req.method === 'POST') return { status: 201, body: fixture133('ssr-admin') };
    return {
      status: 404,
      body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 }),
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    ca,
    requests,
    handlers,
    connections: () => connectionCount,
    goAways: () => goAwayCount,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
