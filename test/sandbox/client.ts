// Test helpers: talk to a running sandbox as one of its identities, over real HTTPS on 127.0.0.1
// (HTTP/1.1, or HTTP/2 negotiated by ALPN as kubectl does), and read the captured fixtures (raw HTTP
// exchanges from kube-apiserver v1.28.7 and v1.33.3).

import { request } from 'node:https';
import { connect as h2connect, constants as h2 } from 'node:http2';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { RunningSandbox } from '../../src/sandbox/index.js';

export type Identity = 'admin' | 'viewer' | 'nobody' | 'token' | 'badtoken' | 'anonymous';

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
export const DISCOVERY_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

interface Creds {
  ca: string;
  cert?: string;
  key?: string;
  token?: string;
}

interface KubeconfigShape {
  clusters: { cluster: { 'certificate-authority-data': string } }[];
  users: { name: string; user: { 'client-certificate-data'?: string; 'client-key-data'?: string; token?: string } }[];
}

const b64 = (s: string | undefined): string | undefined => (s === undefined ? undefined : Buffer.from(s, 'base64').toString('utf8'));

export function credentials(sb: RunningSandbox, who: Identity): Creds {
  const kc = parse(sb.kubeconfigYaml()) as KubeconfigShape;
  const ca = b64(kc.clusters[0]?.cluster['certificate-authority-data']) ?? '';
  const user = (name: string) => kc.users.find((u) => u.name === name)?.user ?? {};
  switch (who) {
    case 'admin':
    case 'viewer':
    case 'nobody': {
      const u = user(`sandbox-${who}`);
      return { ca, cert: b64(u['client-certificate-data']), key: b64(u['client-key-data']) };
    }
    case 'token':
      return { ca, token: user('sandbox-token').token };
    case 'badtoken':
      return { ca, token: 'not-a-valid-token' };
    case 'anonymous':
      return { ca };
  }
}

export interface Reply {
  status: number;
  /** Header names as sent, in order. */
  headerNames: string[];
  headers: Record<string, string>;
  body: string;
  json<T = Record<string, unknown>>(): T;
  httpVersion: '1.1' | '2';
  /** HTTP/2 only: the GOAWAY the server sent on this connection, if any. */
  goaway?: { errorCode: number; lastStreamID: number };
}

export interface CallOptions {
  method?: string;
  accept?: string;
  userAgent?: string;
  body?: string | Buffer;
  contentType?: string;
  extraHeaders?: Record<string, string>;
  /** 'h2' negotiates HTTP/2 by ALPN (kubectl's protocol); default HTTP/1.1. */
  protocol?: 'h1' | 'h2';
}

export function call(sb: RunningSandbox, who: Identity, path: string, opts: CallOptions = {}): Promise<Reply> {
  if (opts.protocol === 'h2') return callH2(sb, who, path, opts);
  const c = credentials(sb, who);
  const headers: Record<string, string> = { 'User-Agent': opts.userAgent ?? 'kube-trace-test/1.0', ...opts.extraHeaders };
  if (opts.accept !== undefined) headers['Accept'] = opts.accept;
  if (c.token) headers['Authorization'] = `Bearer ${c.token}`;
  if (opts.contentType) headers['Content-Type'] = opts.contentType;
  return new Promise((resolve, reject) => {
    const req = request(
      `${sb.url}${path}`,
      { method: opts.method ?? 'GET', ca: c.ca, cert: c.cert, key: c.key, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const names: string[] = [];
          const flat: Record<string, string> = {};
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            names.push(res.rawHeaders[i] as string);
            flat[(res.rawHeaders[i] as string).toLowerCase()] = res.rawHeaders[i + 1] as string;
          }
          resolve({ status: res.statusCode ?? 0, headerNames: names, headers: flat, body, json: <T>() => JSON.parse(body) as T, httpVersion: '1.1' });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** One request on a fresh HTTP/2 connection (ALPN h2, as Go's transport negotiates it). */
function callH2(sb: RunningSandbox, who: Identity, path: string, opts: CallOptions): Promise<Reply> {
  const c = credentials(sb, who);
  return new Promise((resolve, reject) => {
    const session = h2connect(sb.url, { ca: c.ca, cert: c.cert, key: c.key, ALPNProtocols: ['h2'] });
    let goaway: Reply['goaway'];
    session.on('goaway', (errorCode: number, lastStreamID: number) => (goaway = { errorCode, lastStreamID }));
    session.on('error', reject);
    const headers: Record<string, string> = { [h2.HTTP2_HEADER_METHOD]: opts.method ?? 'GET', [h2.HTTP2_HEADER_PATH]: path, 'user-agent': opts.userAgent ?? 'kube-trace-test/1.0' };
    for (const [k, v] of Object.entries(opts.extraHeaders ?? {})) headers[k.toLowerCase()] = v;
    if (opts.accept !== undefined) headers['accept'] = opts.accept;
    if (c.token) headers['authorization'] = `Bearer ${c.token}`;
    if (opts.contentType) headers['content-type'] = opts.contentType;
    const stream = session.request(headers, { endStream: opts.body === undefined });
    let status = 0;
    const names: string[] = [];
    const flat: Record<string, string> = {};
    stream.on('response', (h) => {
      status = Number(h[h2.HTTP2_HEADER_STATUS]);
      for (const [k, v] of Object.entries(h)) {
        if (k.startsWith(':')) continue;
        names.push(k);
        flat[k] = Array.isArray(v) ? v.join(', ') : String(v);
      }
    });
    const chunks: Buffer[] = [];
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.on('error', reject);
    stream.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      // Let a GOAWAY that raced the last DATA frame arrive before the connection is closed here.
      setImmediate(() => {
        session.close();
        resolve({ status, headerNames: names, headers: flat, body, json: <T>() => JSON.parse(body) as T, httpVersion: '2', ...(goaway ? { goaway } : {}) });
      });
    });
    if (opts.body !== undefined) stream.end(opts.body);
  });
}

const FIXTURE_ROOTS = {
  '1.28': fileURLToPath(new URL('../fixtures/real-apiserver/', import.meta.url)),
  '1.33': fileURLToPath(new URL('../fixtures/real-apiserver-v1.33/', import.meta.url)),
} as const;
export type CapturedVersion = keyof typeof FIXTURE_ROOTS;

export interface CapturedExchange {
  status: number;
  headerNames: string[];
  body: string;
  /** '2' for the captures curl made over HTTP/2 (lower-case header names as Go's http2 server sent them). */
  httpVersion: '1.1' | '2';
}

/** Reads NAME.http (of the v1.28.7 captures unless told): comment lines, a blank line, the status line, headers, a blank line, the body. */
export function captured(name: string, version: CapturedVersion = '1.28'): CapturedExchange {
  const text = readFileSync(`${FIXTURE_ROOTS[version]}http/${name}.http`, 'utf8').replace(/\r\n/g, '\n');
  const start = text.indexOf('\nHTTP/');
  const rest = text.slice(start + 1);
  const blank = rest.indexOf('\n\n');
  const head = rest.slice(0, blank).split('\n');
  const status = Number((head[0] ?? '').split(' ')[1]);
  const headerNames = head.slice(1).map((l) => l.slice(0, l.indexOf(':')));
  return { status, headerNames, body: rest.slice(blank + 2), httpVersion: (head[0] ?? '').startsWith('HTTP/2') ? '2' : '1.1' };
}

export function kubectlFixture(name: string, version: CapturedVersion = '1.28'): { command: string; stdout: string; stderr: string; exitCode: number } {
  const text = readFileSync(`${FIXTURE_ROOTS[version]}kubectl/${name}.txt`, 'utf8');
  const m = /^\$ (.*)\n--- stdout ---\n([\s\S]*?)--- stderr ---\n([\s\S]*?)--- exit code: (\d+) ---/.exec(text);
  if (!m) throw new Error(`unreadable kubectl fixture ${name}`);
  return { command: m[1] as string, stdout: m[2] as string, stderr: m[3] as string, exitCode: Number(m[4]) };
}
