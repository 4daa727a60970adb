// Finds the learner's kubectl: the `kubectl` on PATH, asked once what it is
// (`kubectl version --client -o json`), resolved through Google Cloud SDK's dispatcher (which runs the
// kubectl.1.X beside it that matches the server), or a build chosen with --kubectl-version. Answers
// are cached by file (path, size, mtime) under the user's cache directory, so a run costs a stat.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { DEFAULT_BUILD, minorOf, modelledBuild, parseVersion, type KubectlBuild, type KubectlInstall } from '../trace/kubectl/identity.js';

const VERSION_TIMEOUT_MS = 3000;
/** What the dispatcher calls itself on the wire (its User-Agent), seen on these machines. */
const DISPATCHER_VERSION = 'v1.0';

function onPath(name: string, env: Record<string, string | undefined>): string | null {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const p = join(dir, name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return null;
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  build: KubectlBuild | null;
}

function cacheFile(env: Record<string, string | undefined>, home: string): string {
  return join(env['XDG_CACHE_HOME'] || join(home, '.cache'), 'kube-trace', 'kubectl-versions.json');
}

function readCache(file: string): Record<string, CacheEntry> {
  try {
    const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof v === 'object' && v !== null ? (v as Record<string, CacheEntry>) : {};
  } catch {
    return {};
  }
}

function writeCache(file: string, entries: Record<string, CacheEntry>): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entries), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs the next run a few milliseconds.
  }
}

function askVersion(path: string): Promise<KubectlBuild | null> {
  return new Promise((resolve) => {
    execFile(path, ['version', '--client', '-o', 'json'], { timeout: VERSION_TIMEOUT_MS, maxBuffer: 1 << 20, env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent' } }, (err, stdout) => {
      if (err) return resolve(null);
      try {
        const c = (JSON.parse(stdout) as { clientVersion?: { gitVersion?: unknown; gitCommit?: unknown; platform?: unknown } }).clientVersion;
        if (typeof c?.gitVersion !== 'string') return resolve(null);
        resolve({ binaryName: basename(path), gitVersion: c.gitVersion, gitCommit: typeof c.gitCommit === 'string' ? c.gitCommit : '', platform: typeof c.platform === 'string' ? c.platform : '', path });
      } catch {
        resolve(null);
      }
    });
  });
}

/** What each file says it is, from the cache when the file has not changed. */
async function describe(paths: string[], cache: Record<string, CacheEntry>): Promise<{ builds: (KubectlBuild | null)[]; changed: boolean }> {
  let changed = false;
  const builds = await Promise.all(
    paths.map(async (p) => {
      const st = statSync(p);
      const hit = cache[p];
      if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.build;
      const build = await askVersion(p);
      cache[p] = { size: st.size, mtimeMs: st.mtimeMs, build };
      changed = true;
      return build;
    }),
  );
  return { builds, changed };
}


/**
 * The learner's kubectl. `want` is --kubectl-version ("1.28", already checked by the argument parser):
 * that build when it is on this machine (beside the kubectl on PATH), else modelled on that release.
 */
export async function detectKubectl(env: Record<string, string | undefined>, home: string, want: string | null): Promise<KubectlInstall> {
  const found = onPath('kubectl', env);
  if (found === null) {
    const build = want !== null ? (modelledBuild(want) ?? DEFAULT_BUILD) : DEFAULT_BUILD;
    return { kind: 'modelled', build, reason: want !== null ? `--kubectl-version ${want}, and no kubectl on PATH` : 'no kubectl on PATH' };
  }
  const real = realpathSync(found);
  const file = cacheFile(env, home);
  const cache = readCache(file);
  // The versioned builds beside it, by minor: asked what they are only when one is needed.
  const siblings = new Map<number, string>();
  for (const n of readdirSync(dirname(real))) {
    const m = /^kubectl\.1\.(\d+)$/.exec(n);
    if (m) siblings.set(Number(m[1]), join(dirname(real), n));
  }
  const ask = async (paths: string[]): Promise<(KubectlBuild | null)[]> => {
    const d = await describe(paths, cache);
    if (d.changed) writeCache(file, cache);
    return d.builds;
  };
  const [self] = await ask([real]);
  if (want !== null) {
    const minor = parseVersion(want)?.minor ?? -1;
    const path = siblings.get(minor);
    const match = path !== undefined ? (await ask([path]))[0] : self && !self.gitVersion.includes('-dispatcher') && minorOf(self) === minor ? self : null;
    if (match) return { kind: 'binary', build: { ...match, binaryName: 'kubectl' }, chosenBy: 'flag' };
    return { kind: 'modelled', build: modelledBuild(want) ?? DEFAULT_BUILD, reason: `--kubectl-version ${want}: no such build on this machine` };
  }
  if (self === null || self === undefined) return { kind: 'modelled', build: DEFAULT_BUILD, reason: `${found} did not say its version` };
  // kubectl names itself after the file it was run as: "kubectl" from PATH.
  const asRun = { ...self, binaryName: basename(found) };
  if (self.gitVersion.includes('-dispatcher')) {
    const loadBuild = async (minor: number): Promise<KubectlBuild | null> => {
      const path = siblings.get(minor);
      return path === undefined ? null : ((await ask([path]))[0] ?? null);
    };
    return { kind: 'dispatcher', path: real, dispatcherVersion: DISPATCHER_VERSION, own: { ...asRun, gitVersion: self.gitVersion.replace(/-dispatcher$/, '') }, builds: [], loadBuild };
  }
  return { kind: 'binary', build: asRun, chosenBy: 'path' };
}
