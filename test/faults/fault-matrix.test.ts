// The fault matrix: each fault stops the trace at its stage, with one clear sentence, a hint that
// says what to check, kubectl's own line, kubectl's exit code, and no stack trace — in --json and in
// --plain. Where kubectl has a message, real kubectl is run against the same fault and compared.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseKlog } from '../helpers/klog.js';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../helpers/cli.js';
import { kubectlPath, runKubectl, type KubectlRun } from '../helpers/kubectl.js';
import { createCa } from '../trace/helpers/pki.js';
import { STAGE_TITLES, type TraceReport } from '../../src/trace/types.js';
import { GET_STAGE_NAMES } from '../../src/trace/plan.js';
import { FAULT_CASES, type FaultCase, type FaultContext } from './fault-cases.js';

let ctx: FaultContext;
let covered = 0;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-trace-faults-'));
  const home = join(dir, 'home');
  mkdirSync(home);
  ctx = { dir, home, ca: await createCa('fault-matrix-ca'), baseEnv: { PATH: process.env['PATH'], HOME: home, NO_COLOR: '1', KUBE_TRACE_DEBUG: '1' } };
});

after(() => {
  rmSync(ctx.dir, { recursive: true, force: true });
  // eslint-disable-next-line no-console
  console.log(`# faults: ${covered} of ${FAULT_CASES.length} fault cases stop at their stage with a message and a hint`);
});

const STACK = /\n\s+at [\w.<>[\]]+ \(|node:internal|internal error/;

/** Ports, temp paths and the resolver address differ between runs and tools. */
function normalise(line: string): string {
  return line
    .replaceAll(ctx.dir, '<DIR>')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<PORT>')
    .replace(/ on [\d.]+:53: no such host/, ': no such host');
}

function logLines(text: string): string[] {
  return normaliseKlog(text).trim().split('\n').slice(0, -1).map(normalise);
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

const KUBECTL = kubectlPath();
const runsOf = new Map<FaultCase, () => ReturnType<typeof traceOf>>();

/** One setup per case: kube-trace --json, --plain and (where it has a message) real kubectl. */
async function traceOf(c: FaultCase): Promise<{ report: TraceReport; exitCode: number; plain: CliRun; kubectl: KubectlRun | null }> {
  const s = await c.setup(ctx);
  // A HOME of its own per run: a discovery cache left by an earlier case's server on the same
  // (reused) port would otherwise spare this run its discovery requests.
  const homeFor = (mode: string): Record<string, string | undefined> => {
    if (s.env['HOME'] !== ctx.home) return s.env;
    const home = join(ctx.dir, `home-${mode}-${Math.random()}`);
    mkdirSync(home);
    return { ...s.env, HOME: home };
  };
  try {
    const [json, plain, kubectl] = await Promise.all([
      runCli(['get', 'pods', ...s.args, '--json'], homeFor('json')),
      runCli(['get', 'pods', ...s.args, '--plain'], homeFor('plain')),
      c.compareWithKubectl && KUBECTL ? runKubectl(KUBECTL, ['get', 'pods', ...s.args], { ...s.env, HOME: join(ctx.dir, `kubectl-home-${Math.random()}`) }, 180_000) : null,
    ]);
    assert.doesNotMatch(json.stdout + json.stderr, STACK, json.stderr);
    assert.doesNotMatch(plain.stdout + plain.stderr, STACK, plain.stderr);
    return { report: JSON.parse(json.stdout) as TraceReport, exitCode: json.exitCode, plain, kubectl };
  } finally {
    await s.close();
  }
}

const squash = (t: string): string => t.replace(/\s+/g, ' ');

describe('fault matrix', { concurrency: 4 }, () => {
  for (const c of FAULT_CASES) {
    const runs = traceOfOnce(c);
    runsOf.set(c, runs);
    it(c.stage ? `${c.name}: a clear ${c.kind} error, a hint, exit code 1, no stack trace` : c.name, async () => {
      const { report, exitCode, plain } = await runs();
      assert.deepEqual(report.stages.map((x) => x.name), [...GET_STAGE_NAMES]);
      const failed = report.stages.find((x) => x.status === 'error');
      if (c.stage === null) {
        assert.equal(failed, undefined, `unexpected failure: ${JSON.stringify(failed?.error)}`);
        assert.equal(exitCode, 0);
        assert.equal(plain.exitCode, 0);
        covered++;
        return;
      }
      assert.ok(failed?.error, 'no stage failed');
      const err = failed.error;
      if (c.kubectlUnknown || err.kubectlMessage === undefined) {
        // kube-trace's own limit, or a failure it has no kubectl line for, is never shown as kubectl's output.
        assert.match(report.output.unknown ?? '', c.kubectlUnknown ?? /what kubectl prints here is not known/);
        assert.equal(report.output.stdout + report.output.stderr, '', 'nothing is passed off as what kubectl printed');
        assert.match(squash(plain.stdout), /what kubectl prints \(not known\)/);
        assert.doesNotMatch(plain.stdout, /\[stderr\]/);
      } else {
        assert.equal(report.output.unknown, undefined, "kubectl's output is known");
      }
      assert.equal(err.kind, c.kind, err.message);
      assert.doesNotMatch(err.message, /\n/, 'the message is one line');
      assert.ok(err.message.length > 10 && err.hint.length > 10, 'a message and a hint that says what to check');
      assert.match(`${err.message} ${err.hint}`, c.teaches);
      assert.equal(report.output.exitCode, 1);
      assert.equal(exitCode, 1);
      assert.equal(plain.exitCode, 1);
      const text = squash(plain.stdout + plain.stderr);
      assert.ok(text.includes(STAGE_TITLES[failed.name]), `--plain names the stage "${STAGE_TITLES[failed.name]}"`);
      for (const [what, line] of [['message', err.message], ['hint', err.hint], ['kubectl line', err.kubectlMessage ?? '']] as const) {
        assert.ok(text.includes(squash(line)), `--plain shows the ${what}: ${line}`);
      }
      covered++;
    });
    if (c.stage === null) continue;
    const stage = c.stage;
    it(`${c.name}: stops at ${stage}; the stages before ran, after it only what happened`, c.stageDiffers ? { todo: c.stageDiffers } : {}, async () => {
      const { report } = await runs();
      const at = GET_STAGE_NAMES.indexOf(stage);
      const reached = c.reached ?? [];
      assert.deepEqual(
        report.stages.map((x) => `${x.name}:${x.status}`),
        GET_STAGE_NAMES.map((n, i) => `${n}:${i < at ? 'ok' : i === at ? 'error' : reached.includes(n) ? 'ok' : 'skipped'}`),
      );
      for (const x of report.stages.filter((s) => s.status === 'skipped')) assert.ok((x.reason ?? '') !== '', `${x.name} says why it was not reached`);
    });
    it(`${c.name}: the message is one plain sentence`, c.messageDiffers ? { todo: c.messageDiffers } : {}, async () => {
      const { report } = await runs();
      const err = report.stages.find((x) => x.status === 'error')?.error;
      assert.match(err?.message ?? '', /^[A-Z"].{10,}[.)\w"]$/);
    });
  }
});

/** Each case's runs are shared by its checks: one setup, one --json and one --plain run. */
function traceOfOnce(c: FaultCase): () => ReturnType<typeof traceOf> {
  let p: ReturnType<typeof traceOf> | null = null;
  return () => (p ??= traceOf(c));
}

describe('kube-trace says what kubectl says (real kubectl, same fault)', { concurrency: 4 }, () => {
  for (const c of FAULT_CASES.filter((x) => x.compareWithKubectl)) {
    const opts = KUBECTL === null ? { skip: 'kubectl is not on PATH' } : c.kubectlDiffers ? { todo: c.kubectlDiffers } : {};
    it(c.withheld ? `${c.name} (kube-trace withholds: ${c.withheld.why})` : c.name, opts, async () => {
      const { report, exitCode, kubectl } = await runsOf.get(c)!();
      assert.ok(kubectl);
      if (c.stage === null) {
        // kubectl succeeds too: what it prints, byte for byte.
        assert.equal(kubectl.exitCode, 0, `kubectl itself failed: ${kubectl.stderr}`);
        assert.equal(report.output.stdout, kubectl.stdout, 'stdout');
        assert.equal(report.output.stderr, kubectl.stderr, 'stderr');
        assert.equal(exitCode, 0);
        return;
      }
      // What kube-trace withholds on purpose is left out of kubectl's side, and must really be there.
      const kept = c.withheld ? kubectl.stderr.split('\n').filter((l) => !c.withheld!.lines.test(l)).join('\n') : kubectl.stderr;
      if (c.withheld) {
        assert.notEqual(kept, kubectl.stderr, `kubectl printed no line the case says kube-trace withholds: ${kubectl.stderr}`);
        assert.doesNotMatch(report.output.stderr, new RegExp(c.withheld.lines.source, 'm'));
      }
      const theirs = normalise(lastLine(kept));
      if (c.kubectl) assert.match(theirs, c.kubectl, `kubectl itself printed: ${kubectl.stderr}`);
      assert.equal(exitCode, kubectl.exitCode, 'exit code');
      const failed = report.stages.find((x) => x.status === 'error');
      if (c.kubectlVaries && c.kubectl) assert.match(normalise(failed?.error?.kubectlMessage ?? '(none)'), c.kubectl);
      else assert.equal(normalise(failed?.error?.kubectlMessage ?? '(none)'), theirs);
      if (c.kubectlVaries && c.kubectl) assert.match(normalise(lastLine(report.output.stderr)), c.kubectl);
      else assert.equal(normalise(lastLine(report.output.stderr)), theirs, 'report.output.stderr is what kubectl prints');
      // And the lines it logs before that (each failed discovery attempt, with a cold cache), time and pid aside.
      if (!c.kubectlVaries) assert.deepEqual(logLines(report.output.stderr), logLines(kept), 'the lines kubectl logs before its error');
    });
  }
});
