// The terminal side of "never fall over": Ctrl-C at every stage of the walkthrough (exit 130, the
// terminal given back, the sandbox's temporary files gone), SIGINT to a --plain run stuck on a
// request, a 40×10 terminal, stdin that is not a terminal, and no kubeconfig at all.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startFaultyServer, type FaultyServer } from '../helpers/faulty-servers.js';
import { createCa } from '../trace/helpers/pki.js';
import { type TraceReport } from '../../src/trace/types.js';
import { GET_STAGE_NAMES } from '../../src/trace/plan.js';
import { configFor } from './fault-cases.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
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

/** Exited with `code` (the screen in the message if not), the terminal given back, no stack trace, no sandbox folder left. */
async function assertStoppedCleanly(t: ReturnType<typeof startInTerminal>, tmp: string, code: number, ms?: number): Promise<void> {
  assert.equal(await t.waitForExit(ms), code, `the screen at exit:\n${t.screen()}`);
  assert.deepEqual(t.modes(), { alternateScreen: false, cursorVisible: true });
  assert.doesNotMatch(t.screen(), /Error|at .*\.ts:\d+/);
  assert.deepEqual(leftovers(tmp), [], `the screen at exit:\n${t.screen()}`);
}

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
        await assertStoppedCleanly(t, iso.tmp, 130);
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

/** Whether any process on this machine runs with `marker` in its command line (/proc: arguments NUL-separated). */
function processWith(marker: string): boolean {
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(marker)) return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

describe('a stop signal to the walkthrough (the terminal closing, kill, Ctrl-\\ from another shell)', { concurrency: 2, skip }, () => {
  for (const [signal, code] of [['SIGHUP', 129], ['SIGTERM', 143], ['SIGQUIT', 131], ['SIGINT', 130]] as const) {
    it(`${signal} at the request stage: exit ${code}, the terminal restored, no sandbox files left`, async () => {
      const iso = isolated(`signal-${signal}`);
      const pidFile = join(iso.home, 'pid');
      // exec: the pid written is kube-trace's own.
      const t = startInTerminal(`echo $$ > ${pidFile}; exec ${CLI} get pods --sandbox`, { cols: 100, rows: 30, env: iso.env });
      try {
        await t.waitFor(/1\/7/);
        t.keys('Right');
        await t.waitFor(/2\/7 /);
        t.keys('Right');
        await t.waitFor(/3\/7 /);
        assert.equal(leftovers(iso.tmp).length, 1, 'the sandbox kubeconfig folder exists while running');
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), signal);
        await assertStoppedCleanly(t, iso.tmp, code, 10_000);
      } finally {
        t.kill();
      }
    });
  }

  it('quitting while an exec plugin (a shell wrapper around a long child) runs: Q waits for the trace, Ctrl-C ends it, the plugin and its child are gone', async () => {
    const ca = await createCa('quit-plugin-ca');
    const server = await startFaultyServer({ ca });
    const iso = isolated('quit-plugin');
    const marker = `${Math.floor(Math.random() * 1e6) + 1000}.125`;
    const plugin = join(iso.home, 'plugin.sh');
    writeFileSync(plugin, `#!/bin/sh\nsleep ${marker} &\nwait\n`, { mode: 0o755 });
    const kubeconfig = await configFor({ dir: iso.home, home: iso.home, ca, baseEnv: {} }, { server: server.url, user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } } });
    const t = startInTerminal(`${CLI} get pods --kubeconfig ${kubeconfig}`, { cols: 100, rows: 30, env: iso.env });
    try {
      await t.waitFor(/1\/7/);
      t.keys('Right');
      await t.waitFor(/2\/7 /);
      t.keys('Right'); // the request stage runs the plugin, which never answers
      for (let i = 0; i < 200 && !processWith(`sleep ${marker}`); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(processWith(`sleep ${marker}`), "the plugin's child is running");
      // A quit waits for the trace to finish (kubectl's output is what stays); Ctrl-C stops it now.
      t.keys('Q');
      await t.waitFor(/Finishing the trace.*Ctrl-C stops/);
      t.keys('C-c');
      assert.equal(await t.waitForExit(10_000), 130);
      assert.deepEqual(t.modes(), { alternateScreen: false, cursorVisible: true });
      assert.equal(processWith(`sleep ${marker}`), false, "the plugin's child was killed with its group");
    } finally {
      t.kill();
      await server.close();
    }
  });
});

describe('a hostile object name from the server (ESC ] 0 ; title BEL, BS, C1, bidi): the terminal is never driven by it', { concurrency: 2, skip }, () => {
  // Served by the sandbox from an objects file, as by any server that is not a real kube-apiserver.
  const NAME = 't\u001b]0;pwned\u0007x\u0008\u009b2J\u202eevil';
  let sb: TestSandbox;
  before(async () => {
    const objects = join(root, 'hostile-objects.yaml');
    writeFileSync(objects, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${JSON.stringify(NAME)}\n  namespace: default\nspec:\n  containers:\n  - name: c\n    image: nginx\n`);
    sb = await startTestSandbox({ objectsFile: objects });
  });
  after(async () => {
    await sb?.close();
  });

  for (const mode of ['the walkthrough', '--plain'] as const) {
    it(`${mode}: the title stays, the name is shown escaped (^[ as kubectl prints it)`, async () => {
      const iso = isolated(`hostile-${mode === '--plain' ? 'plain' : 'tui'}`);
      const t = startInTerminal(`${CLI} get pods --kubeconfig ${sb.kubeconfig}${mode === '--plain' ? ' --plain' : ''}`, { cols: 160, rows: 50, env: iso.env });
      const screens: string[] = [];
      try {
        const title = t.title();
        if (mode === 'the walkthrough') {
          await t.waitFor(/1\/7/);
          for (let stage = 1; stage <= 7; stage++) {
            t.keys('d');
            screens.push(await t.settle());
            t.keys('Escape');
            t.keys('Right');
            screens.push(await t.waitFor(stage < 7 ? new RegExp(`${stage + 1}/7 `) : /Summary/));
            assert.equal(t.title(), title, `stage ${stage} changed the terminal's title`);
          }
          t.keys('q');
        }
        assert.equal(await t.waitForExit(), 0);
        screens.push(t.screen());
        assert.equal(t.title(), title, "the terminal's title is unchanged");
        assert.ok(screens.some((s) => s.includes('t^[]0;pwned')), 'the name is shown, ESC as ^[');
        assert.ok(screens.every((s) => !s.includes('pwned\u0007')), 'no raw BEL reached the screen');
      } finally {
        t.kill();
      }
    });
  }
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
