// The current context's server and credentials, as the bare GET (bench/bare-get.mjs) needs them:
// PEM strings from a kubeconfig with embedded data, as the sandbox writes it.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

interface Named<T> {
  name: string;
  [k: string]: unknown;
  value?: T;
}

export function writeBareCredentials(kubeconfig: string, out: string): void {
  const kc = parse(readFileSync(kubeconfig, 'utf8')) as { 'current-context': string; contexts: Named<never>[]; clusters: Named<never>[]; users: Named<never>[] };
  const pick = (list: Named<never>[], name: unknown, key: string): Record<string, string> => {
    const e = list.find((x) => x.name === name);
    if (!e) throw new Error(`${kubeconfig}: no ${key} named ${String(name)}`);
    return e[key] as Record<string, string>;
  };
  const ctx = pick(kc.contexts, kc['current-context'], 'context');
  const cluster = pick(kc.clusters, ctx['cluster'], 'cluster');
  const user = pick(kc.users, ctx['user'], 'user');
  const pem = (b64: string | undefined): string | undefined => (b64 === undefined ? undefined : Buffer.from(b64, 'base64').toString('utf8'));
  writeFileSync(out, JSON.stringify({ server: cluster['server'], ca: pem(cluster['certificate-authority-data']), cert: pem(user['client-certificate-data']), key: pem(user['client-key-data']), token: user['token'] }), { mode: 0o600 });
}
