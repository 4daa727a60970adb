// The built-in workshop end to end in a real terminal (tmux), with scripted answers: two steps, the
// session killed at the prompt, then resumed at step 3 and walked to the end. Every answer is checked
// against the run (one is deliberately wrong and is told the run's own value), and the progress file
// under $XDG_STATE_HOME says what was answered.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildCliBundle, startInTerminal, tmuxAvailable, type TerminalRun } from '../faults/tmux.js';
import type { Progress } from '../../src/workshop/progress.js';

describe('the built-in workshop in tmux', { skip: tmuxAvailable() ? false : 'tmux is not installed' }, () => {
  let cli: string;
  let remove: () => void;
  let dir: string;
  const terminals: TerminalRun[] = [];
  const env = (): Record<string, string | undefined> => ({ PATH: process.env['PATH'], HOME: join(dir, 'home'), XDG_STATE_HOME: join(dir, 'state'), NO_COLOR: '1' });

  before(async () => {
    ({ command: cli, remove } = await buildCliBundle());
    dir = mkdtempSync(join(tmpdir(), 'kube-trace-workshop-tmux-'));
  });
  after(() => {
    for (const t of terminals) t.kill();
    remove();
    rmSync(dir, { recursive: true, force: true });
  });

  async function answer(t: TerminalRun, question: RegExp, reply: string, verdict: RegExp): Promise<string> {
    await t.waitFor(question, 60_000);
    t.keys(reply, 'Enter');
    return t.waitFor(verdict, 60_000);
  }

  it('two steps, killed at the prompt, resumed at step 3, finished; answers checked against each run', async () => {
    const first = startInTerminal(`${cli} workshop --plain`, { cols: 120, rows: 40, env: env() });
    terminals.push(first);
    await first.waitFor(/Step 1\/6 · As the cluster admin/, 60_000);
    await answer(first, /Which namespace will be in the URL kubectl sends\?/, 'default', /✓ Right: you said "default"; this run's namespace-in-url is "default" \(URL \/api\/v1\/namespaces\/default\/pods\)/);
    first.keys('Enter');
    await answer(first, /Which user name will the API server see\?/, 'viewer', /✓ Right: you said "viewer"; this run's user is "viewer"/);
    await first.waitFor(/Step 2\/6 done \(saved\)\. Enter: next step · q: stop/);
    first.kill();

    const progressDir = join(dir, 'state', 'kube-trace', 'workshops');
    const [name] = readdirSync(progressDir);
    assert.ok(name);
    const saved = JSON.parse(readFileSync(join(progressDir, name), 'utf8')) as Progress;
    assert.deepEqual(saved.done.map((d) => [d.id, d.answer, d.right]), [['admin', 'default', true], ['viewer', 'viewer', true]]);

    const second = startInTerminal(`${cli} workshop --plain`, { cols: 120, rows: 40, env: env() });
    terminals.push(second);
    await second.waitFor(/Resuming at step 3\/6 \(2 done/, 60_000);
    await answer(second, /What HTTP status will the list return\?/, '403', /✓ Right: you said "403"; this run's status is "403"/);
    second.keys('Enter');
    await answer(second, /Which namespace will be in the URL this time\?/, 'none', /✓ Right: you said "none"; this run's namespace-in-url is "none" \(URL \/api\/v1\/pods\)/);
    second.keys('Enter');
    // A wrong answer is told the run's own value.
    const paging = await answer(second, /How many requests will kubectl send to read every pod\?/, '1', /✗ Not quite: you said "1"; this run's pages is "\d+" \(\d+ requests by kubectl\)/);
    const pages = Number(/is "(\d+)" \(\d+ requests by kubectl\)/.exec(paging)?.[1]);
    assert.ok(pages > 1, 'the many scenario needs more than one page');
    second.keys('Enter');
    await answer(second, /Step 6\/6 · A token the server does not know[\s\S]*What HTTP status will the list return\?/, '401', /✓ Right: you said "401"; this run's status is "401" \(response to GET \/api, before the list was sent\)/);
    await second.waitFor(/Workshop done: 6 steps, 5 of 6 answers right\./);
    assert.equal(await second.waitForExit(), 0);

    const final = JSON.parse(readFileSync(join(progressDir, name), 'utf8')) as Progress;
    assert.deepEqual(final.done.map((d) => d.id), ['admin', 'viewer', 'forbidden', 'all-namespaces', 'paging', 'unauthorized']);
    assert.deepEqual(final.done.find((d) => d.id === 'paging'), { ...final.done.find((d) => d.id === 'paging'), answer: '1', expected: String(pages), right: false });
  });
});
