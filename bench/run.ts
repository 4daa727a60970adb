// `npm run bench`: kube-trace against real kubectl on the same sandbox, and the figures the issue sets
// targets for (startup, 5,000 pods, first frame, install size). Prints a table; never asserts.
//
// Usage: npm run bench -- [--pairs N] [--scenarios default,many] [--node PATH] [--no-build]
//                         [--no-install] [--no-tui] [--tui-runs N] [--json FILE] [--package DIR]
//   --package DIR  measure another build of kube-trace (DIR/bin/kube-trace.js, DIR/dist), e.g. a
//                  patched copy, against the same kubectl and sandbox; implies --no-build
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem, tmpdir, release } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInstall, type InstallFigures } from './install.js';
import { listPageTimes, type PageTimes } from './page-timing.js';
import { ptyTimeline, type PtyTimeline } from './pty-timeline.js';
import { startSandboxProcess } from './sandbox-process.js';
import { max, mb, median, ms } from './stats.js';
import { timedRun, type RunResult } from './timed-run.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
let pkgDir = root;
let bundle = join(root, 'dist', 'kube-trace.js');
let bin = join(root, 'bin', 'kube-trace.js');

interface Options {
  pairs: number;
  scenarios: string[];
  node: string;
  build: boolean;
  install: boolean;
  tui: boolean;
  tuiRuns: number;
  json: string | null;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { pairs: 11, scenarios: ['default', 'many'], node: process.execPath, build: true, install: true, tui: true, tuiRuns: 5, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--pairs') o.pairs = Math.max(1, Number(value()));
    else if (a === '--scenarios') o.scenarios = value().split(',');
    else if (a === '--node') o.node = value();
    else if (a === '--tui-runs') o.tuiRuns = Math.max(1, Number(value()));
    else if (a === '--json') o.json = value();
    else if (a === '--no-build') o.build = false;
    else if (a === '--no-install') o.install = false;
    else if (a === '--no-tui') o.tui = false;
    else if (a === '--package') {
      const dir = resolve(value());
      pkgDir = dir;
      bundle = join(dir, 'dist', 'kube-trace.js');
      bin = join(dir, 'bin', 'kube-trace.js');
      o.build = false;
    }
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** What each scenario lists: the default one's namespace, and all 5,000 pods of `many` (paged by 500). */
const SCENARIO_ARGS: Record<string, { get: string[]; listPath: string; tuiArgs: string[]; keys: string[] }> = {
  default: { get: ['get', 'pods'], listPath: '/api/v1/namespaces/default/pods', tuiArgs: [], keys: [] },
  many: { get: ['get', 'pods', '-A'], listPath: '/api/v1/pods', tuiArgs: ['--stage', 'format'], keys: ['j', 'j', 'j', 'j', 'j', 'G', 'g'] },
};

// Progress on one rewritten line in a terminal; in a log, only the last state of each step.
let lastProgress = '';
function progress(text: string): void {
  lastProgress = text;
  if (process.stderr.isTTY) process.stderr.write(`\r  ${text}`);
}
function progressDone(): void {
  process.stderr.write(process.stderr.isTTY ? '\n' : `  ${lastProgress}\n`);
}

/** Go's short durations (5s, 4m36s, 120m, 2d3h) → "<age>", so that two runs a second apart compare equal. */
function withoutAges(text: string): string {
  return text.replace(/\b\d+[smhdy](\d+[smh])?\b/g, '<age>');
}

interface ScenarioFigures {
  scenario: string;
  command: string;
  kubectl: RunResult[];
  kubeTrace: RunResult[];
  outputMatches: boolean;
  pages: PageTimes;
  tui: PtyTimeline[];
}

async function runScenario(o: Options, scenario: string, work: string): Promise<ScenarioFigures> {
  const spec = SCENARIO_ARGS[scenario];
  if (!spec) throw new Error(`no benchmark for scenario ${scenario}`);
  const sandbox = await startSandboxProcess(o.node, bundle, scenario, work);
  try {
    const kubectlHome = join(work, `home-kubectl-${scenario}`);
    const ktHome = join(work, `home-kube-trace-${scenario}`);
    mkdirSync(kubectlHome, { recursive: true });
    mkdirSync(ktHome, { recursive: true });
    const base = { PATH: process.env['PATH'], LANG: 'C.UTF-8', NO_COLOR: '1' };
    const kubectlEnv = { ...base, HOME: kubectlHome };
    const ktEnv = { ...base, HOME: ktHome };
    const kubectlArgs = ['--kubeconfig', sandbox.kubeconfig, ...spec.get];
    const ktArgs = [bin, ...spec.get, '--kubeconfig', sandbox.kubeconfig, '--plain'];
    const kubectl = (): Promise<RunResult> => timedRun('kubectl', kubectlArgs, kubectlEnv, work);
    const kubeTrace = (): Promise<RunResult> => timedRun(o.node, ktArgs, ktEnv, work);

    // Warm-up: kubectl's discovery cache (~/.kube/cache), the OS file cache, Node's compile cache.
    const warmK = await kubectl();
    const warmT = await kubeTrace();
    if (warmK.exitCode !== 0) throw new Error(`kubectl failed (${scenario}):\n${warmK.stderr}`);
    if (warmT.exitCode !== 0) throw new Error(`kube-trace failed (${scenario}):\n${warmT.stderr}`);
    // kubectl's output must appear, whole, in kube-trace's (ages may have moved on by a second).
    const outputMatches = withoutAges(warmT.stdout).includes(withoutAges(warmK.stdout));

    const k: RunResult[] = [];
    const t: RunResult[] = [];
    for (let i = 0; i < o.pairs; i++) {
      k.push(await kubectl());
      t.push(await kubeTrace());
      progress(`${scenario}: ${i + 1}/${o.pairs} pairs`);
    }
    progressDone();

    const pages = await listPageTimes(sandbox.kubeconfig, spec.listPath, 500);

    const tui: PtyTimeline[] = [];
    if (o.tui) {
      for (let i = 0; i < o.tuiRuns; i++) {
        tui.push(
          await ptyTimeline([o.node, bin, ...spec.get, '--kubeconfig', sandbox.kubeconfig, ...spec.tuiArgs], {
            cols: 120,
            rows: 40,
            env: { ...base, HOME: ktHome, TERM: 'xterm-256color', CI: 'false' },
            cwd: work,
            keys: spec.keys,
            settleMs: 400,
            timeoutMs: 20_000,
          }),
        );
        progress(`${scenario}: ${i + 1}/${o.tuiRuns} interactive runs`);
      }
      progressDone();
    }
    return { scenario, command: spec.get.join(' '), kubectl: k, kubeTrace: t, outputMatches, pages, tui };
  } finally {
    await sandbox.stop();
  }
}

function machine(node: string): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  let kubectl = 'kubectl ?';
  try {
    kubectl = execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).split('\n')[0] ?? kubectl;
  } catch {
    // reported as unknown
  }
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}; Node ${nodeVersion}; ${kubectl}`;
}

const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

interface Baseline {
  node: RunResult[];
  version: RunResult[];
}

/** Node's own start (`node -e 0`) and kube-trace's (`--version`: the entry file, no trace), paired. */
async function baseline(o: Options, work: string): Promise<Baseline> {
  const env = { PATH: process.env['PATH'], HOME: work };
  const b: Baseline = { node: [], version: [] };
  for (let i = 0; i < o.pairs; i++) {
    b.node.push(await timedRun(o.node, ['-e', '0'], env, work));
    b.version.push(await timedRun(o.node, [bin, '--version'], env, work));
  }
  return b;
}

const pass = (ok: boolean): string => (ok ? 'yes' : 'NO');

function report(o: Options, base: Baseline, figures: ScenarioFigures[], install: InstallFigures | null, info: string, loads: string[]): string {
  const lines: string[] = [];
  lines.push(`Machine: ${info}`);
  lines.push(`Load average (1, 5, 15 min) at the start: ${loads[0]}; at the end: ${loads[1]}.`);
  lines.push(`Runs: ${o.pairs} pairs per scenario (kubectl, kube-trace, kubectl, …), after one warm-up of each; medians. CPU is user + system time.`);
  lines.push(`Startup alone: \`node -e 0\` ${ms(median(base.node.map((r) => r.wallMs)))}, \`kube-trace --version\` ${ms(median(base.version.map((r) => r.wallMs)))}.`);
  lines.push('');
  lines.push('| scenario | command | kubectl | kube-trace --plain | ratio (≤ 2) | CPU kubectl / kube-trace | peak RSS kube-trace (≤ 150 MB) | peak RSS kubectl | output matches |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const f of figures) {
    const km = median(f.kubectl.map((r) => r.wallMs));
    const tm = median(f.kubeTrace.map((r) => r.wallMs));
    const rss = max(f.kubeTrace.map((r) => r.peakRss));
    lines.push(
      `| ${f.scenario} | \`${f.command}\` | ${ms(km)} | ${ms(tm)} | ${(tm / km).toFixed(2)} (${pass(tm / km <= 2)}) | ${ms(median(f.kubectl.map((r) => r.cpuMs)))} / ${ms(median(f.kubeTrace.map((r) => r.cpuMs)))} | ${mb(rss)} (${pass(rss <= 150e6)}) | ${mb(max(f.kubectl.map((r) => r.peakRss)))} | ${pass(f.outputMatches)} |`,
    );
  }
  lines.push('');
  lines.push('| scenario | sandbox: pages of 500 as Table | median per page | slowest page (≤ 150 ms) |');
  lines.push('| --- | --- | --- | --- |');
  for (const f of figures) {
    lines.push(`| ${f.scenario} | ${f.pages.pages} pages, ${f.pages.rows} rows | ${ms(median(f.pages.pageMs))} | ${ms(max(f.pages.pageMs))} (${pass(max(f.pages.pageMs) <= 150)}) |`);
  }
  if (figures.some((f) => f.tui.length > 0)) {
    lines.push('');
    lines.push(`Interactive (a 120×40 pseudo-terminal, ${o.tuiRuns} runs each, medians; times from the process start):`);
    lines.push('');
    lines.push('| scenario | first frame (≤ 250 ms) | screen settled | key → redraw (median / slowest) | peak RSS |');
    lines.push('| --- | --- | --- | --- | --- |');
    for (const f of figures) {
      if (f.tui.length === 0) continue;
      const ff = median(f.tui.map((x) => x.firstFrameMs));
      const keys = f.tui.flatMap((x) => x.keyLatencyMs);
      lines.push(
        `| ${f.scenario} | ${ms(ff)} (${pass(ff <= 250)}) | ${ms(median(f.tui.map((x) => x.settledMs)))} | ${keys.length ? `${ms(median(keys))} / ${ms(max(keys))}` : '—'} | ${mb(max(f.tui.map((x) => x.peakRss)))} |`,
      );
    }
  }
  if (install) {
    lines.push('');
    lines.push('| install | figure | target |');
    lines.push('| --- | --- | --- |');
    lines.push(`| ${install.tarball} | ${mb(install.packedBytes)} packed, ${mb(install.unpackedBytes)} unpacked, ${install.files} files | ≤ 5 MB unpacked: ${pass(install.unpackedBytes <= 5e6)} |`);
    lines.push(`| runtime dependencies | ${install.runtimeDependencies} | none: ${pass(install.runtimeDependencies === 0)} |`);
    lines.push(`| \`npx --yes ./${install.tarball} --version\`, empty npm cache | ${ms(install.npxColdMs)} (printed "${install.npxOutput}") | ≤ 3 s: ${pass(install.npxColdMs <= 3000)} |`);
  }
  return lines.join('\n') + '\n';
}

/** The tools the benchmark drives, with the Debian package that has each. */
function checkTools(o: Options): void {
  const need: [string, string[], string][] = [['kubectl', ['version', '--client'], 'kubectl (the real one is compared against)']];
  if (o.tui) need.push(['script', ['--version'], 'util-linux `script`, for the pseudo-terminal (or pass --no-tui)']);
  for (const [cmd, args, what] of need) {
    try {
      execFileSync(cmd, args, { stdio: 'ignore' });
    } catch {
      throw new Error(`${cmd} is not available: install ${what}`);
    }
  }
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  checkTools(o);
  if (o.build) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  const work = mkdtempSync(join(tmpdir(), 'kube-trace-bench-'));
  try {
    const info = machine(o.node);
    process.stderr.write(`${info}\n`);
    const loads = [load()];
    const base = await baseline(o, work);
    const figures: ScenarioFigures[] = [];
    for (const s of o.scenarios) figures.push(await runScenario(o, s, work));
    const install = o.install ? await measureInstall(pkgDir) : null;
    loads.push(load());
    const text = report(o, base, figures, install, info, loads);
    process.stdout.write('\n' + text);
    if (o.json) {
      const strip = (r: RunResult): object => ({ wallMs: r.wallMs, cpuMs: r.cpuMs, peakRss: r.peakRss, exitCode: r.exitCode });
      const data = { machine: info, loadAverage: loads, baseline: { node: base.node.map(strip), version: base.version.map(strip) }, options: o, install, scenarios: figures.map((f) => ({ ...f, kubectl: f.kubectl.map(strip), kubeTrace: f.kubeTrace.map(strip) })) };
      writeFileSync(o.json, JSON.stringify(data, null, 2) + '\n');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
