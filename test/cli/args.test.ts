import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCli, type CliCommand } from '../../src/cli/args.js';
import type { GetCommand } from '../../src/trace/command.js';

const tty = { stdoutIsTTY: true, stdinIsTTY: true };
const pipe = { stdoutIsTTY: false, stdinIsTTY: false };

function get(argv: string[], ctx = tty): GetCommand {
  const c = parseCli(argv, ctx);
  assert.equal(c.kind, 'get', JSON.stringify(c));
  return (c as Extract<CliCommand, { kind: 'get' }>).command;
}

function usage(argv: string[]): Extract<CliCommand, { kind: 'usage-error' }> {
  const c = parseCli(argv, tty);
  assert.equal(c.kind, 'usage-error', JSON.stringify(c));
  return c as Extract<CliCommand, { kind: 'usage-error' }>;
}

test('`get pods` alone: defaults like kubectl (own namespace, table, chunks of 500)', () => {
  const c = get(['get', 'pods']);
  assert.equal(c.resource, 'pods');
  assert.equal(c.namespace, null);
  assert.equal(c.allNamespaces, false);
  assert.equal(c.output, 'table');
  assert.equal(c.chunkSize, 500);
  assert.equal(c.requestTimeoutMs, 0);
  assert.equal(c.mode, 'tui');
  assert.deepEqual(c.flags.find((f) => f.name === 'chunk-size'), { name: 'chunk-size', value: 500, source: 'default', kubeTraceOnly: false });
});

test('namespace flag in every pflag spelling', () => {
  for (const argv of [
    ['get', 'pods', '-n', 'demo'],
    ['get', 'pods', '-ndemo'],
    ['get', 'pods', '-n=demo'],
    ['get', 'pods', '--namespace', 'demo'],
    ['get', 'pods', '--namespace=demo'],
    ['get', '-n', 'demo', 'pods'],
  ]) {
    assert.equal(get(argv).namespace, 'demo', argv.join(' '));
  }
});

test('the last occurrence of a flag wins, as in pflag', () => {
  assert.equal(get(['get', 'pods', '-n', 'a', '-n', 'b']).namespace, 'b');
});

test('-A, -l, --field-selector, -o, --chunk-size, --context, --kubeconfig, --request-timeout', () => {
  const c = get(['get', 'po', '-A', '-l', 'app in (a,b)', '--field-selector=status.phase=Running', '-o', 'wide', '--chunk-size=1', '--context', 'ctx', '--kubeconfig', '/k', '--request-timeout=1m30s']);
  assert.equal(c.allNamespaces, true);
  assert.equal(c.labelSelector, 'app in (a,b)');
  assert.equal(c.fieldSelector, 'status.phase=Running');
  assert.equal(c.output, 'wide');
  assert.equal(c.chunkSize, 1);
  assert.equal(c.context, 'ctx');
  assert.equal(c.kubeconfig, '/k');
  assert.equal(c.requestTimeoutMs, 90_000);
  const given = c.flags.filter((f) => f.source === 'flag').map((f) => f.name);
  assert.deepEqual(given, ['all-namespaces', 'selector', 'field-selector', 'output', 'chunk-size', 'kubeconfig', 'context', 'request-timeout']);
});

test('--request-timeout: a bare number is seconds; bad values get kubectl\'s message', () => {
  assert.equal(get(['get', 'pods', '--request-timeout', '5']).requestTimeoutMs, 5000);
  assert.equal(get(['get', 'pods', '--request-timeout', '250ms']).requestTimeoutMs, 250);
  const e = usage(['get', 'pods', '--request-timeout=abc']);
  assert.match(e.message, /^Invalid timeout value\. Timeout must be a single integer in seconds/);
  assert.equal(e.fromFlagParser, false);
});

test('output formats: what -o selects; an unknown one is still traced (kubectl sends its request, then fails to print)', () => {
  for (const o of ['wide', 'json', 'yaml', 'name'] as const) assert.equal(get(['get', 'pods', '-o', o]).output, o);
  // kubectl builds its printer after the response: `-o xml` costs a request, then "unable to match a
  // printer" (the format stage prints that error; see test/format/kubectl-printers.test.ts).
  const xml = get(['get', 'pods', '-o', 'xml']);
  assert.equal(xml.output, 'unknown');
  assert.equal(xml.print?.output, 'xml');
});

test('unknown flags are reported with cobra\'s words', () => {
  assert.equal(usage(['get', 'pods', '--foo']).message, 'unknown flag: --foo');
  assert.equal(usage(['get', 'pods', '-z']).message, "unknown shorthand flag: 'z' in -z");
  assert.equal(usage(['get', 'pods', '-n']).message, "flag needs an argument: 'n' in -n");
  assert.equal(usage(['get', 'pods', '--namespace']).message, 'flag needs an argument: --namespace');
  assert.equal(
    usage(['get', 'pods', '--chunk-size=x']).message,
    'invalid argument "x" for "--chunk-size" flag: strconv.ParseInt: parsing "x": invalid syntax',
  );
  assert.equal(usage(['get', 'pods', '--foo']).fromFlagParser, true);
});

test('any resource, in kubectl\'s argument forms; a missing resource says what to type', () => {
  assert.deepEqual(get(['get', 'deployments']).targets, [{ resource: 'deployments', name: null }]);
  assert.deepEqual(get(['get', 'pods,svc', 'a', 'b']).targets, [
    { resource: 'pods', name: 'a' },
    { resource: 'pods', name: 'b' },
    { resource: 'svc', name: 'a' },
    { resource: 'svc', name: 'b' },
  ]);
  assert.deepEqual(get(['get', 'pod/x', 'node/n']).targets, [{ resource: 'pod', name: 'x' }, { resource: 'node', name: 'n' }]);
  assert.match(usage(['get', 'pod/x', 'svc']).message, /^there is no need to specify a resource type as a separate argument when passing arguments in resource\/name form/);
  assert.equal(usage(['get', 'pods/']).message, 'arguments in resource/name form must have a single resource and name');
  assert.equal(usage(['get', 'pods/a/b']).message, 'arguments in resource/name form may not have more than one slash');
  assert.match(usage(['get']).message, /Required resource not specified/);
  assert.equal(get(['get', 'pod', 'nginx']).resourceName, 'nginx');
});

test('presentation: a TTY gets the UI, a pipe gets plain text, --json wins, both is an error', () => {
  assert.equal(get(['get', 'pods']).mode, 'tui');
  assert.equal(get(['get', 'pods'], pipe).mode, 'plain');
  assert.equal(get(['get', 'pods', '--plain']).mode, 'plain');
  assert.equal(get(['get', 'pods', '--json'], pipe).mode, 'json');
  assert.match(usage(['get', 'pods', '--plain', '--json']).message, /cannot be used together/);
  assert.equal(usage(['get', 'pods', '--json', '--foo']).mode, 'json');
});

test('kube-trace flags: --sandbox, --scenario implies it, --stage, --no-pause, --lessons', () => {
  const c = get(['get', 'pods', '--scenario', 'crashloop', '--stage', 'authz', '--no-pause', '--lessons', 'mine']);
  assert.equal(c.sandbox, true);
  assert.equal(c.scenario, 'crashloop');
  assert.equal(c.startStage, 'authz');
  assert.equal(c.noPause, true);
  assert.equal(c.lessonsDir, 'mine');
  assert.equal(c.flags.find((f) => f.name === 'scenario')?.kubeTraceOnly, true);
  assert.match(usage(['get', 'pods', '--stage', 'nope']).message, /--stage must be one of parse, kubeconfig/);
});

test('top level: help, version, subcommands', () => {
  assert.deepEqual(parseCli([], tty), { kind: 'help', topic: 'main' });
  assert.deepEqual(parseCli(['--help'], tty), { kind: 'help', topic: 'main' });
  assert.deepEqual(parseCli(['get', '--help'], tty), { kind: 'help', topic: 'get' });
  assert.deepEqual(parseCli(['--version'], tty), { kind: 'version' });
  assert.equal(parseCli(['frobnicate'], tty).kind, 'usage-error');
  const s = parseCli(['sandbox', '--port', '6443', '--kubeconfig-out=/tmp/k'], tty);
  assert.deepEqual(s, { kind: 'sandbox', options: { port: 6443, address: null, kubeconfigOut: '/tmp/k', objectsFile: null, scenario: 'default', etcdEndpoints: null, serverVersion: '1.33', allowNonLoopback: false } });
  assert.deepEqual(parseCli(['lessons', '--check', 'dir'], tty), { kind: 'lessons-check', dir: 'dir' });
  assert.equal(parseCli(['sandbox', '--port', '70000'], tty).kind, 'usage-error');
});
