// `kube-trace workshop --check FILE`: a workshop file is validated like a lesson file — an unknown field,
// a wrong type, a step that cannot run, a question about a fact no run has — each named with its field
// (and line), exit 1; the built-in workshop passes. --reset forgets progress.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { builtinWorkshopFile } from '../../src/workshop/builtin.js';
import { factOf, sameAnswer } from '../../src/workshop/facts.js';
import type { TraceReport } from '../../src/trace/types.js';

let dir: string;
const env = (): Record<string, string | undefined> => ({ PATH: process.env['PATH'], HOME: join(dir, 'home'), XDG_STATE_HOME: join(dir, 'state'), NO_COLOR: '1' });
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kube-trace-workshop-check-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const STEP = `  - id: one
    title: One
    note: A note.
    args: [get, pods]
    scenario: default
`;

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('workshop --check', () => {
  it('the built-in workshop is valid: six steps, admin to a 401', async () => {
    const r = await runCli(['workshop', '--check', builtinWorkshopFile()], env());
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /a valid workshop, .*, 6 steps \(admin, viewer, forbidden, all-namespaces, paging, unauthorized\)/);
  });

  const bad: [string, string, RegExp][] = [
    ['an unknown field', `workshop: 1\ntitle: T\nsteps:\n${STEP}    colour: red\n`, /line 9: steps\[0\]: unknown field colour/],
    ['a future format', `workshop: 2\ntitle: T\nsteps:\n${STEP}`, /workshop: /],
    ['no steps', 'workshop: 1\ntitle: T\nsteps: []\n', /steps: needs at least one step/],
    ['a step that cannot run (a flag kubectl does not have)', `workshop: 1\ntitle: T\nsteps:\n${STEP.replace('[get, pods]', '[get, pods, --bogus]')}`, /steps\[0\]\.args: unknown flag: --bogus/],
    ['a flag the workshop sets itself', `workshop: 1\ntitle: T\nsteps:\n${STEP.replace('[get, pods]', '[get, pods, --sandbox]')}`, /--sandbox is set by the workshop/],
    ['a question about a fact no run has', `workshop: 1\ntitle: T\nsteps:\n${STEP}    question: { ask: "?", stage: response, answer: colour }\n`, /steps\[0\]\.question\.answer: /],
    ['a recording that is not there', `workshop: 1\ntitle: T\nsteps:\n${STEP.replace('scenario: default', 'recording: missing.json')}`, /steps\[0\]\.recording: .*missing\.json cannot be read/],
    ['wrongToken without the token context', `workshop: 1\ntitle: T\nsteps:\n${STEP}    wrongToken: true\n`, /wrongToken: needs context: sandbox-token/],
    ['not YAML', 'workshop: [1\n', /line \d+: /],
  ];
  for (const [name, text, message] of bad) {
    it(name, async () => {
      const p = file(`${name.replace(/\W+/g, '-')}.yaml`, text);
      for (const argv of [['workshop', '--check', p], ['workshop', p, '--plain']]) {
        const r = await runCli(argv, env());
        assert.equal(r.exitCode, 1, argv.join(' '));
        assert.match(r.stderr, new RegExp(`${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a valid workshop`));
        assert.match(r.stderr, message);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
      }
    });
  }

  it('a file that does not exist', async () => {
    const r = await runCli(['workshop', '--check', join(dir, 'nope.yaml')], env());
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /nope\.yaml: cannot be read \(ENOENT\)/);
  });
});

describe('progress', () => {
  it('--reset forgets it; a finished workshop says so', async () => {
    const p = file('one.yaml', `workshop: 1\ntitle: One step\nsteps:\n${STEP}`);
    const first = await runCli(['workshop', p, '--plain'], env());
    assert.equal(first.exitCode, 0, first.stderr);
    assert.match(first.stdout, /Workshop done: 1 steps, 0 of 0 answers right/);
    const state = join(dir, 'state', 'kube-trace', 'workshops');
    assert.equal(readdirSync(state).length, 1, 'one progress file under $XDG_STATE_HOME/kube-trace/workshops');
    const again = await runCli(['workshop', p, '--plain'], env());
    assert.match(again.stdout, /All 1 steps of "One step" are done/);
    const reset = await runCli(['workshop', p, '--plain', '--reset'], env());
    assert.match(reset.stdout, /forgotten: starting from step 1/);
    assert.match(reset.stdout, /Step 1\/1 · One/);
    mkdirSync(join(dir, 'home'), { recursive: true });
    assert.ok(!existsSync(join(dir, 'home', '.local')), 'XDG_STATE_HOME is used, not ~/.local/state');
  });
});

describe('facts are read from the run', () => {
  const report = (exchanges: Partial<TraceReport['exchanges']>, exitCode = 0): TraceReport => ({ exchanges, stages: [], output: { stdout: '', stderr: '', exitCode } }) as unknown as TraceReport;
  const ex = (purpose: string, url: string, status: number | null) => ({ by: 'kubectl', purpose, method: 'GET', url: `https://h${url}`, status });
  it('status, namespace, pages; the request that stopped kubectl when no list was sent', () => {
    const r = report([ex('discovery', '/api', 200), ex('list', '/api/v1/namespaces/demo/pods?limit=500', 200), ex('list', '/api/v1/namespaces/demo/pods?limit=500&continue=x', 200)] as never);
    assert.equal(factOf(r, 'status').value, '200');
    assert.equal(factOf(r, 'namespace-in-url').value, 'demo');
    assert.equal(factOf(r, 'pages').value, '2');
    const stopped = report([ex('discovery', '/api', 401)] as never, 1);
    assert.equal(factOf(stopped, 'status').value, '401');
    assert.match(factOf(stopped, 'status').where, /before the list was sent/);
    assert.equal(factOf(stopped, 'exit-code').value, '1');
    assert.equal(factOf(report([ex('list', '/api/v1/pods?limit=500', 200)] as never), 'namespace-in-url').value, 'none');
  });
  it('answers compare loosely (case, quotes, yes/true)', () => {
    assert.ok(sameAnswer(' "Default" ', 'default'));
    assert.ok(sameAnswer('true', 'yes'));
    assert.ok(!sameAnswer('404', '403'));
  });
});
