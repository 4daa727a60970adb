// What a learner downloads: the packed tarball's size, what it unpacks to, its runtime dependencies,
// and how long `npx --yes ./kube-trace-*.tgz --version` takes with an empty npm cache.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timedRun } from './timed-run.js';

export interface InstallFigures {
  tarball: string;
  packedBytes: number;
  unpackedBytes: number;
  files: number;
  runtimeDependencies: number;
  npxColdMs: number;
  npxOutput: string;
}

interface PackEntry {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
}

/** Packs the project as it is (the bundle must be built already) and times a cold npx of the tarball. */
export async function measureInstall(root: string): Promise<InstallFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'kube-trace-bench-pack-'));
  try {
    // --ignore-scripts: the bundle was just built; `prepare` would only build it again.
    const json = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
    const entry = (JSON.parse(json) as PackEntry[])[0];
    if (!entry) throw new Error('npm pack printed no entry');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const home = join(dir, 'home');
    const env = {
      PATH: process.env['PATH'],
      HOME: home,
      npm_config_cache: join(dir, 'npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    };
    const run = await timedRun('npx', ['--yes', `./${entry.filename}`, '--version'], env, dir);
    if (run.exitCode !== 0) throw new Error(`npx --yes ./${entry.filename} --version failed:\n${run.stderr}`);
    return {
      tarball: entry.filename,
      packedBytes: entry.size,
      unpackedBytes: entry.unpackedSize,
      files: entry.entryCount,
      runtimeDependencies: Object.keys(pkg.dependencies ?? {}).length,
      npxColdMs: run.wallMs,
      npxOutput: run.stdout.trim(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
