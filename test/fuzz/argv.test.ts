// Fuzzing the argv parser: 10,000 seeded command lines built from kubectl-like pieces (every flag in
// every pflag spelling, good and bad values) and junk. Whatever comes in, parseCli returns a command
// or a usage error with one clear sentence: it never throws, never hangs, never yields NaN/undefined.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GET_FLAGS, LESSONS_FLAGS, SANDBOX_FLAGS, parseCli, type CliCommand } from '../../src/cli/args.js';
import { STAGE_NAMES } from '../../src/trace/types.js';
import { runCli } from '../helpers/cli.js';
import { gen, type Gen } from './generators.js';

const SEED = 20261128;
const INPUTS = 10_000;

const FLAG_SPECS = [...GET_FLAGS, ...SANDBOX_FLAGS, ...LESSONS_FLAGS];
const VALUES = [
  'demo', 'default', '', ' ', 'kube-system', 'app=nginx', 'tier in (web,api)', '!', 'status.phase=Running', 'a=b,c!=d',
  'json', 'yaml', 'wide', 'name', 'jsonpath={.items}', 'go-template', 'custom-columns=X:.x',
  '0', '1', '-1', '500', '65535', '65536', '99999999999999999999999', '1e3', '0x10', '3.5', '+7', '-0',
  '5s', '1m', '1h30m', '500ms', '1.5s', '.5s', '2us', '3µs', '10ns', '5', 's', '1x', '-5s', '1h-1m', '9999999999999999h',
  'true', 'false', 'T', 'F', 'yes', 'parse', 'kubeconfig', 'format', 'nope', '/tmp/x', '../../etc/passwd', '~/.kube/config',
  '--', '-', '-n', '--json', '=', '==',
];
const WORDS = ['get', 'pods', 'pod', 'po', 'PODS', 'Pods', 'deployments', 'svc', 'nginx', 'sandbox', 'lessons', 'help', 'version', '--', '-', ''];

function flagToken(g: Gen): string[] {
  const spec = g.pick(FLAG_SPECS);
  const value = g.chance(0.2) ? g.junk(12) : g.pick(VALUES);
  const form = g.int(6);
  if (form === 0) return [`--${spec.name}`, value];
  if (form === 1) return [`--${spec.name}=${value}`];
  if (form === 2 && spec.short) return [`-${spec.short}`, value];
  if (form === 3 && spec.short) return [`-${spec.short}${value}`];
  if (form === 4 && spec.short) return [`-${spec.short}=${value}`];
  if (form === 5) return [`--${spec.name}`]; // possibly missing its value
  return [`-${g.junk(3)}`];
}

function argvFor(g: Gen): string[] {
  const argv: string[] = [];
  const head = g.int(10);
  if (head < 6) argv.push('get');
  else if (head === 6) argv.push('sandbox');
  else if (head === 7) argv.push('lessons');
  else if (head === 8) argv.push(g.pick(['help', 'version', '--help', '-h', '--version', '']));
  else argv.push(g.junk(8));
  if (head < 6 && g.chance(0.85)) argv.push(g.pick(['pods', 'pod', 'po', 'PODS', 'svc', 'deployments']));
  const n = g.int(7);
  for (let i = 0; i < n; i++) {
    const r = g.int(10);
    if (r < 6) argv.push(...flagToken(g));
    else if (r < 8) argv.push(g.pick(WORDS));
    else if (r < 9) argv.push(`-${g.pick(['A', 'n', 'l', 'o', 'h', 'x', 'An', 'Ao', 'Ah'])}`);
    else argv.push(g.junk(20));
  }
  if (g.chance(0.01)) argv.push('x'.repeat(100_000)); // a very long argument
  return argv;
}

/** What a user must be able to read: one non-empty line, no stack, no JS artefacts. */
function assertClearMessage(message: string, where: string): void {
  assert.equal(typeof message, 'string', where);
  assert.ok(message.trim().length > 0, `${where}: empty message`);
  assert.doesNotMatch(message, /\n\s+at\s/, `${where}: stack trace in message`);
  assert.doesNotMatch(message, /\bundefined\b|\[object \w+\]|\bNaN\b/, `${where}: JS artefact in message: ${message}`);
}

function checkCommand(c: CliCommand, where: string): void {
  switch (c.kind) {
    case 'usage-error':
      assertClearMessage(c.message, where);
      assert.ok(['get', 'sandbox', 'lessons', null].includes(c.subcommand), where);
      assert.ok(['tui', 'plain', 'json'].includes(c.mode), where);
      return;
    case 'get': {
      const cmd = c.command;
      // Any resource word is accepted (discovery decides later); each request names one, without a slash.
      assert.ok(cmd.resource.length > 0, `${where}: empty resource`);
      for (const t of cmd.targets ?? []) assert.ok(t.resource.length > 0 && !t.resource.includes('/'), `${where}: target ${JSON.stringify(t)}`);
      assert.ok(Number.isSafeInteger(cmd.chunkSize) && cmd.chunkSize >= 0, `${where}: chunkSize ${cmd.chunkSize}`);
      assert.ok(Number.isFinite(cmd.requestTimeoutMs) && cmd.requestTimeoutMs >= 0, `${where}: requestTimeoutMs ${cmd.requestTimeoutMs}`);
      assert.ok(['table', 'wide', 'json', 'yaml', 'name', 'jsonpath', 'jsonpath-file', 'jsonpath-as-json', 'custom-columns', 'custom-columns-file', 'unknown'].includes(cmd.output), where);
      assert.ok(cmd.startStage === null || (STAGE_NAMES as readonly string[]).includes(cmd.startStage), where);
      for (const f of cmd.flags) assert.ok(typeof f.value !== 'number' || Number.isFinite(f.value), `${where}: flag ${f.name}=${f.value}`);
      return;
    }
    case 'sandbox':
      assert.ok(Number.isInteger(c.options.port) && c.options.port >= 0 && c.options.port <= 65535, `${where}: port ${c.options.port}`);
      return;
    case 'lessons-check':
      assert.equal(typeof c.dir, 'string');
      return;
    case 'help':
    case 'version':
      return;
  }
}

test(`parseCli: ${INPUTS} seeded argv vectors (seed ${SEED}) each give a command or a clear usage error`, () => {
  const g = gen(SEED);
  const kinds = new Map<string, number>();
  for (let i = 0; i < INPUTS; i++) {
    const argv = argvFor(g);
    const ctx = { stdoutIsTTY: g.chance(0.5), stdinIsTTY: g.chance(0.5) };
    const where = `seed ${SEED} input #${i} ${JSON.stringify(argv).slice(0, 300)}`;
    let c: CliCommand;
    try {
      c = parseCli(argv, ctx);
    } catch (e) {
      assert.fail(`${where}: parseCli threw ${e instanceof Error ? e.stack : String(e)}`);
    }
    checkCommand(c, where);
    kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  }
  // The generator must reach both sides: accepted commands and rejections of several kinds.
  assert.ok((kinds.get('get') ?? 0) > 500, `too few accepted commands: ${JSON.stringify([...kinds])}`);
  assert.ok((kinds.get('usage-error') ?? 0) > 2000, `too few rejections: ${JSON.stringify([...kinds])}`);
});

test('the CLI prints every rejection as cobra does (Error: … / See …--help), exit 1, JSON when --json was asked', async () => {
  const g = gen(SEED + 1);
  let checked = 0;
  for (let i = 0; i < 3000 && checked < 300; i++) {
    const argv = argvFor(g);
    const c = parseCli(argv, { stdoutIsTTY: false, stdinIsTTY: false });
    if (c.kind !== 'usage-error') continue;
    checked++;
    const where = `input #${i} ${JSON.stringify(argv).slice(0, 300)}`;
    const r = await runCli(argv, { PATH: process.env['PATH'], HOME: '/nonexistent-kube-trace-home', NO_COLOR: '1' });
    assert.equal(r.exitCode, 1, where);
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at\s|internal error/, where);
    if (c.mode === 'json' && c.subcommand === 'get') {
      const doc = JSON.parse(r.stdout) as { output?: { exitCode?: number } };
      assert.equal(doc.output?.exitCode, 1, where);
    } else {
      assert.match(r.stderr, /^Error: .+\nSee 'kube-trace( get| sandbox| lessons)? --help' for usage\.\n$/s, where);
    }
  }
  assert.ok(checked >= 100, `only ${checked} usage errors generated`);
});

// kubectl (pflag's strconv.ParseInt, client-go's time.ParseDuration) rejects these; kube-trace must
// too, instead of sending limit=1e+23 or a timer that Node clamps to 1 ms.

test('numbers that overflow Go int64 / time.Duration are rejected with kubectl\'s messages', () => {
  const timeoutMessage =
    'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)';
  const cases: [string[], string][] = [
    [
      ['get', 'pods', '--chunk-size', '99999999999999999999999'],
      'invalid argument "99999999999999999999999" for "--chunk-size" flag: strconv.ParseInt: parsing "99999999999999999999999": value out of range',
    ],
    [['get', 'pods', '--request-timeout', '9999999999999999h'], timeoutMessage],
    [['get', 'pods', '--request-timeout', '99999999999999999999999'], timeoutMessage],
  ];
  for (const [argv, message] of cases) {
    const c = parseCli(argv, { stdoutIsTTY: false, stdinIsTTY: false });
    assert.equal(c.kind, 'usage-error', `${argv.join(' ')} → ${JSON.stringify(c).slice(0, 200)}`);
    assert.equal((c as Extract<CliCommand, { kind: 'usage-error' }>).message, message);
  }
});
