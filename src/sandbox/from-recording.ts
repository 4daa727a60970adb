// `kube-trace sandbox --from-recording FILE…`: a TLS server that answers with the responses the
// recordings hold (src/recording/match.ts says which), so real kubectl and kube-trace work offline
// against the recorded data. Its PKI and kubeconfig are the sandbox's own (tls.ts, kubeconfig.ts):
// fresh at every start, loopback only unless asked. It holds no objects and evaluates nothing: what
// it serves is what the recorded server said.
import { randomBytes } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import { createSecureServer, type Http2SecureServer, type ServerHttp2Session } from 'node:http2';
import type { Socket } from 'node:net';
import type { Recording } from '../recording/format.js';
import { RecordedResponses } from '../recording/match.js';
import { isLoopback, serverNamesFor, urlHost } from './address.js';
import type { SandboxRequest, SandboxResponse } from './http.js';
import { kubeconfigYaml } from './kubeconfig.js';
import { parseAccessReview } from './reviews.js';
import { generatePki } from './tls.js';

export interface RecordingServerOptions {
  recordings: readonly { file: string; recording: Recording }[];
  port?: number;
  address?: string;
  allowNonLoopback?: boolean;
}

export interface ServedRequest {
  method: string;
  url: string;
  status: number;
  /** The recording and exchange that answered; null: not recorded (a 404). */
  from: { file: string; id: number } | null;
  adapted: string | null;
}

export interface RunningRecordingServer {
  url: string;
  /** How many distinct requests the recordings can answer. */
  answers: number;
  kubeconfigYaml(): string;
  writeKubeconfig(path: string): Promise<void>;
  served(): ServedRequest[];
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

/**
 * A review's body as JSON, whatever it was sent as: kubectl 1.33 sends SelfSubjectReview and
 * SelfSubjectAccessReview as protobuf, kube-trace as JSON; the matcher compares their specs.
 */
function reviewAsJson(url: string, body: Buffer, contentType: string): string {
  const path = url.split('?')[0] ?? '';
  if (/\/selfsubjectreviews$/.test(path)) return '{}';
  if (/\/selfsubjectaccessreviews$/.test(path)) {
    try {
      return JSON.stringify({ spec: parseAccessReview(body, contentType) });
    } catch {
      return body.toString('utf8');
    }
  }
  return body.toString('utf8');
}

function readBody(req: SandboxRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startRecordingServer(opts: RecordingServerOptions): Promise<RunningRecordingServer> {
  const address = (opts.address ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  if (!isLoopback(address) && opts.allowNonLoopback !== true) throw new Error(`${address} is not a loopback address; allow it explicitly (--allow-non-loopback)`);
  const responses = new RecordedResponses(opts.recordings);
  const pki = await generatePki({ now: new Date(), serverNames: serverNamesFor(address) });
  const token = randomBytes(24).toString('base64url');
  const log: ServedRequest[] = [];

  const handler = (req: SandboxRequest, res: SandboxResponse): void => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const accept = typeof req.headers['accept'] === 'string' ? req.headers['accept'] : '';
    const contentType = typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : 'application/json';
    const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? readBody(req) : Promise.resolve(Buffer.alloc(0));
    body
      .then((raw) => {
        const text = reviewAsJson(url, raw, contentType);
        const r = responses.answer({ method, url, accept, body: text });
        log.push({ method, url, status: r.status, from: r.from, adapted: r.adapted });
        if (log.length > 1000) log.splice(0, log.length - 1000);
        res.writeHead(r.status, Object.fromEntries([...r.headers.filter(([n]) => n.toLowerCase() !== 'audit-id'), ['Audit-Id', randomBytes(16).toString('hex')], ['Content-Length', String(r.body.length)], ['X-Kube-Trace-Recorded', r.from ? `${r.from.file}#${r.from.id}` : 'no']]));
        res.end(r.body);
      })
      .catch(() => {
        res.writeHead(413, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'request body too large', reason: 'RequestEntityTooLarge', code: 413 }));
      });
  };

  const server: Http2SecureServer = createSecureServer({ key: pki.server.keyPem, cert: pki.server.certPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2', allowHTTP1: true }, handler);
  server.on('session', (s) => s.on('error', () => undefined));
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, address, () => {
      server.removeAllListeners('error');
      server.on('error', () => undefined);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : 0;
  const url = `https://${urlHost(address)}:${port}`;
  const yaml = (): string => kubeconfigYaml({ url, pki, token, currentContext: 'sandbox-admin' });
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  let closed = false;
  return {
    url,
    answers: responses.size,
    kubeconfigYaml: yaml,
    async writeKubeconfig(path) {
      await writeFile(path, yaml(), { mode: 0o600 });
      await chmod(path, 0o600);
    },
    served: () => log.map((l) => ({ ...l })),
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sessions) s.destroy();
        for (const s of sockets) s.destroy();
      });
    },
  };
}
