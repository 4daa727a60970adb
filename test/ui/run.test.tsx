// runTui as the CLI calls it: the alternate screen is entered and always left, and a stdin that
// cannot do raw mode never crashes: the walkthrough runs through and resolves with kubectl's code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runTui } from '../../src/ui/run.js';
import { GET_PLAN } from '../../src/trace/plan.js';
import { fakeTrace } from './helpers/fakeTrace.js';
import { lessonSet } from './helpers/lessonFixtures.js';
import { forbiddenResults, okResults } from './helpers/traceFixtures.js';

class FakeTerminal extends PassThrough {
  isTTY = true;
  columns = 80;
  rows = 24;
  text = '';
  constructor() {
    super();
    this.on('data', (chunk: Buffer) => (this.text += chunk.toString('utf8')));
  }
}

function streams(): { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; terminal: FakeTerminal } {
  const terminal = new FakeTerminal();
  // A pipe, not a TTY: no raw mode.
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  return { stdin, stdout: terminal as unknown as NodeJS.WriteStream, terminal };
}

test('without raw mode it runs every stage and resolves with kubectl\'s exit code (0)', async () => {
  const { stdin, stdout, terminal } = streams();
  const fake = fakeTrace(okResults());
  const code = await runTui({ run: { plan: GET_PLAN, stages: fake.trace }, lessons: lessonSet(), startStage: null, noPause: false, notice: null, stdin, stdout });
  assert.equal(code, 0);
  assert.equal(fake.produced.length, 7);
  assert.ok(terminal.text.startsWith('\u001B[?1049h'), 'enters the alternate screen first');
  const left = terminal.text.lastIndexOf('\u001B[?1049l');
  assert.ok(left > 0, 'and leaves it');
  const after = terminal.text.slice(left);
  assert.match(after, /Summary: kube-trace get pods/, 'the summary stays on the normal screen');
  assert.match(after, /7 format/);
});

test('a failed trace resolves with kubectl\'s exit code for it (1) and still restores the screen', async () => {
  const { stdin, stdout, terminal } = streams();
  const code = await runTui({ run: { plan: GET_PLAN, stages: fakeTrace(forbiddenResults()).trace }, lessons: lessonSet(), startStage: null, noPause: false, notice: null, stdin, stdout });
  assert.equal(code, 1);
  assert.ok(terminal.text.includes('\u001B[?1049l'));
  assert.match(terminal.text.slice(terminal.text.lastIndexOf('\u001B[?1049l')), /✗ 4 authz/);
});

test('an output that is not a terminal gets no alternate-screen sequences', async () => {
  const { stdin } = streams();
  const pipe = new PassThrough();
  let text = '';
  pipe.on('data', (c: Buffer) => (text += c.toString('utf8')));
  const code = await runTui({ run: { plan: GET_PLAN, stages: fakeTrace(okResults()).trace }, lessons: lessonSet(), startStage: null, noPause: true, notice: null, stdin, stdout: pipe as unknown as NodeJS.WriteStream });
  assert.equal(code, 0);
  assert.ok(!text.includes('\u001B[?1049h'));
});

test('console output from libraries during the UI is held and printed on stderr afterwards', async () => {
  const { stdin, stdout, terminal } = streams();
  const results = okResults();
  async function* chatty() {
    for (const r of results) {
      if (r.name === 'request') console.warn('a library warning');
      yield r;
    }
    return (await import('./helpers/traceFixtures.js')).reportFor(results);
  }
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await runTui({ run: { plan: GET_PLAN, stages: chatty() }, lessons: lessonSet(), startStage: null, noPause: false, notice: null, stdin, stdout });
    assert.equal(code, 0);
  } finally {
    process.stderr.write = original;
  }
  assert.ok(!terminal.text.includes('a library warning'), 'not drawn over the UI');
  assert.ok(written.join('').includes('a library warning'), 'printed once the terminal is back');
});
