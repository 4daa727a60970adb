// The terminal side of "never fall over": Ctrl-C at every stage of the walkthrough (exit 130, the
// terminal given back, the sandbox's temporary files gone), SIGINT to a --plain run stuck on a
// request, a 40×10 terminal, stdin that is not a terminal, and no kubeconfig at all.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startFaultyServer, type FaultyServer } from '../helpers/faulty-servers.js';
import { createCa } from '../trace/helpers/pki.js';
import { type TraceReport } from '../../src/trace/types.js';
import { GET_STAGE_NAMES } from '../../src/trace/plan.js';
import { configFor } from './fault-cases.js';
import { ROOT, buildCliBundle, startInTerminal, tmuxAvailable } from './tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';
let root: string;
/** The bundled CLI: a process per run, each starting in well under a second. */
let CLI: string;
let removeBundle: () => void;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kube-trace-terminal-'));
  ({ command: CLI, remove: removeBundle } = await buildCliBundle());
});
after(() => {
  rmSync(root, { recursive: true, force: true });
  removeBundle();
});

/** A private TMPDIR and an empty HOME per run, so leftovers can be counted. */
function isolated(name: string): { tmp: string; home: string; env: Record<string, string | undefined> } {
  const tmp = join(root, name, 'tmp');
  const home = join(root, name, 'home');
  mkdirSync(tmp, { recursive: true });
  mkdirSync(home, { recursive: true });
  return { tmp, home, env: { PATH: process.env['PATH'], HOME: home, TMPDIR: tmp } };
}

/** kube-trace's own temporary folders (tsx keeps a compile cache there too, which is not ours). */
const leftovers = (tmp: string): string[] => readdirSync(tmp).filter((f) => f.startsWith('kube-trace'));

describe('Ctrl-C in the walkthrough', { concurrency: 3, skip }, () => {
  const positions = [...GET_STAGE_NAMES.map((s, i) => ({ label: `stage ${i + 1} (${s})`, rights: i })), { label: 'the summary', rights: 7 }];
  for (const p of positions) {
    // At stage 1 the Ctrl-C comes as soon as the first screen is drawn: it must count too.
    it(`at ${p.label}: exit 130, the terminal restored, no sandbox files left`, async () => {
      const iso = isolated(`ctrl-c-${p.rights}`);
      // Without any kubeconfig kube-trace falls back to the sandbox and must say so.
      const t = startInTerminal(`${CLI} get pods`, { cols: 100, rows: 30, env: iso.env });
      try {
        await t.waitFor(/1\/7/);
        for (let i = 1; i <= p.rights; i++) {
          t.keys('Right');
          await t.waitFor(i < 7 ? new RegExp(`${i + 1}/7 `) : /Summary/);
        }
        assert.equal(leftovers(iso.tmp).length, 1, 'the sandbox kubeconfig folder exists while running');
        t.keys('C-c');
        assert.equal(await t.waitForExit(), 130);
        assert.deepEqual(t.modes(), { alternateScreen: false, cursorVisible: true });
        assert.doesNotMatch(t.screen(), /Error|at .*\.ts:\d+/);
        assert.deepEqual(leftovers(iso.tmp), []);
      } finally {
        t.kill();
      }
    });
  }

  it('while the list request hangs: exit 130 at once, terminal restored', async () => {
    const ca = await createCa('ctrl-c-ca');
    const server = await startFaultyServer({ ca, fault: 'hang-list' });
    const iso = isolated('ctrl-c-hang');
    const kubeconfig = await configFor({ dir: iso.home, home: iso.home, ca, baseEnv: {} }, { server: server.url });
    const t = startInTerminal(`${CLI} get pods --kubeconfig ${kubeconfig}`, { cols: 100, rows: 30, env: iso.env });
    try {
      await t.waitFor(/1\/7/);
      t.keys('Right');
      await t.waitFor(/2\/7 /);
      t.keys('Right');
      await t.waitFor(/3\/7 /);
      t.keys('Right'); // leaving "request" sends the list, which never gets an answer
      await t.waitFor(/✓ request\s+◌ authz/);
      t.keys('C-c');
      assert.equal(await t.waitForExit(5000), 130);
      assert.deepEqual(t.modes(), { alternateScreen: false, cursorVisible: true });
    } finally {
      t.kill();
      await server.close();
    }
  });
});

describe('SIGINT to a --plain run', () => {
  let server: FaultyServer;
  after(async () => {
    await server?.close();
  });

  it('stuck on a request that never gets an answer: exit 130, no stack trace', async () => {
    const ca = await createCa('sigint-ca');
    server = await startFaultyServer({ ca, fault: 'hang-list' });
    const iso = isolated('sigint-plain');
    const kubeconfig = await configFor({ dir: iso.home, home: iso.home, ca, baseEnv: {} }, { server: server.url });
    const child = spawn('sh', ['-c', `exec ${CLI} get pods --plain --kubeconfig ${kubeconfig}`], { cwd: ROOT, env: iso.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 400 && !/3\/7 request/.test(out); i++) await new Promise((r) => setTimeout(r, 25));
    assert.match(out, /3\/7 request/, 'the run reached the request stage');
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.doesNotMatch(err, /\n\s+at |internal error/);
  });

  /** Starts `get pods --plain --sandbox` and sends SIGINT when `when` says so; returns what happened. */
  async function interrupted(name: string, when: (child: ReturnType<typeof spawn>, firstOutput: Promise<void>) => Promise<void>): Promise<{ code: number | null; stdout: string; left: string[] }> {
    const iso = isolated(name);
    const child = spawn('sh', ['-c', `exec ${CLI} get pods --plain --sandbox`], { cwd: ROOT, env: iso.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const firstOutput = new Promise<void>((resolve) => child.stdout!.on('data', (c: Buffer) => ((stdout += c.toString()), resolve())));
    // A SIGINT before kube-trace installs its handler ends Node itself: the shell says 130 too.
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal === 'SIGINT' ? 130 : code)));
    await when(child, firstOutput);
    const code = await exited;
    return { code, stdout, left: leftovers(iso.tmp) };
  }

  it('while the sandbox starts (before any output): exit 130, its folder removed', async () => {
    const runs = await Promise.all(
      [40, 120, 200].map((ms) =>
        interrupted(`sigint-start-${ms}`, async (child) => {
          await new Promise((r) => setTimeout(r, ms));
          child.kill('SIGINT');
        }),
      ),
    );
    for (const r of runs.filter((x) => x.stdout === '')) {
      assert.equal(r.code, 130);
      assert.deepEqual(r.left, []);
    }
  });

  it('while the stages run: exit 130, its folder removed, and no stage blamed on the server', async () => {
    const r = await interrupted('sigint-running', async (child, firstOutput) => {
      await firstOutput;
      child.kill('SIGINT');
    });
    assert.equal(r.code, 130);
    assert.deepEqual(r.left, []);
    assert.doesNotMatch(r.stdout, /server closed the connection/);
  });
});

describe('small and odd terminals', { skip }, () => {
  it('a 40×10 terminal: every stage and the summary can be walked through, q quits with kubectl\'s exit code', async () => {
    const iso = isolated('tiny');
    const t = startInTerminal(`${CLI} get pods --sandbox`, { cols: 40, rows: 10, env: iso.env });
    try {
      await t.waitFor(/kube-trace|1\/7/);
      const screens: string[] = [];
      for (let i = 1; i <= 7; i++) {
        t.keys('Right');
        screens.push(await t.waitFor(i < 7 ? new RegExp(`${i + 1}/7`) : /Summary|summary/));
      }
      for (const s of screens) {
        const lines = s.replace(/\n+$/, '').split('\n');
        assert.ok(lines.length <= 10, `screen taller than the terminal:\n${s}`);
        assert.ok(lines.every((l) => [...l].length <= 40), `a line wider than 40 columns:\n${s}`);
      }
      t.keys('q');
      assert.equal(await t.waitForExit(), 0);
      assert.deepEqual(t.modes(), { alternateScreen: false, cursorVisible: true });
    } finally {
      t.kill();
    }
  });

  it('stdin is not a terminal (piped): plain output instead of the walkthrough, no raw-mode error', async () => {
    const iso = isolated('stdin-pipe');
    const t = startInTerminal(`echo | ${CLI} get pods --sandbox`, { cols: 100, rows: 40, env: iso.env });
    try {
      const code = await t.waitForExit();
      const screen = t.screen();
      assert.equal(code, 0, screen);
      assert.match(screen, /what kubectl prints/);
      assert.doesNotMatch(screen, /Raw mode|not supported|Error/);
    } finally {
      t.kill();
    }
  });
});

describe('no kubeconfig at all', () => {
  it('falls back to the sandbox and says so, in --plain and in --json', async () => {
    const iso = isolated('no-kubeconfig');
    const plain = await runCli(['get', 'pods', '--plain'], { ...iso.env, NO_COLOR: '1' });
    assert.equal(plain.exitCode, 0, plain.stderr);
    assert.match(plain.stderr, /no kubeconfig found.*sandbox/);
    assert.match(plain.stderr, /--kubeconfig|KUBECONFIG/, 'says how to trace a real cluster');
    const json = await runCli(['get', 'pods', '--json'], { ...iso.env, NO_COLOR: '1' });
    const report = JSON.parse(json.stdout) as TraceReport;
    const kc = report.stages.find((s) => s.name === 'kubeconfig');
    assert.ok(kc?.name === 'kubeconfig' && kc.data);
    assert.equal(kc.data.sandbox?.reason, 'no-kubeconfig');
    assert.equal(report.target.kind, 'sandbox');
  });

  it('a KUBECONFIG that lists only missing files is "no kubeconfig" too, as for kubectl', async () => {
    const iso = isolated('kubeconfig-missing-list');
    const r = await runCli(['get', 'pods', '--json'], { ...iso.env, KUBECONFIG: join(iso.home, 'a') + ':' + join(iso.home, 'b') });
    const report = JSON.parse(r.stdout) as TraceReport;
    const kc = report.stages.find((s) => s.name === 'kubeconfig');
    assert.equal(kc?.error?.kind, 'no-kubeconfig', JSON.stringify(kc?.error));
    assert.equal(r.exitCode, 1);
  });
});
