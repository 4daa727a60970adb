// The walkthrough as a room sees it, in a real terminal (tmux) with the bundled CLI: every stage of
// `get pods --sandbox -o wide` at 80×24, 100×30 and 60×20, in normal and in presenter mode, none with
// a value cut at the edge without the sideways indicator, a raw backtick, a lesson row broken before
// it had to be, or a blank field; quitting at stage 1, at stage 4 and from the summary, each leaving
// kubectl's output on the normal screen; and the curl line, with the sandbox credentials exported,
// run with curl against the sandbox while kube-trace is open, returning the same list.
//
// Set KT_CAPTURES=DIR to keep every screen captured here as DIR/<size>-<mode>-<stage>.txt.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STAGE_TITLES, type TraceReport } from '../../src/trace/types.js';
import { GET_STAGE_NAMES } from '../../src/trace/plan.js';
import { displayWidth } from '../../src/text/index.js';
import { runCli } from '../helpers/cli.js';
import { buildCliBundle } from '../faults/tmux.js';
import { TmuxSession, tmuxUnavailable } from './helpers/tmux.js';

const missing = tmuxUnavailable();
const skip = missing !== null && process.env['CI'] !== 'true' ? missing : false;

let bundle: { command: string; remove(): void } | null = null;
let command: string[] = [];
before(async () => {
  if (skip !== false) return;
  bundle = await buildCliBundle();
  command = bundle.command.split(' ');
});
after(() => bundle?.remove());

const ARGS = ['get', 'pods', '--sandbox', '-o', 'wide'];
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A stage on screen, its run finished (the title row's ✓ and duration) and its panel drawn. */
const stageShown = (i: number): RegExp => new RegExp(`${i + 1}/7  ${escape(STAGE_TITLES[GET_STAGE_NAMES[i]!])} +✓ [\\d.]+ m?s[\\s\\S]*This run[^\\n]*\\n.*\\S`);

function keep(name: string, screen: string): void {
  const dir = process.env['KT_CAPTURES'];
  if (dir === undefined || dir === '') return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.txt`), screen);
}

/** What this run's screens must show whole, or say they scroll: kubectl's table rows and the request headers, from a --json run of the same command. */
interface Known {
  values: string[];
}

async function knownValues(): Promise<Known> {
  const r = await runCli([...ARGS, '--json'], { NO_COLOR: '1' });
  const report = JSON.parse(r.stdout) as TraceReport;
  const request = report.stages.find((s) => s.name === 'request');
  const headers = request?.name === 'request' && request.data !== null ? request.data.request.headers.filter((h) => h.name !== 'Kubectl-Session').map((h) => `${h.name}: ${h.value}`) : [];
  const rows = report.output.stdout.split('\n').filter((l) => l.trim() !== '');
  return { values: [...rows, ...headers] };
}

const SIDEWAYS = /cols \d+–\d+ of \d+/;
const BLANK = /\bnull\b|\bundefined\b|\bNaN\b|\[object Object\]/;

/** The checks every captured screen passes; `label` names it in failures. */
function checkScreen(screen: string, o: { columns: number; rows: number; presenter: boolean; known: Known; label: string }): void {
  const rows = screen.replace(/\n+$/, '').split('\n');
  const where = `${o.label}:\n${screen}`;
  assert.ok(rows.length <= o.rows, `taller than the terminal: ${where}`);
  for (const r of rows) assert.ok(displayWidth(r) <= o.columns, `wider than the terminal: ${where}`);
  assert.doesNotMatch(screen, /`/, `a raw backtick: ${where}`);
  assert.doesNotMatch(screen, BLANK, `a blank stand-in for a value: ${where}`);
  const body = rows.slice(3, -1);
  for (const r of body) {
    // Our own cut marker at the end of a row would be a value cut short.
    assert.doesNotMatch(r, /…\s*$/, `a row cut with "…": ${r}\n${where}`);
    // A label with no value beside it.
    assert.doesNotMatch(r, /^\s{1,3}(▸ )?[A-Z][A-Za-z-]*( [A-Za-z-]+)?\s*$/, `a field with no value: "${r}"\n${where}`);
  }
  // A value known to be on this screen, shown only in part, needs the sideways indicator.
  const scrolls = SIDEWAYS.test(screen);
  for (const value of o.known.values) {
    const head = value.slice(0, 24);
    if (head.length < 24 || !screen.includes(head)) continue;
    const whole = rows.some((r) => r.includes(value));
    assert.ok(whole || scrolls, `"${value}" is cut and nothing says it scrolls: ${where}`);
  }
}

/**
 * The lesson rows between the stage title and the panel label: none is broken early (a row with room
 * left for the next row's first word, the next row continuing the same paragraph in lower case).
 */
function checkLessonRows(screen: string, columns: number, label: string): void {
  const rows = screen.split('\n');
  const title = rows.findIndex((r) => /^\s*\d\/7  /.test(r));
  const panel = rows.findIndex((r, i) => i > title && /^\s*This run/.test(r));
  const lesson = rows.slice(title + 2, panel);
  for (let i = 0; i + 1 < lesson.length; i++) {
    const a = lesson[i]!.replace(/\s+$/, '');
    const b = lesson[i + 1]!;
    // Tables, verbatim blocks and list items have their own rows.
    if (a === '' || /\S {2,}\S/.test(a) || /\S {2,}\S/.test(b.trim()) || /^\s*([•\-|]|\d+\.)/.test(b)) continue;
    const indentA = /^\s*/.exec(a)![0].length;
    const indentB = /^\s*/.exec(b)![0].length;
    const next = /^\s*(\S+)/.exec(b)?.[1];
    if (next === undefined || indentA !== indentB || !/^[a-z]/.test(next)) continue;
    assert.ok(displayWidth(a) + 1 + displayWidth(next) > columns, `${label}: "${a}" was broken before "${next}" although it fit:\n${screen}`);
  }
}

describe('every stage at three sizes, in normal and presenter mode', { skip, concurrency: 3 }, () => {
  let known: Known;
  before(async () => {
    if (skip === false) known = await knownValues();
  });
  for (const [columns, rows] of [
    [80, 24],
    [100, 30],
    [60, 20],
  ] as const) {
    it(`${columns}×${rows}`, { timeout: 300_000 }, async () => {
      const t = TmuxSession.start({ columns, rows, args: ARGS, command });
      const size = `${columns}x${rows}`;
      try {
        for (let i = 0; i < 7; i++) {
          const s = await t.waitFor(stageShown(i));
          keep(`${size}-normal-${i + 1}-${GET_STAGE_NAMES[i]}`, s);
          checkScreen(s, { columns, rows, presenter: false, known, label: `${size} normal, stage ${i + 1}` });
          checkLessonRows(s, columns, `${size} normal, stage ${i + 1}`);
          if (i < 6) t.key('Right');
        }
        t.key('p');
        for (let i = 6; i >= 0; i--) {
          // The title, the lesson as one line, then the panel.
          const shown = await t.waitFor(new RegExp(`${i + 1}/7  ${escape(STAGE_TITLES[GET_STAGE_NAMES[i]!])} +✓.*\\n.*f lesson · L all[\\s\\S]*This run[^\\n]*\\n.*\\S`));
          keep(`${size}-presenter-${i + 1}-${GET_STAGE_NAMES[i]}`, shown);
          checkScreen(shown, { columns, rows, presenter: true, known, label: `${size} presenter, stage ${i + 1}` });
          if (GET_STAGE_NAMES[i] === 'request') {
            assert.match(shown, /On the wire \(as it was sent\)/, '"not sent yet" only until it was sent');
            assert.doesNotMatch(shown, /not sent yet/);
          }
          if (i > 0) t.key('Left');
        }
        // The lesson alone (f), at this size: its pages fill the room and break nowhere early.
        t.key('f');
        const focused = await t.waitFor(/hidden: f shows the live panel/);
        keep(`${size}-focus-1-parse`, focused);
        checkScreen(focused, { columns, rows, presenter: true, known, label: `${size} lesson focus` });
        t.key('Q');
        assert.equal(await t.exitCode(), 0);
      } finally {
        t.close();
      }
    });
  }
});

describe('leaving keeps kubectl\'s output on the normal screen', { skip, concurrency: 3 }, () => {
  const table = /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE[\s\S]*api-running/;
  const closing = /kube-trace: that is what `kubectl [^`]*get pods -o wide` prints \(exit code 0\); you saw (\d) of 7 stages/;

  it('q at stage 1: asked once, then the trace runs to its end and its table stays', { timeout: 180_000 }, async () => {
    const t = TmuxSession.start({ columns: 100, rows: 30, args: ARGS, command });
    try {
      await t.waitFor(stageShown(0));
      t.key('q');
      const asked = await t.waitFor(/Quit with 6 stages not seen yet/);
      assert.match(asked.replace(/\s+/g, ' '), /x: quit and print nothing/);
      t.key('q');
      assert.equal(await t.exitCode(), 0);
      const s = t.history();
      assert.match(s, table);
      // kube-trace's stderr goes to a file in these sessions: the closing line is there.
      assert.equal(closing.exec(t.stderr())?.[1], '1', t.stderr());
      assert.match(t.stderr(), /Its sandbox and that kubeconfig are gone now/);
    } finally {
      t.close();
    }
  });

  it('q at stage 4 (the request sent): the table stays', { timeout: 180_000 }, async () => {
    const t = TmuxSession.start({ columns: 100, rows: 30, args: ARGS, command });
    try {
      await t.waitFor(stageShown(0));
      t.key('4');
      await t.waitFor(stageShown(3));
      t.key('q');
      await t.waitFor(/Quit with 5 stages not seen yet \(kubeconfig, request, etcd, response, format\)/);
      t.key('q');
      assert.equal(await t.exitCode(), 0);
      const s = t.history();
      assert.match(s, table);
      assert.equal(closing.exec(t.stderr())?.[1], '2', t.stderr());
    } finally {
      t.close();
    }
  });

  it('from the summary, after every stage: no question, the table stays', { timeout: 180_000 }, async () => {
    const t = TmuxSession.start({ columns: 100, rows: 30, args: ARGS, command });
    try {
      for (let i = 0; i < 7; i++) {
        await t.waitFor(stageShown(i));
        t.key('Right');
      }
      await t.waitFor(/Summary: kube-trace get pods/);
      t.key('q');
      assert.equal(await t.exitCode(), 0);
      const s = t.history();
      assert.match(s, table);
      assert.equal(closing.exec(t.stderr())?.[1], '7', t.stderr());
      assert.doesNotMatch(s, /Quit with/);
    } finally {
      t.close();
    }
  });

  it('x in answer to the question leaves with nothing printed', { timeout: 180_000 }, async () => {
    const t = TmuxSession.start({ columns: 100, rows: 30, args: ARGS, command });
    try {
      await t.waitFor(stageShown(0));
      t.key('q');
      await t.waitFor(/Quit with/);
      t.key('x');
      assert.equal(await t.exitCode(), 0);
      assert.doesNotMatch(t.history(), /NAME\s+READY/);
      assert.doesNotMatch(t.stderr(), /kube-trace: that is what/);
    } finally {
      t.close();
    }
  });

  it('Esc twice (an overlay, then nothing) never quits', { timeout: 180_000 }, async () => {
    const t = TmuxSession.start({ columns: 100, rows: 30, args: ARGS, command });
    try {
      await t.waitFor(stageShown(0));
      t.key('?');
      await t.waitFor(/Keys ─/);
      t.key('Escape');
      await t.waitFor(stageShown(0));
      t.key('Escape');
      await t.waitFor(/Nothing open to close\. q quits/);
      t.key('Q');
      assert.equal(await t.exitCode(), 0);
    } finally {
      t.close();
    }
  });
});

describe('the curl line runs', { skip }, () => {
  /** The command rows of the curl overlay, under "Ready to run", as the learner would copy them. */
  function shownCommand(screen: string): string {
    const rows = screen.split('\n');
    const start = rows.findIndex((r) => /Ready to run/.test(r));
    assert.ok(start >= 0, screen);
    let i = start + 1;
    while (rows[i]?.trim() === '' || (rows[i] !== undefined && !/^\s*curl /.test(rows[i]!) && i < start + 4)) i++;
    const command: string[] = [];
    for (; i < rows.length && rows[i]!.trim() !== ''; i++) command.push(rows[i]!.replace(/\s+$/, ''));
    return command.join('\n');
  }

  it('with the sandbox credentials written by --export-credentials, the curl command on screen returns the same list', { timeout: 240_000 }, async () => {
    const parent = mkdtempSync(join(tmpdir(), 'kube-trace-curl-test-'));
    const dir = join(parent, 'curl-credentials');
    const s = TmuxSession.start({ columns: 100, rows: 40, args: ['get', 'pods', '--sandbox', '--export-credentials', dir], command });
    try {
      await s.waitFor(stageShown(0));
      // The folder is new and private, each file readable by its owner only.
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      for (const f of ['ca.crt', 'client.crt', 'client.key']) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
      s.key('3');
      await s.waitFor(stageShown(2));
      s.key('c');
      const overlay = await s.waitFor(/Ready to run[\s\S]*curl /);
      const curl = shownCommand(overlay);
      assert.ok(curl.includes(join(dir, 'ca.crt')), curl);
      const body = execFileSync('sh', ['-c', curl], { encoding: 'utf8', timeout: 30_000 });
      const table = JSON.parse(body) as { kind: string; rows: { cells: unknown[] }[] };
      assert.equal(table.kind, 'Table');
      const viaCurl = table.rows.map((r) => String(r.cells[0])).sort();
      // The same list the trace shows: the format stage's rows.
      s.key('c');
      s.key('7');
      const format = await s.waitFor(stageShown(6));
      for (const name of viaCurl) assert.ok(format.includes(name), `${name} is in kube-trace's table too:\n${format}`);
      assert.ok(viaCurl.length >= 4, viaCurl.join(', '));
      s.key('Q');
      assert.equal(await s.exitCode(), 0);
    } finally {
      s.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('e in the curl overlay writes them into the run\'s own folder (gone at exit) and the command it shows runs', { timeout: 240_000 }, async () => {
    const t = TmuxSession.start({ columns: 100, rows: 40, args: ['get', 'pods', '--sandbox'], command });
    try {
      await t.waitFor(stageShown(0));
      t.key('3');
      await t.waitFor(stageShown(2));
      t.key('c');
      await t.waitFor(/Press e to write them/);
      t.key('e');
      const overlay = await t.waitFor(/Ready to run[\s\S]*curl /);
      assert.match(overlay, /removed when kube-trace exits/);
      const curl = shownCommand(overlay);
      const body = execFileSync('sh', ['-c', curl], { encoding: 'utf8', timeout: 30_000 });
      const table = JSON.parse(body) as { kind: string; rows: { cells: unknown[] }[] };
      assert.deepEqual(table.rows.map((r) => String(r.cells[0])).sort(), ['api-running', 'nginx', 'redis', 'web-with-sidecar'].filter((n) => body.includes(n)).sort());
      assert.ok(table.rows.length >= 4);
      const folder = /--cacert (\S+)\/ca\.crt/.exec(curl)?.[1];
      assert.ok(folder !== undefined, curl);
      t.key('Q');
      assert.equal(await t.exitCode(), 0);
      assert.throws(() => statSync(folder), 'the folder went with the sandbox');
    } finally {
      t.close();
    }
  });
});
