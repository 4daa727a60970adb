// runTui as the CLI calls it: the alternate screen is entered and always left, and a stdin that
// cannot do raw mode never crashes: the walkthrough runs through and resolves with kubectl's code.
// What stays on the normal screen is what kubectl would have printed, and one line about it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runTui } from '../../src/ui/run.js';
import { GET_PLAN } from '../../src/trace/plan.js';
import { fakeTrace } from './helpers/fakeTrace.js';
import { lessonSet } from './helpers/lessonFixtures.js';
import { FORBIDDEN_MESSAGE, STDOUT, forbiddenResults, okResults } from './helpers/traceFixtures.js';

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

function streams(): { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; terminal: FakeTerminal; errors: FakeTerminal } {
  const terminal = new FakeTerminal();
  const errors = new FakeTerminal();
  // A pipe, not a TTY: no raw mode.
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  return { stdin, stdout: terminal as unknown as NodeJS.WriteStream, stderr: errors as unknown as NodeJS.WriteStream, terminal, errors };
}

const LEAVE = '\u001B[?25h\u001B[?1049l';

test('without raw mode it runs every stage and resolves with kubectl\'s exit code (0), leaving kubectl\'s output on the normal screen', async () => {
  const { stdin, stdout, stderr, terminal, errors } = streams();
  const fake = fakeTrace(okResults());
  const code = await runTui({ run: { plan: GET_PLAN, stages: fake.trace }, lessons: lessonSet(), startStage: null, noPause: false, notice: null, argv: ['get', 'pods'], stdin, stdout, stderr });
  assert.equal(code, 0);
  assert.equal(fake.produced.length, 7);
  assert.ok(terminal.text.startsWith('\u001B[?1049h'), 'enters the alternate screen first');
  const left = terminal.text.lastIndexOf(LEAVE);
  assert.ok(left > 0, 'and leaves it');
  assert.equal(terminal.text.slice(left + LEAVE.length), STDOUT, "what kubectl prints on stdout, exactly, on the normal screen");
  assert.match(errors.text, /^kube-trace: that is what `kubectl get pods` prints \(exit code 0\); you saw 1 of 7 stages \(kube-trace get pods --plain prints every stage\)\.\n$/);
});

test('a failed trace resolves with kubectl\'s exit code for it (1): its error line on stderr, and the screen restored', async () => {
  const { stdin, stdout, stderr, terminal, errors } = streams();
  const code = await runTui({ run: { plan: GET_PLAN, stages: fakeTrace(forbiddenResults()).trace }, lessons: lessonSet(), startStage: null, noPause: false, notice: null, stdin, stdout, stderr });
  assert.equal(code, 1);
  assert.ok(terminal.text.includes(LEAVE));
  assert.equal(terminal.text.slice(terminal.text.lastIndexOf(LEAVE) + LEAVE.length), '', 'kubectl prints nothing on stdout for a refused list');
  assert.ok(errors.text.startsWith(`Error from server (Forbidden): ${FORBIDDEN_MESSAGE}\n`), errors.text);
  assert.match(errors.text, /\(exit code 1\)/);
});

test('the first-run notice is printed again on the normal screen, before kubectl\'s output', async () => {
  const { stdin, stdout, stderr, errors } = streams();
  const notice = 'kube-trace: no kubeconfig found (no --kubeconfig, KUBECONFIG unset, no ~/.kube/config): tracing against the embedded sandbox cluster.';
  await runTui({ run: { plan: GET_PLAN, stages: fakeTrace(okResults()).trace }, lessons: lessonSet(), startStage: null, noPause: false, notice, stdin, stdout, stderr });
  assert.ok(errors.text.startsWith(`${notice}\n`), errors.text);
});

test('kubectl\'s output reaches the terminal printable: an escape sequence in it is shown, not obeyed', async () => {
  const { stdin, stdout, stderr, terminal } = streams();
  const results = okResults();
  async function* hostile() {
    for (const r of results) yield r;
    const report = (await import('./helpers/traceFixtures.js')).reportFor(results);
    return { ...report, output: { ...report.output, stdout: 'pod/t\u001b]0;pwned\u0007x\n' } };
  }
  await runTui({ run: { plan: GET_PLAN, stages: hostile() }, lessons: lessonSet(), startStage: null, noPause: false, notice: null, stdin, stdout, stderr });
  assert.equal(terminal.text.slice(terminal.text.lastIndexOf(LEAVE) + LEAVE.length), 'pod/t^[]0;pwned^Gx\n');
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
    const code = await runTui({ run: { plan: GET_PLAN, stages: chatty() }, lessons: lessonSet(), startStage: null, noPause: false, notice: null, stdin, stdout, stderr: new PassThrough() as unknown as NodeJS.WriteStream });
    assert.equal(code, 0);
  } finally {
    process.stderr.write = original;
  }
  assert.ok(!terminal.text.includes('a library warning'), 'not drawn over the UI');
  assert.ok(written.join('').includes('a library warning'), 'printed once the terminal is back');
});
