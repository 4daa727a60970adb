// A plain-HTTP stand-in for kube-apiserver v1.33.3 that answers with the responses kubectl 1.33 got in
// the write captures (fixtures real-apiserver-v1.33/write/kubectl/NN-*.txt, read from their -v=9 logs):
// discovery, the OpenAPI index, the pod's GET (404 until it is created), the namespace, POST and PATCH.
// It keeps what was sent, so a test can compare kube-trace's requests with kubectl's in the capture.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIR = 'test/fixtures/real-apiserver-v1.33/write/kubectl';

export function captureText(name: string): string {
  return readFileSync(join(DIR, name), 'utf8');
}

/** The body klog logged for the response to `METHOD path` (the first one after its "Response" line). */
export function capturedResponse(text: string, method: string, pathPrefix: string): { status: number; contentType: string; body: string } {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(`"Response" verb="${method}" url="https://127.0.0.1:6443${pathPrefix}`));
  if (i < 0) throw new Error(`no ${method} ${pathPrefix} in the capture`);
  const status = Number(/status="(\d+)/.exec(lines[i] ?? '')?.[1] ?? 0);
  let contentType = 'application/json';
  let j = i + 1;
  for (; j < lines.length && !(lines[j] ?? '').includes('"Response Body"'); j++) {
    const m = /^\tContent-Type: (.*)$/.exec(lines[j] ?? '');
    if (m) contentType = m[1] ?? contentType;
  }
  const l = lines[j] ?? '';
  const quoted = /body="(.*)"$/.exec(l);
  const body = quoted ? (JSON.parse(`"${quoted[1] ?? ''}"`) as string) : (lines[j + 1] ?? '').replace(/^\t/, '');
  return { status, contentType, body };
}

/** The requests kubectl sent in a capture, in order: "METHOD path?query" (from its curl lines). */
export function capturedRequests(text: string): string[] {
  return [...text.matchAll(/curl -v -X([A-Z]+) .*'https:\/\/127\.0\.0\.1:6443([^']*)'/g)].map((m) => `${m[1] ?? ''} ${m[2] ?? ''}`);
}

export interface CapturedServer {
  kubeconfig: string;
  /** Every request kubectl's side sent (kube-trace's own reviews and /version answered 404, not kept): "METHOD path?query", and the bodies. */
  received: { line: string; body: string }[];
  close(): Promise<void>;
}

export async function startCapturedApiserver(): Promise<CapturedServer> {
  const create = captureText('10-admin-apply-pod-create.txt');
  const unchanged = captureText('12-admin-apply-pod-unchanged.txt');
  const configured = captureText('13-admin-apply-pod-configured.txt');
  const answers = {
    index: capturedResponse(create, 'GET', '/openapi/v3?'),
    api: capturedResponse(create, 'GET', '/api?'),
    // klog cut the /apis body at 10240 bytes; the same server's whole document is in the read-path captures.
    apis: { status: 200, contentType: capturedResponse(create, 'GET', '/apis?').contentType, body: readFileSync('test/fixtures/real-apiserver-v1.33/http/apis-aggregated-discovery.json', 'utf8') },
    notFound: capturedResponse(create, 'GET', '/api/v1/namespaces/writes/pods/web'),
    namespace: capturedResponse(create, 'GET', '/api/v1/namespaces/writes'),
    created: capturedResponse(create, 'POST', '/api/v1/namespaces/writes/pods'),
    stored: capturedResponse(unchanged, 'GET', '/api/v1/namespaces/writes/pods/web'),
    patched: capturedResponse(configured, 'PATCH', '/api/v1/namespaces/writes/pods/web'),
  };
  let pod: 'absent' | 'created' | 'patched' = 'absent';
  const received: CapturedServer['received'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const path = url.split('?')[0] ?? url;
      // GET /version is kube-trace's own question (kubectl.1.33 itself does not ask it): not kubectl's sequence.
      if (path === '/version') {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{}');
        return;
      }
      // kube-trace's own questions (SelfSubjectReview, SelfSubjectAccessReview) say so in their User-Agent.
      if ((req.headers['user-agent'] ?? '').startsWith('kube-trace/')) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}');
        return;
      }
      received.push({ line: `${req.method ?? ''} ${url}`, body: Buffer.concat(chunks).toString('utf8') });
      const send = (a: { status: number; contentType: string; body: string }): void => {
        res.writeHead(a.status, { 'Content-Type': a.contentType, 'Audit-Id': `captured-${received.length}` });
        res.end(a.body);
      };
      if (req.method === 'GET' && path === '/openapi/v3') return send(answers.index);
      if (req.method === 'GET' && path.startsWith('/openapi/v3/')) return send({ status: 200, contentType: 'application/json', body: '{}' });
      if (req.method === 'GET' && path === '/api') return send(answers.api);
      if (req.method === 'GET' && path === '/apis') return send(answers.apis);
      if (req.method === 'GET' && path === '/api/v1/namespaces/writes') return send(answers.namespace);
      if (req.method === 'GET' && path === '/api/v1/namespaces/writes/pods/web') return send(pod === 'absent' ? answers.notFound : pod === 'created' ? answers.stored : answers.patched);
      if (req.method === 'POST' && path === '/api/v1/namespaces/writes/pods') {
        pod = 'created';
        return send(answers.created);
      }
      if (req.method === 'PATCH' && path === '/api/v1/namespaces/writes/pods/web') {
        pod = 'patched';
        return send(answers.patched);
      }
      send({ status: 404, contentType: 'application/json', body: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const dir = await mkdtemp(join(tmpdir(), 'kube-trace-captured-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: captured-v1.33\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: captured\n  context:\n    cluster: captured-v1.33\n    user: nobody\n    namespace: writes\nusers:\n- name: nobody\n  user: {}\ncurrent-context: captured\n`, { mode: 0o600 });
  return { kubeconfig, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
