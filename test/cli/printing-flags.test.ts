// kubectl get's printing flags on kube-trace's command line: parsed as pflag parses them, refused
// with kubectl's words where kubectl refuses them before any request (the captures of real kubectl in
// test/fixtures/kubectl-printers hold those words), and every other kubectl flag answered with what
// kubectl would do, never "unknown flag".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GET_FLAGS, UNTRACED_GET_FLAGS, parseCli, type CliCommand } from '../../src/cli/args.js';
import type { GetCommand } from '../../src/trace/command.js';
import { planFor } from '../../src/trace/plan.js';
import { exchangesOf, loadCaptures, splitArgs } from '../format/kubectl-printers-fixtures.js';

const pipe = { stdoutIsTTY: false, stdinIsTTY: false };

function get(argv: string[]): GetCommand {
  const c = parseCli(argv, pipe);
  assert.equal(c.kind, 'get', JSON.stringify(c).slice(0, 300));
  return (c as Extract<CliCommand, { kind: 'get' }>).command;
}

function refused(argv: string[]): Extract<CliCommand, { kind: 'usage-error' }> {
  const c = parseCli(argv, pipe);
  assert.equal(c.kind, 'usage-error', `${argv.join(' ')} → ${JSON.stringify(c).slice(0, 300)}`);
  return c as Extract<CliCommand, { kind: 'usage-error' }>;
}

test('the printing flags reach GetCommand.print as kubectl reads them', () => {
  const c = get(['get', 'pods', '--show-labels', '-L', 'app,tier', '-L', 'k8s-app', '--no-headers', '--sort-by', '.metadata.name', '--show-kind', '--ignore-not-found', '--server-print=false']);
  assert.deepEqual(c.print, {
    output: '',
    template: '',
    noHeaders: true,
    showLabels: true,
    labelColumns: ['app', 'tier', 'k8s-app'],
    sortBy: '.metadata.name',
    showKind: true,
    ignoreNotFound: true,
    showManagedFields: false,
    allowMissingTemplateKeys: true,
    serverPrint: false,
  });
  assert.equal(c.output, 'table');
  assert.equal(c.flags.find((f) => f.name === 'label-columns')?.value, 'app,tier,k8s-app');
});

test('-o with a template: the whole value is kept, the format is named', () => {
  const jp = get(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}']);
  assert.equal(jp.output, 'jsonpath');
  assert.equal(jp.print?.output, 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}');
  assert.equal(get(['get', 'pods', '-o=custom-columns=NAME:.metadata.name']).output, 'custom-columns');
  assert.equal(get(['get', 'pods', '-ojsonpath-file=names.txt']).output, 'jsonpath-file');
  const t = get(['get', 'pods', '-o', 'jsonpath', '--template', '{.items[0].metadata.name}', '--allow-missing-template-keys=false']);
  assert.deepEqual([t.output, t.print?.template, t.print?.allowMissingTemplateKeys], ['jsonpath', '{.items[0].metadata.name}', false]);
});

test('-L takes CSV like pflag: quotes keep commas, spaces are kept, a bare quote is an error', () => {
  assert.deepEqual(get(['get', 'pods', '-L', '"app,x", tier']).print?.labelColumns, ['app,x', ' tier']);
  assert.deepEqual(get(['get', 'pods', '-L', '']).print?.labelColumns, []);
  assert.deepEqual(get(['get', 'pods', '--label-columns=a', '-Lb']).print?.labelColumns, ['a', 'b']);
  const e = refused(['get', 'pods', '-L', 'a"b']);
  assert.equal(e.message, 'invalid argument "a\\"b" for "-L, --label-columns" flag: parse error on line 1, column 2: bare " in non-quoted-field');
  assert.equal(e.fromFlagParser, true);
});

// The captures whose kubectl refused before sending anything: kube-trace refuses with the same words.
test('where kubectl refuses before any request, kube-trace refuses with the same words', () => {
  const captures = loadCaptures().filter((c) => c.runs.every((r) => exchangesOf(c, r).length === 0));
  assert.ok(captures.length >= 6, captures.map((c) => c.name).join(' '));
  for (const c of captures) {
    const run = c.runs[0];
    assert.ok(run && c.runs.length === 1, `${c.name}: every build printed the same`);
    const { flags, positionals } = splitArgs(c.args);
    const e = refused(['get', ...positionals, ...flags]);
    // kubectl: "error: MESSAGE" (and for a flag it cannot parse, cobra's "See 'kubectl get --help'").
    const said = run.stderr.replace(/^error: /, '').replace(/\nSee 'kubectl get --help' for usage\.\n$/, '\n').replace(/\n$/, '');
    assert.equal(e.message, said, c.command);
    assert.equal(e.fromFlagParser, run.stderr.includes("See 'kubectl get --help'"), `${c.command}: who reports it`);
  }
});

test('--raw: kubectl\'s own checks first, then "not traced"', () => {
  assert.equal(refused(['get', '--raw', '/api', '-o', 'json']).message, '--raw and --output are mutually exclusive');
  assert.equal(refused(['get', '--raw', '/api', '-l', 'a=b']).message, '--raw may not be specified with other flags that filter the server request or alter the output');
  assert.equal(refused(['get', '--raw', 'api']).message, '--raw must be a valid URL path: parse "api": invalid URI for request');
  assert.match(refused(['get', '--raw', '/api']).message, /^kube-trace does not trace --raw: kubectl would GET that path itself/);
});

test('every kubectl flag kube-trace does not trace is answered, never "unknown flag"', () => {
  for (const spec of UNTRACED_GET_FLAGS) {
    if (spec.name === 'recursive' || spec.name === 'raw' || spec.name === 'output-watch-events') continue;
    const value = spec.type === 'bool' ? [] : spec.type === 'int' ? ['3'] : ['s3cr3t-value'];
    for (const spelled of [`--${spec.name}`, ...(spec.short ? [`-${spec.short}`] : [])]) {
      const e = refused(['get', 'pods', spelled, ...value]);
      assert.doesNotMatch(e.message, /unknown (shorthand )?flag/, spelled);
      assert.match(e.message, new RegExp(`^kube-trace does not trace (${spelled}|-${spec.short ?? 'NONE'}/--${spec.name}): `), e.message);
      assert.doesNotMatch(e.message, /s3cr3t/, `${spelled}: the value is never repeated (it may be a token or a password)`);
    }
  }
  assert.match(refused(['get', 'pods', '-w', '-o', 'jsonpath={.metadata.name}']).message, /^kube-trace traces -w with table, wide, json, yaml and name output/);
  assert.match(refused(['get', 'pods', 'nginx', '-w']).message, /^kube-trace traces -w of one list/);
  assert.match(refused(['get', 'pods', '--token=abc']).message, /reads the server and the credentials from the kubeconfig only/);
});

test('flags kubectl checks itself keep kubectl\'s errors, even when kube-trace would not trace them', () => {
  assert.equal(refused(['get', 'pods', '-v', 'x']).message, 'invalid argument "x" for "-v, --v" flag: strconv.ParseInt: parsing "x": invalid syntax');
  assert.equal(refused(['get', 'pods', '--insecure-skip-tls-verify=maybe']).message, 'invalid argument "maybe" for "--insecure-skip-tls-verify" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
  assert.equal(refused(['get', 'pods', '--output-watch-events']).message, '--output-watch-events option can only be used with --watch or --watch-only');
  assert.equal(refused(['get', 'pods', '--foo']).message, 'unknown flag: --foo');
  assert.equal(refused(['get', 'pods', '-Z']).message, "unknown shorthand flag: 'Z' in -Z");
});

test('-R without -f changes nothing, so the trace goes on; go templates are not traced', () => {
  assert.equal(get(['get', 'pods', '-R']).output, 'table');
  assert.match(refused(['get', 'pods', '-R', '-f', 'x.yaml']).message, /^kube-trace does not trace -f\/--filename: /);
  assert.match(refused(['get', 'pods', '-o', 'go-template={{.kind}}']).message, /^kube-trace does not trace -o go-template: /);
  assert.match(refused(['get', 'pods', '--template', '{{.kind}}']).message, /^kube-trace does not trace -o go-template: /);
});

test('the traced printing flags are in the help table; the untraced ones are not', () => {
  const shown = new Set(GET_FLAGS.map((f) => f.name));
  for (const name of ['show-labels', 'label-columns', 'no-headers', 'sort-by', 'show-kind', 'ignore-not-found', 'show-managed-fields', 'server-print', 'template']) assert.ok(shown.has(name), name);
  for (const f of UNTRACED_GET_FLAGS) assert.ok(!shown.has(f.name), f.name);
});

test('-w, --watch-only and --output-watch-events are traced: they reach GetCommand.watch and choose the watch plan', () => {
  assert.deepEqual(get(['get', 'pods', '-w']).watch, { only: false, outputEvents: false });
  assert.deepEqual(get(['get', 'pods', '--watch-only', '--output-watch-events']).watch, { only: true, outputEvents: true });
  assert.equal(get(['get', 'pods']).watch, undefined);
  assert.deepEqual(planFor(get(['get', 'pods', '-w'])).stages.map((s) => s.name), ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response', 'format', 'watch']);
  assert.deepEqual(planFor(get(['get', 'pods'])).stages.map((s) => s.name), ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response', 'format']);
});
