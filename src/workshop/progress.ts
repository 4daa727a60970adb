// A learner's progress through one workshop, under the XDG state directory ($XDG_STATE_HOME, else
// ~/.local/state)/kube-trace/workshops/: which steps are done and what was answered. One file per
// workshop file (named by its path's digest), written whole through a rename.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface StepProgress {
  id: string;
  answer: string | null;
  expected: string | null;
  right: boolean | null;
  at: string;
}

export interface Progress {
  file: string;
  title: string;
  done: StepProgress[];
}

export function stateDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const base = env['XDG_STATE_HOME'] && env['XDG_STATE_HOME'].trim() !== '' ? env['XDG_STATE_HOME'] : join(home, '.local', 'state');
  return join(base, 'kube-trace', 'workshops');
}

export function progressFile(dir: string, workshopFile: string): string {
  const digest = createHash('sha256').update(workshopFile).digest('hex').slice(0, 12);
  return join(dir, `${basename(workshopFile).replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_')}-${digest}.json`);
}

export async function loadProgress(path: string, workshopFile: string, title: string): Promise<Progress> {
  try {
    const p = JSON.parse(await readFile(path, 'utf8')) as Partial<Progress>;
    if (Array.isArray(p.done)) return { file: workshopFile, title, done: p.done.filter((d): d is StepProgress => typeof d === 'object' && typeof (d as { id?: unknown }).id === 'string') };
  } catch {
    // none yet, or unreadable: start from the first step
  }
  return { file: workshopFile, title, done: [] };
}

export async function saveProgress(path: string, p: Progress): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, JSON.stringify(p, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, path);
}

export async function resetProgress(path: string): Promise<void> {
  await rm(path, { force: true });
}
