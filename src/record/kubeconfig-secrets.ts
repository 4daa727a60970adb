// Every credential in the kubeconfig files a run read, for the recorder's by-value net: whatever the
// engine shows or a server echoes, none of these strings (in any encoding) reaches a recording.
// Read the way kubectl finds its files: --kubeconfig, else KUBECONFIG's list, else ~/.kube/config.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, isAbsolute, join, dirname } from 'node:path';
import { parseAllDocuments } from 'yaml';

const SECRET_KEYS = new Set(['token', 'password', 'client-key-data', 'id-token', 'refresh-token', 'access-token', 'client-secret', 'secret']);
const FILE_KEYS = new Set(['tokenFile', 'token-file', 'client-key']);

function readSmall(path: string): string | null {
  try {
    const text = readFileSync(path, 'utf8');
    return text.length <= 1 << 20 ? text : null;
  } catch {
    return null;
  }
}

function urlPassword(raw: string): string | null {
  try {
    const pw = new URL(raw).password;
    return pw === '' ? null : decodeURIComponent(pw);
  } catch {
    return null;
  }
}

/** The files kubectl reads for this command and environment. */
export function kubeconfigFiles(kubeconfig: string | null, env: Readonly<Record<string, string | undefined>>, home: string): string[] {
  if (kubeconfig) return [kubeconfig];
  const list = env['KUBECONFIG'];
  if (list && list.trim() !== '') return list.split(delimiter).filter((f) => f !== '');
  const def = join(home, '.kube', 'config');
  return existsSync(def) ? [def] : [];
}

/** The credential strings of these kubeconfig files (and the files they name). */
export function kubeconfigSecrets(files: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown, file: string, key: string | null): void => {
    if (typeof v === 'string') {
      if (key !== null && SECRET_KEYS.has(key)) {
        out.push(v);
        if (key === 'client-key-data') out.push(Buffer.from(v, 'base64').toString('utf8'));
      }
      if (key !== null && FILE_KEYS.has(key)) {
        const text = readSmall(isAbsolute(v) ? v : join(dirname(file), v));
        if (text !== null) out.push(text, text.trim());
      }
      if (key === 'server' || key === 'proxy-url') {
        const pw = urlPassword(v);
        if (pw !== null) out.push(pw);
      }
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) walk(x, file, key);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    // An exec plugin's env: every value may be a secret (its names are not).
    if (Array.isArray(o['env']) && typeof o['command'] === 'string') {
      for (const e of o['env'] as unknown[]) if (typeof e === 'object' && e !== null && typeof (e as Record<string, unknown>)['value'] === 'string') out.push((e as Record<string, string>)['value'] ?? '');
    }
    for (const [k, x] of Object.entries(o)) walk(x, file, k);
  };
  for (const file of files) {
    const text = readSmall(file);
    if (text === null) continue;
    try {
      for (const doc of parseAllDocuments(text)) {
        if ('errors' in doc && doc.errors.length > 0) continue;
        walk(doc.toJS(), file, null);
      }
    } catch {
      // a kubeconfig the run could not read holds nothing it sent
    }
  }
  return out.filter((s) => s.trim().length >= 6);
}
