// printYaml writes what go-yaml v2 (through sigs.k8s.io/yaml, as kubectl -o yaml does) writes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { goYamlKeyLess, printYaml } from '../../src/format/yaml-printer.js';

const value = (v: unknown) => printYaml({ k: v });

test('strings that would read back as another type are double-quoted', () => {
  for (const s of ['', '123', '-1', '+1', '0', '0x1F', '0755', '1_000', '1.5', '.5', '1e3', 'true', 'True', 'yes', 'y', 'N', 'on', 'off', 'null', '~', '2026-11-28T02:23:07Z', '2024-1-2', '12:30']) {
    assert.equal(value(s), `k: "${s}"\n`, s);
  }
});

test('ordinary strings stay plain, even with inner colons, hashes or dashes', () => {
  for (const s of ['nginx', 'ghcr.io/example/api:1.0', 'http://x.example/a?b=c#d', 'a-b', 'x:y', 'a#b', 'yes-please', '2024-13-01', 'IfNotPresent', '10.244.0.5', 'a b c']) {
    assert.equal(value(s), `k: ${s}\n`, s);
  }
});

test('strings libyaml cannot write plain get single quotes (quotes doubled)', () => {
  for (const s of [' leading', 'trailing ', '*', '- x', '-', 'a: b', 'a:', '#x', 'a #b', '@x', '%x', '&x', '!x', '|x', '>x', '{x', '[x', '"x', '`x', '---', '? x']) {
    assert.equal(value(s), `k: '${s}'\n`, s);
  }
  assert.equal(value("'quoted': x"), "k: '''quoted'': x'\n");
});

test('tabs, control characters and characters outside the BMP force double quotes with escapes', () => {
  assert.equal(value('tab\there'), 'k: "tab\\there"\n');
  assert.equal(value('bell\x07'), 'k: "bell\\a"\n');
  assert.equal(value('del\x7f'), 'k: "del\\x7F"\n');
  assert.equal(value('smile 😀'), 'k: "smile \\U0001F600"\n');
  assert.equal(value('crlf\r\nx'), 'k: "crlf\\r\\nx"\n');
  assert.equal(value('space \nbreak'), 'k: "space \\nbreak"\n');
  assert.equal(value('say "hi" \\o/'), 'k: say "hi" \\o/\n');
  assert.equal(value('"start'), `k: '"start'\n`);
});

test('strings with a newline become literal blocks with the right chomping indicator', () => {
  assert.equal(printYaml({ a: { k: 'line1\nline2\n' } }), 'a:\n  k: |\n    line1\n    line2\n');
  assert.equal(value('line1\nline2'), 'k: |-\n  line1\n  line2\n');
  assert.equal(value('x\n\n'), 'k: |+\n  x\n\n');
  assert.equal(value('a\n\nb'), 'k: |-\n  a\n\n  b\n');
  assert.equal(value(' lead\nx'), 'k: |2-\n   lead\n  x\n');
  assert.equal(printYaml({ l: ['a\nb'] }), 'l:\n- |-\n  a\n  b\n');
});

test('long strings fold at the first space past column 80, as controller-gen CRDs show', () => {
  // Real sigs.k8s.io/yaml output (controller-gen CRDs), nested so that the key sits at column 10 / 12.
  const text =
    'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
  const at10 = printYaml({ a: { b: { c: { d: { e: { description: text, type: 'string' } } } } } });
  assert.ok(
    at10.endsWith(
      "          description: 'APIVersion defines the versioned schema of this representation\n" +
        '            of an object. Servers should convert recognized schemas to the latest\n' +
        "            internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources'\n" +
        '          type: string\n',
    ),
    at10,
  );
  const at12 = printYaml({ a: { b: { c: { d: { e: { f: { description: text, type: 'string' } } } } } } });
  assert.ok(
    at12.endsWith(
      "            description: 'APIVersion defines the versioned schema of this representation\n" +
        '              of an object. Servers should convert recognized schemas to the latest\n' +
        "              internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources'\n" +
        '            type: string\n',
    ),
    at12,
  );
  // Plain text folds the same way: at the first space once the line is past column 80 (so the line
  // may run longer than 80), continuing two spaces in from the key.
  const words = Array.from({ length: 30 }, () => 'word');
  assert.equal(printYaml({ k: words.join(' ') }), `k: ${words.slice(0, 16).join(' ')}\n  ${words.slice(16).join(' ')}\n`);
  // Keys never fold.
  const longKey = Array.from({ length: 25 }, () => 'kw').join(' ');
  assert.equal(printYaml({ [longKey]: 1 }), `${longKey}: 1\n`);
});

test('numbers, booleans and null are written the way Go formats them', () => {
  assert.equal(printYaml({ a: 1, b: 1.5, c: 1000000.5, d: 0.00001, e: true, f: null, g: -7, h: 0.0001 }), 'a: 1\nb: 1.5\nc: 1.0000005e+06\nd: 1e-05\ne: true\nf: null\ng: -7\nh: 0.0001\n');
});

test('collections: sequences under a key are not indented, empty ones are {} and []', () => {
  const got = printYaml({ list: [{ a: 1, b: [] }, ['x', 'y'], {}, []], map: { inner: {} } });
  assert.equal(got, 'list:\n- a: 1\n  b: []\n- - x\n  - "y"\n- {}\n- []\nmap:\n  inner: {}\n');
  assert.equal(printYaml({}), '{}\n');
});

test('keys sort like go-yaml: non-letters first, digit runs by value, letters by code point', () => {
  assert.deepEqual(
    ['b', 'a10', 'a9', '_x', 'B', '1', 'a2b', 'a02b'].sort((x, y) => (goYamlKeyLess(x, y) ? -1 : goYamlKeyLess(y, x) ? 1 : 0)),
    ['_x', '1', 'B', 'a2b', 'a02b', 'a9', 'a10', 'b'],
  );
  assert.equal(printYaml({ b: 1, a10: 2, a9: 3 }), 'a9: 3\na10: 2\nb: 1\n');
});

test('odd keys: quoted like values, and very long keys use the explicit "? key" form', () => {
  assert.equal(printYaml({ '': 1, 'a: b': 2, '123': 3 }), '"": 1\n"123": 3\n\'a: b\': 2\n');
  const long = 'k'.repeat(129);
  assert.equal(printYaml({ [long]: 'v' }), `? ${long}\n: v\n`);
});

test('what it writes reads back (YAML 1.1) as the same data', () => {
  const data = {
    strings: ['', 'yes', 'no', 'on', '1.0', '0x10', ' x ', "it's", 'a: b', 'multi\nline\n', 'tab\t', '😀', 'é', '- x', '#', 'x'.repeat(200), `${'long words '.repeat(20)}end`],
    nested: { list: [[1, 2], { 'key with space': 'v' }], empty: {}, none: [] },
    numbers: [0, -1, 3.25, 1e-7, 123456789],
  };
  assert.deepEqual(parse(printYaml(data), { version: '1.1' }), data);
});
