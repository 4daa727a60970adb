// Loads kubeconfig files the way kubectl does, then hands the merged result to client-node's
// KubeConfig (which we use for auth: exec plugins, token files, certificates).
// client-node's own loadFromDefault differs from kubectl (it throws on duplicate names and lets the
// last file's current-context win); kubectl's rule is "the first file to set a value wins".
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { rememberRawEntry } from './kubectl-config.js';
import type { KubeconfigFile, StageError } from './types.js';

export type KubeconfigProblem =
  | { kind: 'no-kubeconfig'; files: KubeconfigFile[] }
  | { kind: 'file-missing'; path: string }
  | { kind: 'malformed'; path: string; detail: string; line?: number; goYaml?: string }
  /** A *-data field that is not base64 (Go's error, e.g. "illegal base64 data at input byte 4"). */
  | { kind: 'bad-base64'; path: string; goMessage: string }
  /** The file cannot be read (a directory, no permission): Go's read/open error. */
  | { kind: 'unreadable'; path: string; goMessage: string };

export class KubeconfigLoadError extends Error {
  constructor(readonly problem: KubeconfigProblem, readonly files: KubeconfigFile[]) {
    super(problem.kind);
  }
}

export interface KubeconfigLocation {
  explicitPath: string | null; // --kubeconfig
  envValue: string | undefined; // $KUBECONFIG
  homeDir: string;
  sandboxPath: string | null;
}

/** Which files kubectl would read, in precedence order: --kubeconfig, else the KUBECONFIG list, else ~/.kube/config. */
export function kubeconfigCandidates(loc: KubeconfigLocation): KubeconfigFile[] {
  if (loc.sandboxPath) return [{ path: loc.sandboxPath, exists: existsSync(loc.sandboxPath), source: 'sandbox' }];
  if (loc.explicitPath) return [{ path: loc.explicitPath, exists: existsSync(loc.explicitPath), source: 'flag' }];
  if (loc.envValue && loc.envValue.length > 0) {
    const seen = new Set<string>();
    const files: KubeconfigFile[] = [];
    for (const p of loc.envValue.split(delimiter)) {
      if (p === '' || seen.has(p)) continue; // kubectl skips empty entries and duplicates
      seen.add(p);
      files.push({ path: p, exists: existsSync(p), source: 'KUBECONFIG' });
    }
    return files;
  }
  const home = join(loc.homeDir, '.kube', 'config');
  return [{ path: home, exists: existsSync(home), source: 'default' }];
}

type Entry = { name?: unknown; [k: string]: unknown };
type RawConfig = { clusters?: unknown; users?: unknown; contexts?: unknown; 'current-context'?: unknown };

// kubectl's file references (clientcmd GetClusterFileReferences / GetAuthInfoFileReferences). Note
// `tokenFile`: kubectl's key; client-node's `token-file` is not read by kubectl.
const PATH_FIELDS: Record<'clusters' | 'users', { key: string; fields: string[] }> = {
  clusters: { key: 'cluster', fields: ['certificate-authority'] },
  users: { key: 'user', fields: ['client-certificate', 'client-key', 'tokenFile'] },
};

/** kubectl resolves relative file references against the directory of the file that holds them (and an exec command with a "/" in it). */
function absolutize(entry: Entry, list: 'clusters' | 'users', dir: string): Entry {
  const spec = PATH_FIELDS[list];
  const inner = entry[spec.key];
  if (!inner || typeof inner !== 'object') return entry;
  const copy: Record<string, unknown> = { ...(inner as Record<string, unknown>) };
  for (const f of spec.fields) {
    const v = copy[f];
    if (typeof v === 'string' && v !== '' && !isAbsolute(v)) copy[f] = join(dir, v);
  }
  const exec = copy['exec'];
  if (list === 'users' && exec && typeof exec === 'object' && !Array.isArray(exec)) {
    const cmd = (exec as Record<string, unknown>)['command'];
    if (typeof cmd === 'string' && cmd.includes('/') && !isAbsolute(cmd)) copy['exec'] = { ...(exec as Record<string, unknown>), command: join(dir, cmd) };
  }
  return { ...entry, [spec.key]: copy };
}

/**
 * Go's base64.StdEncoding.DecodeString (which decodes a kubeconfig's *-data fields): the index of the
 * first byte it refuses, or null when the text decodes. Line breaks are skipped, padding is required.
 */
export function goBase64ErrorAt(src: string): number | null {
  const alphabet = /[A-Za-z0-9+/]/;
  let si = 0;
  const nl = (c: string | undefined): boolean => c === '\n' || c === '\r';
  for (;;) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return null;
        return si - j;
      }
      const c = src.charAt(si++);
      if (alphabet.test(c)) continue;
      if (nl(c)) {
        j--;
        continue;
      }
      if (c !== '=') return si - 1;
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < src.length && nl(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== '=') return si - 1;
        si++;
      }
      while (si < src.length && nl(src[si])) si++;
      return si < src.length ? si : null;
    }
  }
}

const DATA_FIELDS: Record<'clusters' | 'users', { key: string; fields: string[] }> = {
  clusters: { key: 'cluster', fields: ['certificate-authority-data'] },
  users: { key: 'user', fields: ['client-certificate-data', 'client-key-data'] },
};

/** kubectl refuses the whole file when a *-data field of any entry is not base64. */
function base64Problem(items: unknown, list: 'clusters' | 'users'): string | null {
  if (!Array.isArray(items)) return null;
  // A YAML list may hold anything (a scalar, null): only mappings are entries.
  for (const item of items as unknown[]) {
    const inner = item && typeof item === 'object' ? (item as Entry)[DATA_FIELDS[list].key] : null;
    if (!inner || typeof inner !== 'object') continue;
    for (const f of DATA_FIELDS[list].fields) {
      const v = (inner as Record<string, unknown>)[f];
      if (typeof v !== 'string') continue;
      const at = goBase64ErrorAt(v);
      if (at !== null) return `illegal base64 data at input byte ${at}`;
    }
  }
  return null;
}

/** The user entries as client-node gets them: without `token-file`, which client-node would read and kubectl ignores. */
function forClientNode(users: Entry[]): Entry[] {
  return users.map((u) => {
    const inner = u['user'];
    if (!inner || typeof inner !== 'object' || !('token-file' in (inner as Record<string, unknown>))) return u;
    const { ['token-file']: _ignored, ...rest } = inner as Record<string, unknown>;
    return { ...u, user: rest };
  });
}

// go-yaml's wording for the errors people actually make in kubeconfigs (kubectl parses with go-yaml).
const GO_YAML_WORDING: Partial<Record<string, string>> = {
  TAB_AS_INDENT: 'found character that cannot start any token',
  BAD_INDENT: 'did not find expected key',
  MISSING_CHAR: 'did not find expected node content',
  UNEXPECTED_TOKEN: 'did not find expected key',
  DUPLICATE_KEY: 'mapping key already defined',
};

function describeYamlError(e: unknown, path: string): KubeconfigProblem {
  const err = e as { message?: unknown; code?: unknown; linePos?: { line: number; col: number }[] };
  // The yaml library's message ends with ":" and a code excerpt on the following lines; keep the sentence.
  const first = (typeof err.message === 'string' ? err.message.split('\n')[0] ?? '' : String(e)).replace(/:\s*$/, '');
  const problem: KubeconfigProblem = { kind: 'malformed', path, detail: first };
  const line = err.linePos?.[0]?.line;
  if (typeof line === 'number') problem.line = line;
  const go = typeof err.code === 'string' ? GO_YAML_WORDING[err.code] : undefined;
  if (go && typeof line === 'number') problem.goYaml = `yaml: line ${line}: ${go}`;
  return problem;
}

export interface MergedKubeconfig {
  files: KubeconfigFile[];
  kubeConfig: KubeConfig;
  /** The merged raw entries, as kubectl reads them (fields client-node drops: tokenFile, as-groups, disable-compression…). Contains secrets: never put in trace data. */
  raw: { clusters: Entry[]; users: Entry[]; contexts: Entry[]; currentContext: string };
}

/** Reads and merges the files with kubectl's rules. Throws KubeconfigLoadError. */
export function loadKubeconfig(loc: KubeconfigLocation): MergedKubeconfig {
  const files = kubeconfigCandidates(loc);
  const only = files.length === 1 ? files[0] : undefined;
  const explicit = only !== undefined && (only.source === 'flag' || only.source === 'sandbox');
  if (explicit && !only.exists) {
    throw new KubeconfigLoadError({ kind: 'file-missing', path: only.path }, files);
  }
  const merged = { clusters: new Map<string, Entry>(), users: new Map<string, Entry>(), contexts: new Map<string, Entry>() };
  let currentContext = '';
  let anyRead = false;
  for (const file of files) {
    if (!file.exists) continue; // kubectl ignores missing files from the KUBECONFIG list
    let doc: unknown;
    let text: string;
    try {
      text = readFileSync(file.path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const goMessage = code === 'EISDIR' ? `read ${file.path}: is a directory` : code === 'EACCES' ? `open ${file.path}: permission denied` : `open ${file.path}: ${(e as Error).message}`;
      throw new KubeconfigLoadError({ kind: 'unreadable', path: file.path, goMessage }, files);
    }
    try {
      // logLevel 'error': the yaml package's warnings quote the source line, which may hold a token.
      doc = parseYaml(text, { logLevel: 'error' });
    } catch (e) {
      throw new KubeconfigLoadError(describeYamlError(e, file.path), files);
    }
    if (doc !== null && doc !== undefined && (typeof doc !== 'object' || Array.isArray(doc))) {
      throw new KubeconfigLoadError({ kind: 'malformed', path: file.path, detail: 'the file is not a YAML mapping' }, files);
    }
    anyRead = true;
    const cfg = (doc ?? {}) as RawConfig;
    const b64 = base64Problem(cfg.clusters, 'clusters') ?? base64Problem(cfg.users, 'users');
    if (b64 !== null) throw new KubeconfigLoadError({ kind: 'bad-base64', path: file.path, goMessage: b64 }, files);
    const dir = dirname(file.path);
    for (const list of ['clusters', 'users', 'contexts'] as const) {
      const items = cfg[list];
      if (!Array.isArray(items)) continue;
      for (const value of items as unknown[]) {
        if (!value || typeof value !== 'object') continue;
        const item = value as Entry;
        if (typeof item.name !== 'string') continue;
        if (merged[list].has(item.name)) continue; // first file wins
        merged[list].set(item.name, list === 'contexts' ? item : absolutize(item, list, dir));
      }
    }
    if (currentContext === '' && typeof cfg['current-context'] === 'string') currentContext = cfg['current-context'];
  }
  if (!anyRead) throw new KubeconfigLoadError({ kind: 'no-kubeconfig', files }, files);

  const raw = {
    clusters: [...merged.clusters.values()],
    users: [...merged.users.values()],
    contexts: [...merged.contexts.values()],
    currentContext,
  };
  const kubeConfig = new KubeConfig();
  try {
    // Filter out entries client-node cannot represent rather than failing the whole load; missing
    // references are reported by the stage with kubectl's wording.
    // Handed over as JSON, which is YAML too: writing YAML only for client-node to parse it back cost
    // more than the rest of the load.
    kubeConfig.loadFromString(
      JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: raw.clusters, users: forClientNode(raw.users), contexts: raw.contexts, 'current-context': currentContext }),
      { onInvalidEntry: 'filter' },
    );
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new KubeconfigLoadError({ kind: 'malformed', path: files.map((f) => f.path).join(delimiter), detail }, files);
  }
  for (const u of kubeConfig.getUsers()) rememberRawEntry(u, raw.users.find((r) => r.name === u.name)?.['user']);
  for (const c of kubeConfig.getClusters()) rememberRawEntry(c, raw.clusters.find((r) => r.name === c.name)?.['cluster']);
  return { files, kubeConfig, raw };
}

export function invalidKubeconfig(message: string, hint: string, kubectlMessage?: string): StageError {
  return kubectlMessage === undefined ? { kind: 'kubeconfig-invalid', message, hint } : { kind: 'kubeconfig-invalid', message, hint, kubectlMessage };
}

/** kubectl's wording for a kubeconfig that could not be loaded. */
export function kubeconfigLoadStageError(e: KubeconfigLoadError): StageError {
  const p = e.problem;
  switch (p.kind) {
    case 'no-kubeconfig':
      return {
        kind: 'no-kubeconfig',
        message: `No kubeconfig file was found (looked at ${p.files.map((f) => f.path).join(', ')}).`,
        hint: 'Create ~/.kube/config, set KUBECONFIG or pass --kubeconfig; or run kube-trace with --sandbox to use its built-in cluster.',
        kubectlMessage: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?',
      };
    case 'file-missing':
      return invalidKubeconfig(`The kubeconfig file ${p.path} does not exist.`, 'Check the path given to --kubeconfig.', `error: stat ${p.path}: no such file or directory`);
    case 'malformed':
      return invalidKubeconfig(
        `The kubeconfig file ${p.path} is not valid YAML: ${p.detail.charAt(0).toLowerCase()}${p.detail.slice(1)}.`,
        'Fix the YAML syntax (indent with spaces, never tabs; check quotes and colons), then check it with `kubectl config view`.',
        `error: error loading config file "${p.path}": ${p.goYaml ?? p.detail}`,
      );
    case 'bad-base64':
      return invalidKubeconfig(
        `The kubeconfig file ${p.path} has a certificate-authority-data, client-certificate-data or client-key-data value that is not base64 (${p.goMessage}).`,
        'These fields hold the PEM file base64-encoded on one line: `base64 -w0 FILE`; or use certificate-authority / client-certificate / client-key with a file path instead.',
        `error: error loading config file "${p.path}": ${p.goMessage}`,
      );
    case 'unreadable':
      return invalidKubeconfig(`The kubeconfig file ${p.path} cannot be read (${p.goMessage.replace(/^\w+ [^:]+: /, '')}).`, 'KUBECONFIG and --kubeconfig must name kubeconfig files, not directories; check the path and its permissions.', `error: error loading config file "${p.path}": ${p.goMessage}`);
  }
}
