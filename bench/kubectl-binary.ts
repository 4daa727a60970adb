// Which kubectl the benchmark compares against: a real build, named. On these machines the `kubectl`
// on PATH is Google Cloud SDK's dispatcher, which asks the server for its version and then runs one
// of the builds beside it (kubectl.1.27 … kubectl.1.33): about 40 ms of its own per call, so a
// ratio against it would flatter kube-trace. A dispatcher is refused when named with --kubectl, and
// replaced by the build it would run by default (its own version's) when found on PATH.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface KubectlBinary {
  path: string;
  gitVersion: string;
  /** How it was chosen, for the report. */
  why: string;
}

function gitVersionOf(path: string): string {
  const out = execFileSync(path, ['version', '--client', '-o', 'json'], { encoding: 'utf8', env: { ...process.env, HOME: '/nonexistent' } });
  const v = (JSON.parse(out) as { clientVersion?: { gitVersion?: unknown } }).clientVersion?.gitVersion;
  if (typeof v !== 'string') throw new Error(`${path} did not say its version`);
  return v;
}

const isWrapper = (gitVersion: string): boolean => /dispatcher/i.test(gitVersion);

function onPath(name: string): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    const p = join(dir, name);
    if (dir !== '' && existsSync(p)) return p;
  }
  return null;
}

export function resolveKubectl(asked: string | null): KubectlBinary {
  if (asked !== null) {
    const path = realpathSync(asked);
    const gitVersion = gitVersionOf(path);
    if (isWrapper(gitVersion)) throw new Error(`${asked} is a wrapper (${gitVersion}), not a kubectl build: name a real build, e.g. ${siblings(path).join(', ') || 'kubectl.1.32'}`);
    return { path, gitVersion, why: 'named with --kubectl' };
  }
  const found = onPath('kubectl');
  if (found === null) throw new Error('no kubectl on PATH: install one, or name a build with --kubectl PATH');
  const path = realpathSync(found);
  const gitVersion = gitVersionOf(path);
  if (!isWrapper(gitVersion)) return { path, gitVersion, why: 'the kubectl on PATH' };
  const minor = /^v1\.(\d+)/.exec(gitVersion)?.[1];
  const builds = siblings(path);
  const pick = builds.find((b) => b.endsWith(`kubectl.1.${minor}`)) ?? builds.at(-1);
  if (pick === undefined) throw new Error(`the kubectl on PATH (${path}) is a wrapper (${gitVersion}) and no real build sits beside it: name one with --kubectl PATH`);
  return { path: pick, gitVersion: gitVersionOf(pick), why: `the kubectl on PATH is a wrapper (${gitVersion}); this is the build beside it that it runs by default` };
}

function siblings(path: string): string[] {
  const dir = dirname(path);
  return readdirSync(dir)
    .filter((f) => /^kubectl\.1\.\d+$/.test(f))
    .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]))
    .map((f) => join(dir, f));
}
