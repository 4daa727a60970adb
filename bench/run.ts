// `npm run bench`: kube-trace against real kubectl on the same sandbox, and the figures the issue sets
// targets for (startup, 5,000 pods, first frame, install size). Prints a table; never asserts.
//
// Usage: npm run bench -- [--pairs N] [--scenarios default,many,many-json] [--kubectl PATH]
//                         [--node PATH] [--no-build] [--no-install] [--no-tui] [--tui-runs N]
//                         [--json FILE] [--package DIR]
//   --kubectl PATH a real kubectl build to compare with (default: the kubectl on PATH, or, when that
//                  is a dispatcher wrapper, the build beside it that it runs; a wrapper is refused)
//   --package DIR  measure another build of kube-trace (DIR/bin/kube-trace.js, DIR/dist), e.g. a
//                  patched copy, against the same kubectl and sandbox; implies --no-build
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem, tmpdir, release } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBareCredentials } from './bare-credentials.js';
import { bundleGroups } from './bundle-groups.js';
import { measureInstall, type InstallFigures } from './install.js';
import { resolveKubectl, type KubectlBinary } from './kubectl-binary.js';
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
  kubectl: string | null;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { pairs: 11, scenarios: ['default', 'many', 'many-json'], node: process.execPath, build: true, install: true, tui: true, tuiRuns: 5, json: null, kubectl: null };
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
    else if (a === '--kubectl') o.kubectl = value();
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

/**
 * What each benchmark runs: the default scenario's namespace, all 5,000 pods of `many` (paged by 500
 * by both), and the same as JSON (kubectl -o json against kube-trace --json). `sandbox` is the
 * scenario the sandbox serves; `kubectl`/`kubeTrace` the arguments after the binary.
 */
interface Spec {
  sandbox: string;
  kubectl: string[];
  kubeTrace: string[];
  listPath: string;
  accept: string;
  tuiArgs: string[] | null;
  keys: string[];
  /** kubectl's stdout must be in kube-trace's (plain), or equal to report.output.stdout (json). */
  compare: 'plain' | 'json';
}
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const SCENARIO_ARGS: Record<string, Spec> = {
  default: { sandbox: 'default', kubectl: ['get', 'pods'], kubeTrace: ['get', 'pods', '--plain'], listPath: '/api/v1/namespaces/default/pods?limit=500', accept: TABLE, tuiArgs: [], keys: [], compare: 'plain' },
  many: { sandbox: 'many', kubectl: ['get', 'pods', '-A'], kubeTrace: ['get', 'pods', '-A', '--plain'], listPath: '/api/v1/pods?limit=500', accept: TABLE, tuiArgs: ['--stage', 'format'], keys: ['j', 'j', 'j', 'j', 'j', 'G', 'g'], compare: 'plain' },
  'many-json': { sandbox: 'many', kubectl: ['get', 'pods', '-A', '-o', 'json'], kubeTrace: ['get', 'pods', '-A', '-o', 'json', '--json'], listPath: '/api/v1/pods?limit=500', accept: 'application/json', tuiArgs: null, keys: [], compare: 'json' },
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
  /** The floor: a bare HTTP/2 GET of the same first page from Node, as its own process. */
  bareGet: RunResult[];
  outputMatches: boolean;
  pages: PageTimes;
  tui: PtyTimeline[];
}

async function runScenario(o: Options, k8s: KubectlBinary, scenario: string, work: string): Promise<ScenarioFigures> {
  const spec = SCENARIO_ARGS[scenario];
  if (!spec) throw new Error(`no benchmark for scenario ${scenario} (there are: ${Object.keys(SCENARIO_ARGS).join(', ')})`);
  mkdirSync(join(work, scenario), { recursive: true });
  const sandbox = await startSandboxProcess(o.node, bundle, spec.sandbox, join(work, scenario));
  try {
    const kubectlHome = join(work, `home-kubectl-${scenario}`);
    const ktHome = join(work, `home-kube-trace-${scenario}`);
    mkdirSync(kubectlHome, { recursive: true });
    mkdirSync(ktHome, { recursive: true });
    // Both see the compared build as `kubectl` on PATH: kube-trace models the kubectl it finds there,
    // and would otherwise imitate the dispatcher (its own GET /version) that the build does not make.
    const binDir = join(work, 'bin');
    mkdirSync(binDir, { recursive: true });
    if (!existsSync(join(binDir, 'kubectl'))) symlinkSync(k8s.path, join(binDir, 'kubectl'));
    const base = { PATH: `${binDir}:${process.env['PATH'] ?? ''}`, LANG: 'C.UTF-8', NO_COLOR: '1' };
    const kubectlEnv = { ...base, HOME: kubectlHome };
    const ktEnv = { ...base, HOME: ktHome };
    const kubectlArgs = ['--kubeconfig', sandbox.kubeconfig, ...spec.kubectl];
    const ktArgs = [bin, ...spec.kubeTrace, '--kubeconfig', sandbox.kubeconfig];
    const kubectl = (): Promise<RunResult> => timedRun(k8s.path, kubectlArgs, kubectlEnv, work);
    const kubeTrace = (): Promise<RunResult> => timedRun(o.node, ktArgs, ktEnv, work);
    const credentials = join(work, scenario, 'bare-credentials.json');
    writeBareCredentials(sandbox.kubeconfig, credentials);
    const bareGet = (): Promise<RunResult> => timedRun(o.node, [join(root, 'bench', 'bare-get.mjs'), credentials, spec.listPath, spec.accept], ktEnv, root);

    // Warm-up: kubectl's discovery cache (~/.kube/cache), the OS file cache, Node's compile cache.
    const warmK = await kubectl();
    const warmT = await kubeTrace();
    if (warmK.exitCode !== 0) throw new Error(`kubectl failed (${scenario}):\n${warmK.stderr}`);
    if (warmT.exitCode !== 0) throw new Error(`kube-trace failed (${scenario}):\n${warmT.stderr}`);
    // kubectl's output must appear, whole, in kube-trace's (ages may have moved on by a second).
    const outputMatches =
      spec.compare === 'plain'
        ? withoutAges(warmT.stdout).includes(withoutAges(warmK.stdout))
        : (JSON.parse(warmT.stdout) as { output: { stdout: string } }).output.stdout === warmK.stdout;
    if ((await bareGet()).exitCode !== 0) throw new Error(`the bare GET of ${spec.listPath} failed (${scenario})`);

    const k: RunResult[] = [];
    const t: RunResult[] = [];
    const b: RunResult[] = [];
    for (let i = 0; i < o.pairs; i++) {
      k.push(await kubectl());
      t.push(await kubeTrace());
      b.push(await bareGet());
      progress(`${scenario}: ${i + 1}/${o.pairs} pairs`);
    }
    progressDone();

    const pages = await listPageTimes(sandbox.kubeconfig, spec.listPath, 500);

    const tui: PtyTimeline[] = [];
    if (o.tui && spec.tuiArgs !== null) {
      for (let i = 0; i < o.tuiRuns; i++) {
        tui.push(
          await ptyTimeline([o.node, bin, ...spec.kubectl, '--kubeconfig', sandbox.kubeconfig, ...spec.tuiArgs], {
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
    return { scenario, command: spec.kubeTrace.join(' '), kubectl: k, kubeTrace: t, bareGet: b, outputMatches, pages, tui };
  } finally {
    await sandbox.stop();
  }
}

function machine(node: string, k8s: KubectlBinary): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}; Node ${nodeVersion}; kubectl ${k8s.gitVersion} at ${k8s.path} (${k8s.why})`;
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

const pass = (ok: boolean): string => (ok ? 'met' : 'NOT MET');

/** The targets, each a ratio or a bound read in this one run. */
const TARGETS = { plain: 1.5, many: 0.9, json: 1.0, rss: 100e6, firstFrame: 100, keyMedian: 16, keySlowest: 33, settled: 1.3 };

function report(o: Options, base: Baseline, figures: ScenarioFigures[], install: InstallFigures | null, info: string, loads: string[], bundleText: string[]): string {
  const lines: string[] = [];
  const wall = (rs: RunResult[]): number => median(rs.map((r) => r.wallMs));
  lines.push(`Machine: ${info}`);
  lines.push(`Load average (1, 5, 15 min) at the start: ${loads[0]}; at the end: ${loads[1]}.`);
  lines.push(`Runs: ${o.pairs} triples per scenario (kubectl, kube-trace, bare GET, …), after one warm-up of each; medians. CPU is user + system time.`);
  lines.push('');
  lines.push('| floor | wall |');
  lines.push('| --- | --- |');
  lines.push(`| \`node -e 0\` | ${ms(wall(base.node))} |`);
  lines.push(`| \`kube-trace --version\` (the entry file alone) | ${ms(wall(base.version))} |`);
  for (const f of figures) lines.push(`| bare HTTP/2 GET of the first page from Node (${f.scenario}) | ${ms(wall(f.bareGet))} |`);
  lines.push('');
  lines.push('| scenario | kube-trace command | kubectl | kube-trace | ratio | target | CPU kubectl / kube-trace | peak RSS kube-trace | peak RSS kubectl | output matches |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const f of figures) {
    const km = wall(f.kubectl);
    const tm = wall(f.kubeTrace);
    const rss = max(f.kubeTrace.map((r) => r.peakRss));
    const krss = max(f.kubectl.map((r) => r.peakRss));
    const bound = f.scenario === 'default' ? TARGETS.plain : f.scenario === 'many' ? TARGETS.many : TARGETS.json;
    const memory = f.scenario === 'many-json' ? `${mb(rss)} (≤ kubectl's: ${pass(rss <= krss)})` : `${mb(rss)} (≤ 100 MB: ${pass(rss <= TARGETS.rss)})`;
    lines.push(
      `| ${f.scenario} | \`${f.command}\` | ${ms(km)} | ${ms(tm)} | ${(tm / km).toFixed(2)}× | ≤ ${bound}×: ${pass(tm / km <= bound)} | ${ms(median(f.kubectl.map((r) => r.cpuMs)))} / ${ms(median(f.kubeTrace.map((r) => r.cpuMs)))} | ${memory} | ${mb(krss)} | ${f.outputMatches ? 'yes' : 'NO'} |`,
    );
  }
  lines.push('');
  lines.push('| scenario | sandbox: pages of 500 as Table | median per page | slowest page |');
  lines.push('| --- | --- | --- | --- |');
  for (const f of figures.filter((x) => x.scenario !== 'many-json')) {
    lines.push(`| ${f.scenario} | ${f.pages.pages} pages, ${f.pages.rows} rows | ${ms(median(f.pages.pageMs))} | ${ms(max(f.pages.pageMs))} |`);
  }
  if (figures.some((f) => f.tui.length > 0)) {
    lines.push('');
    lines.push(`Interactive (a 120×40 pseudo-terminal, ${o.tuiRuns} runs each, medians; times from the process start; "settled" is every stage traced, against the plain run of the same scenario):`);
    lines.push('');
    lines.push(`| scenario | first frame (≤ ${TARGETS.firstFrame} ms) | screen settled (≤ ${TARGETS.settled}× plain) | key → redraw median (≤ ${TARGETS.keyMedian} ms) / slowest (≤ ${TARGETS.keySlowest} ms) | peak RSS (≤ 100 MB) |`);
    lines.push('| --- | --- | --- | --- | --- |');
    for (const f of figures) {
      if (f.tui.length === 0) continue;
      const ff = median(f.tui.map((x) => x.firstFrameMs));
      const settled = median(f.tui.map((x) => x.settledMs));
      const plain = wall(f.kubeTrace);
      const keys = f.tui.flatMap((x) => x.keyLatencyMs);
      const rss = max(f.tui.map((x) => x.peakRss));
      const keyText = keys.length ? `${ms(median(keys))} (${pass(median(keys) <= TARGETS.keyMedian)}) / ${ms(max(keys))} (${pass(max(keys) <= TARGETS.keySlowest)})` : '— (no keys in this scenario)';
      lines.push(`| ${f.scenario} | ${ms(ff)} (${pass(ff <= TARGETS.firstFrame)}) | ${ms(settled)} = ${(settled / plain).toFixed(2)}× (${pass(settled / plain <= TARGETS.settled)}) | ${keyText} | ${mb(rss)} (${pass(rss <= TARGETS.rss)}) |`);
    }
  }
  lines.push('');
  lines.push(...bundleText);
  if (install) {
    lines.push('');
    lines.push('| install | figure |');
    lines.push('| --- | --- |');
    lines.push(`| ${install.tarball} | ${mb(install.packedBytes)} packed, ${mb(install.unpackedBytes)} unpacked, ${install.files} files |`);
    lines.push(`| runtime dependencies | ${install.runtimeDependencies} |`);
    lines.push(`| \`npx --yes ./${install.tarball} --version\`, empty npm cache | ${ms(install.npxColdMs)} (printed "${install.npxOutput}") |`);
  }
  return lines.join('\n') + '\n';
}

function bundleReport(): string[] {
  const { groups, entryBytes, totalBytes } = bundleGroups(root);
  const kb = (n: number): string => `${(n / 1024).toFixed(0)} kB`;
  const lines = [`Bundle: ${kb(totalBytes)} of JavaScript, ${kb(entryBytes)} of it in the entry file every run loads; by module group (the largest 15):`, '', '| group | in the entry | in lazy chunks |', '| --- | --- | --- |'];
  for (const g of groups.slice(0, 15)) lines.push(`| ${g.group} | ${kb(g.entryBytes)} | ${kb(g.chunkBytes)} |`);
  return lines;
}

/** The tools the benchmark drives, with the Debian package that has each. */
function checkTools(o: Options): void {
  if (!o.tui) return;
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('script is not available: install util-linux `script`, for the pseudo-terminal (or pass --no-tui)');
  }
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  checkTools(o);
  const k8s = resolveKubectl(o.kubectl);
  if (o.build) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  const work = mkdtempSync(join(tmpdir(), 'kube-trace-bench-'));
  try {
    const info = machine(o.node, k8s);
    process.stderr.write(`${info}\n`);
    const loads = [load()];
    const base = await baseline(o, work);
    const figures: ScenarioFigures[] = [];
    for (const s of o.scenarios) figures.push(await runScenario(o, k8s, s, work));
    const install = o.install ? await measureInstall(pkgDir) : null;
    loads.push(load());
    const text = report(o, base, figures, install, info, loads, bundleReport());
    process.stdout.write('\n' + text);
    if (o.json) {
      const strip = (r: RunResult): object => ({ wallMs: r.wallMs, cpuMs: r.cpuMs, peakRss: r.peakRss, exitCode: r.exitCode });
      const data = { machine: info, kubectl: k8s, loadAverage: loads, baseline: { node: base.node.map(strip), version: base.version.map(strip) }, options: o, install, scenarios: figures.map((f) => ({ ...f, kubectl: f.kubectl.map(strip), kubeTrace: f.kubeTrace.map(strip), bareGet: f.bareGet.map(strip) })) };
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
