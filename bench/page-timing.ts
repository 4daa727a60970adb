// The sandbox alone: how long it takes to serve each page of a pod list as a Table, over one
// keep-alive TLS connection, with kubectl's Accept header, following `continue` to the end.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

interface Kubeconfig {
  'current-context': string;
  contexts: { name: string; context: { cluster: string; user: string } }[];
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
  users: { name: string; user: { 'client-certificate-data'?: string; 'client-key-data'?: string; token?: string } }[];
}

export interface PageTimes {
  pages: number;
  rows: number;
  pageMs: number[];
}

const b64 = (s: string | undefined): Buffer | undefined => (s ? Buffer.from(s, 'base64') : undefined);

export async function listPageTimes(kubeconfigPath: string, path: string, limit: number): Promise<PageTimes> {
  const cfg = parse(readFileSync(kubeconfigPath, 'utf8')) as Kubeconfig;
  const ctx = cfg.contexts.find((c) => c.name === cfg['current-context'])?.context;
  const cluster = cfg.clusters.find((c) => c.name === ctx?.cluster)?.cluster;
  const user = cfg.users.find((u) => u.name === ctx?.user)?.user;
  if (!ctx || !cluster || !user) throw new Error(`${kubeconfigPath}: no current context with a cluster and a user`);
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 1,
    ca: b64(cluster['certificate-authority-data']),
    cert: b64(user['client-certificate-data']),
    key: b64(user['client-key-data']),
  });
  const headers: Record<string, string> = { Accept: TABLE_ACCEPT, 'User-Agent': 'kube-trace-bench' };
  if (user.token) headers['Authorization'] = `Bearer ${user.token}`;
  const pageMs: number[] = [];
  let rows = 0;
  let cont = '';
  try {
    // Open the connection first, so that every page is timed on a warm connection, as kubectl's are.
    await get(new URL('/version', cluster.server), headers, agent);
    do {
      const url = new URL(path, cluster.server);
      url.searchParams.set('limit', String(limit));
      if (cont) url.searchParams.set('continue', cont);
      const start = performance.now();
      const body = await get(url, headers, agent);
      pageMs.push(performance.now() - start);
      const table = JSON.parse(body) as { kind?: string; rows?: unknown[]; metadata?: { continue?: string } };
      if (table.kind !== 'Table') throw new Error(`expected a Table from ${url.pathname}, got ${table.kind}`);
      rows += table.rows?.length ?? 0;
      cont = table.metadata?.continue ?? '';
    } while (cont);
  } finally {
    agent.destroy();
  }
  return { pages: pageMs.length, rows, pageMs };
}

function get(url: URL, headers: Record<string, string>, agent: https.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`GET ${url.pathname}: ${res.statusCode} ${text.slice(0, 200)}`));
        else resolve(text);
      });
    });
    req.on('error', reject);
  });
}
