// A small fake kube-apiserver on 127.0.0.1 for engine tests: TLS with a test CA, client-cert and
// bearer-token identities, fixture bodies, and hooks to misbehave (hang, cut the body, send garbage).
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createCa, issue } from './pki.js';
import type { Issued, TestCa } from './pki.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/real-apiserver/http/', import.meta.url));
export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}.json`, 'utf8');
}

export const AGG_CT = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

export interface RecordedRequest {
  method: string;
  url: string;
  rawHeaders: string[];
  headers: Record<string, string | string[] | undefined>;
  body: string;
  user: string | null;
}

export interface Reply {
  status: number;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => Reply | 'handled' | undefined;

export interface FakeApiServer {
  url: string;
  port: number;
  ca: TestCa;
  requests: RecordedRequest[];
  /** Handlers tried first, before the default routes. */
  handlers: Handler[];
  close(): Promise<void>;
}

export interface Identities {
  tokens: Record<string, string>; // token → username
}

export async function startFakeApiServer(opts: { ca?: TestCa; server?: Issued; tokens?: Record<string, string> } = {}): Promise<FakeApiServer> {
  const ca = opts.ca ?? (await createCa('fake-apiserver-ca'));
  const serverCert = opts.server ?? (await issue(ca, { cn: 'kube-apiserver', ips: ['127.0.0.1'], dns: ['localhost'], server: true }));
  const tokens = opts.tokens ?? {};
  const requests: RecordedRequest[] = [];
  const handlers: Handler[] = [];
  const server = https.createServer({ key: serverCert.keyPem, cert: serverCert.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: false });
  server.keepAliveTimeout = 5000;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const sock = req.socket as TLSSocket;
      let user: string | null = null;
      const auth = req.headers.authorization;
      if (auth?.startsWith('Bearer ')) user = tokens[auth.slice(7)] ?? '!invalid';
      else if (sock.authorized) user = String(sock.getPeerCertificate().subject?.CN ?? '');
      const rec: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), user };
      requests.push(rec);
      const auditId = randomUUID();
      const send = (reply: Reply): void => {
        res.writeHead(reply.status, { 'Audit-Id': auditId, 'Cache-Control': 'no-cache, private', 'Content-Type': 'application/json', 'X-Kubernetes-Pf-Flowschema-Uid': 'fs-uid-1', 'X-Kubernetes-Pf-Prioritylevel-Uid': 'pl-uid-1', ...(reply.headers ?? {}) });
        res.end(reply.body);
      };
      for (const h of handlers) {
        const out = h(rec, res);
        if (out === 'handled') return;
        if (out) return send(out);
      }
      if (user === '!invalid') return send({ status: 401, body: fixture('pods-default-badtoken-unauthorized') });
      const path = rec.url.split('?')[0];
      if (path === '/api') return send({ status: 200, body: fixture('api-aggregated-discovery'), headers: { 'Content-Type': AGG_CT } });
      if (path === '/apis') return send({ status: 200, body: fixture('apis-aggregated-discovery'), headers: { 'Content-Type': AGG_CT } });
      if (path === '/apis/authentication.k8s.io/v1/selfsubjectreviews') {
        return send({ status: 201, body: JSON.stringify({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: {}, status: { userInfo: { username: user ?? 'system:anonymous', groups: ['system:authenticated'] } } }) });
      }
      if (path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
        const spec = (JSON.parse(rec.body) as { spec: unknown }).spec;
        return send({ status: 201, body: JSON.stringify({ kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec, status: { allowed: true, reason: 'fake allows all' } }) });
      }
      if (path === '/api/v1/namespaces/default/pods' || path === '/api/v1/namespaces/demo/pods') {
        const table = /as=Table/.test(String(rec.headers.accept));
        return send({ status: 200, body: fixture(table ? 'pods-default-table' : 'pods-default-json') });
      }
      if (path === '/api/v1/pods') return send({ status: 200, body: fixture('pods-all-namespaces-table') });
      if (path === '/api/v1/namespaces/default/pods/nginx') return send({ status: 200, body: fixture('pod-get-nginx-table') });
      if (path?.startsWith('/api/v1/namespaces/default/pods/')) return send({ status: 404, body: fixture('pod-get-notfound').replace('no-such-pod', path.split('/').pop() ?? '') });
      return send({ status: 404, body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 }) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    ca,
    requests,
    handlers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
