// The credentials the curl line needs, for kube-trace's own sandbox only: read from the sandbox
// kubeconfig the CLI wrote for this run, written into a new private folder (0700; every file 0600,
// created exclusively), named after the shell variables of the curl line ($CA_FILE, $CLIENT_CERT_FILE,
// $CLIENT_KEY_FILE, $TOKEN). A real cluster's credentials are never read or written here: the curl
// overlay and --plain say which kubeconfig fields to extract and how (src/render/curl.ts).

import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { ExportedCredentials } from '../render/curl.js';

type Entry = Record<string, unknown>;

/** The `key` object of the list entry named `name` (kubeconfig lists are [{name, cluster|user|context}]). */
function entry(list: unknown, name: string, key: 'cluster' | 'user' | 'context'): Entry | null {
  if (!Array.isArray(list)) return null;
  for (const item of list as unknown[]) {
    if (item === null || typeof item !== 'object') continue;
    const e = item as Entry;
    const value = e[key];
    if (e['name'] === name && value !== null && typeof value === 'object') return value as Entry;
  }
  return null;
}

function fromBase64(value: unknown, what: string): Buffer {
  if (typeof value !== 'string' || value === '') throw new Error(`the sandbox kubeconfig has no ${what}`);
  return Buffer.from(value, 'base64');
}

/** Where to write: a new folder named by the learner (must not exist yet), or a new one inside `parent`. */
export type ExportTarget = { dir: string } | { inside: string };

/**
 * Writes the CA, and the client certificate and key (or the token) of `context` (default: the
 * kubeconfig's current-context), from the sandbox kubeconfig at `kubeconfigPath`.
 */
export async function exportSandboxCredentials(kubeconfigPath: string, context: string | null, target: ExportTarget): Promise<ExportedCredentials> {
  const doc = parse(await readFile(kubeconfigPath, 'utf8')) as Record<string, unknown> | null;
  if (doc === null || typeof doc !== 'object') throw new Error('the sandbox kubeconfig could not be read');
  const contextName = context ?? (typeof doc['current-context'] === 'string' ? doc['current-context'] : '');
  const ctx = entry(doc['contexts'], contextName, 'context');
  if (ctx === null) throw new Error(`the sandbox kubeconfig has no context "${contextName}"`);
  const clusterName = typeof ctx['cluster'] === 'string' ? ctx['cluster'] : '';
  const userName = typeof ctx['user'] === 'string' ? ctx['user'] : '';
  const cluster = entry(doc['clusters'], clusterName, 'cluster');
  const user = entry(doc['users'], userName, 'user');
  if (cluster === null || user === null) throw new Error(`the sandbox kubeconfig's context "${contextName}" names no cluster or user`);

  const files: { variable: string; name: string; what: string; content: Buffer }[] = [
    { variable: 'CA_FILE', name: 'ca.crt', what: "the sandbox's CA certificate (curl checks the server's certificate with it)", content: fromBase64(cluster['certificate-authority-data'], 'certificate-authority-data') },
  ];
  if (typeof user['client-certificate-data'] === 'string') {
    files.push(
      { variable: 'CLIENT_CERT_FILE', name: 'client.crt', what: `the client certificate of user "${userName}"`, content: fromBase64(user['client-certificate-data'], 'client-certificate-data') },
      { variable: 'CLIENT_KEY_FILE', name: 'client.key', what: `its private key (a secret: it is only for this sandbox)`, content: fromBase64(user['client-key-data'], 'client-key-data') },
    );
  }
  if (typeof user['token'] === 'string' && user['token'] !== '') {
    files.push({ variable: 'TOKEN', name: 'token', what: `the bearer token of user "${userName}" (a secret: it is only for this sandbox)`, content: Buffer.from(user['token'], 'utf8') });
  }

  let dir: string;
  if ('dir' in target) {
    dir = resolve(target.dir);
    try {
      // Not recursive: the folder must be new, so nothing else in it can read what is written.
      await mkdir(dir, { mode: 0o700 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new Error(`${dir} already exists: give a folder that does not exist yet (kube-trace creates it, readable only by you)`);
      if (code === 'ENOENT') throw new Error(`${dirname(dir)} does not exist`);
      throw new Error(`${dir} could not be created (${code ?? String(e)})`);
    }
  } else {
    dir = await mkdtemp(join(target.inside, 'curl-'));
  }
  const written: ExportedCredentials['files'] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    await writeFile(path, f.content, { mode: 0o600, flag: 'wx' });
    written.push({ variable: f.variable, path, what: f.what });
  }
  return { dir, files: written, removedOnExit: 'inside' in target };
}

/** The folder the UI's "e" writes into: inside the run's own temporary folder, removed at exit. */
export function sessionFolder(kubeconfigPath: string): string {
  return dirname(kubeconfigPath);
}
