// client-go's jsonpath dialect, as kubectl 1.27–1.33 evaluate it (the captures in
// kubectl-printers.test.ts hold the same behaviour against real kubectl; these pin it on small data).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newJsonPathPrinter, printJsonPath } from '../../src/format/jsonpath-printer.js';

const pod = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'Pod',
  metadata: { name, labels: { app: name, tier: 'web' } },
  spec: { containers: [{ name: 'main', image: `${name}:1` }, { name: 'side', image: 'side:2' }] },
  ...extra,
});
const list = {
  kind: 'List',
  items: [pod('a', { status: { phase: 'Running', restarts: 3 } }), pod('b', { status: { phase: 'Pending', restarts: 0 } }), pod('c')],
};

function run(template: string, data: unknown = list, opts: Partial<{ allowMissingKeys: boolean; outputJSON: boolean; kubectlMinor: number }> = {}): { out: string; error: string | null } {
  const p = newJsonPathPrinter(template, { allowMissingKeys: true, outputJSON: false, kubectlMinor: 32, ...opts });
  if ('error' in p) return { out: '', error: p.error };
  const r = printJsonPath(p.printer, template, data);
  return { out: r.text, error: r.error };
}
const out = (template: string, data?: unknown, opts?: Parameters<typeof run>[2]): string => {
  const r = run(template, data, opts);
  assert.equal(r.error, null, `${template}: ${r.error ?? ''}`);
  return r.out;
};
const execError = (template: string, data?: unknown, opts?: Parameters<typeof run>[2]): string => {
  const r = run(template, data, opts);
  assert.ok(r.error, `${template} should fail`);
  return /Error executing template: (.*?)\. Printing more/.exec(r.error)?.[1] ?? r.error;
};

test('text and {actions}: fields, [*], quoted text, several results joined by one space', () => {
  assert.equal(out('{.items[*].metadata.name}'), 'a b c');
  assert.equal(out('names: {.items[*].metadata.name}{"\\n"}'), 'names: a b c\n');
  assert.equal(out("{'single'}{\"tab\\there\"}"), 'singletab\there');
  assert.equal(out('{$.kind}{@.kind}'), 'ListList');
  assert.equal(out('{.kind}'), 'List');
});

test('indexes, negative indexes, slices with steps, unions, dict keys', () => {
  assert.equal(out('{.items[0].metadata.name}'), 'a');
  assert.equal(out('{.items[-1].metadata.name}'), 'c');
  assert.equal(out('{.items[1:].metadata.name}'), 'b c');
  assert.equal(out('{.items[:2].metadata.name}'), 'a b');
  assert.equal(out('{.items[0:3:2].metadata.name}'), 'a c');
  assert.equal(out('{.items[0,2].metadata.name}'), 'a c');
  assert.equal(out("{.items[0].metadata.labels['app']}"), 'a');
  assert.equal(out('{.items[0].metadata.labels.*}'), 'a web', '.* over a map: kube-trace walks keys sorted');
  assert.equal(execError('{.items[5].metadata.name}'), 'array index out of bounds: index 5, length 3');
  assert.equal(execError('{.items[2:1]}'), 'starting index 2 is greater than ending index 1');
  assert.equal(execError('{.items[0:2:0]}'), 'step must be > 0');
  assert.equal(execError('{.kind[0]}'), 'string is not array or slice');
});

test('maps and lists print as JSON; numbers and bools as Go prints them; nil by release', () => {
  assert.equal(out('{.items[0].metadata.labels}'), '{"app":"a","tier":"web"}');
  assert.equal(out('{.items[0].spec.containers[0]}'), '{"image":"a:1","name":"main"}');
  assert.equal(out('{.items[*].status.restarts}'), '3 0');
  assert.equal(out('{.x} {.y} {.z}', { x: 1.5, y: true, z: 1e21 }), '1.5 true 1e+21');
  assert.equal(out('{.n}', { n: null }, { kubectlMinor: 28 }), '<nil>');
  assert.equal(out('{.n}', { n: null }, { kubectlMinor: 29 }), 'null');
  assert.equal(out('{.s}', { s: '<&>' }), '<&>', 'a string is printed as it is');
  assert.equal(out('{.m}', { m: { s: '<&>' } }), '{"s":"\\u003c\\u0026\\u003e"}', 'json.Marshal escapes HTML characters');
});

test('range/end, nested, over nothing, and without end', () => {
  assert.equal(out('{range .items[*]}{.metadata.name}={.status.phase};{end}'), 'a=Running;b=Pending;c=;');
  assert.equal(out('{range .items[*]}{.metadata.name}:{range .spec.containers[*]}{.name},{end}|{end}'), 'a:main,side,|b:main,side,|c:main,side,|');
  assert.equal(out('{range .none[*]}{.x}{end}after'), 'after', 'a range over nothing skips to its end');
  assert.equal(out('{range .items[*]}{.metadata.name},'), 'a,b,c,,', 'without end, the rest runs once more on the outer data');
  assert.equal(execError('{end}'), 'not in range, nothing to end');
  assert.equal(execError('{nope}'), 'unrecognized identifier nope');
});

test('filters: ==, !=, <, >, <=, >=, exists; items missing the field are skipped; types must match', () => {
  assert.equal(out('{.items[?(@.status.phase=="Running")].metadata.name}'), 'a');
  assert.equal(out("{.items[?(@.status.phase!='Running')].metadata.name}"), 'b', 'c has no phase: skipped, not "not equal"');
  assert.equal(out('{.items[?(@.status.restarts>1)].metadata.name}'), 'a');
  assert.equal(out('{.items[?(@.status.restarts<1)].metadata.name}'), 'b');
  assert.equal(out('{.items[?(@.status.restarts>=0)].metadata.name}'), 'a b');
  assert.equal(out('{.items[?(@.status.restarts<=0)].metadata.name}'), 'b');
  assert.equal(out('{.items[?(@.status)].metadata.name}'), 'a b');
  assert.equal(execError('{.items[?(@.status.restarts>1.5)].metadata.name}'), 'incompatible types for comparison');
  assert.equal(execError('{.items[?(@.metadata.labels==1)].metadata.name}'), 'invalid type for comparison');
  assert.match(execError('{.items[0].metadata[?(@.x)]}'), /^map\[labels:map\[app:a tier:web\] name:a\] is not array or slice and cannot be filtered$/);
});

test('recursive descent', () => {
  assert.equal(out('{.items[0].spec..name}'), 'main side');
  assert.equal(out('{..image}', { a: [{ image: 'x' }, { b: { image: 'y' } }] }), 'x y');
});

test('parse errors carry the parser\'s words, behind "error parsing jsonpath TEMPLATE, "', () => {
  const parseError = (t: string): string | null => run(t).error;
  assert.equal(parseError('{.items['), 'error parsing jsonpath {.items[, unterminated array\n');
  assert.equal(parseError('{.items'), 'error parsing jsonpath {.items, unclosed action\n');
  assert.equal(parseError('{.a[0]#}'), "error parsing jsonpath {.a[0]#}, unrecognized character in action: U+0023 '#'\n");
  assert.equal(out('{.a#}', { 'a#': 'a field name runs to the next terminator' }), 'a field name runs to the next terminator');
  assert.equal(parseError('{"abc}'), 'error parsing jsonpath {"abc}, unterminated quoted string\n');
  assert.equal(parseError('{.items[?(@.a=="b"]}'), 'error parsing jsonpath {.items[?(@.a=="b"]}, unterminated filter\n');
  assert.equal(parseError('{.items[x]}'), 'error parsing jsonpath {.items[x]}, invalid array index x\n');
  assert.equal(parseError('{....a}'), 'error parsing jsonpath {....a}, invalid multiple recursive descent\n');
  assert.equal(parseError('{-}'), 'error parsing jsonpath {-}, cannot parse number -\n');
});

test('a failed execution prints kubectl\'s debugging message with a %#v dump of the object', () => {
  const r = run('{.nope}', { a: [1, 'x', null], b: { c: true } }, { allowMissingKeys: false });
  assert.equal(
    r.error,
    'error executing jsonpath "{.nope}": Error executing template: nope is not found. Printing more information for debugging the template:\n' +
      '\ttemplate was:\n\t\t{.nope}\n' +
      '\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"a":[]interface {}{1, "x", interface {}(nil)}, "b":map[string]interface {}{"c":true}}\n\n\n',
  );
});

test('-o jsonpath-as-json prints each result group as an indented JSON array', () => {
  assert.equal(out('{.items[*].metadata.name}', list, { outputJSON: true }), '[\n    "a",\n    "b",\n    "c"\n]\n');
  assert.equal(out('{.nope}', list, { outputJSON: true }), '[]\n');
});
