// The small Go behaviours kubectl's output depends on: encoding/json's MarshalIndent, fmt.Sprint of
// decoded JSON values, strconv's shortest float layout, and apimachinery's HumanDuration.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printJson } from '../../src/format/json-printer.js';
import { goFormatFloatG, goSprint } from '../../src/format/go-values.js';
import { humanDuration } from '../../src/format/human-duration.js';

test('JSON: keys sorted by byte order, 4-space indent, empty collections compact, newline at the end', () => {
  assert.equal(
    printJson({ b: [], a: { z: 1, Z: 2, é: 3 }, c: {}, d: [true, null, 'x'] }),
    '{\n    "a": {\n        "Z": 2,\n        "z": 1,\n        "é": 3\n    },\n    "b": [],\n    "c": {},\n    "d": [\n        true,\n        null,\n        "x"\n    ]\n}\n',
  );
});

test('JSON: strings escape <, >, & and U+2028/2029 like Go, and control characters', () => {
  assert.equal(printJson({ s: '<b>&amp;</b>' }), '{\n    "s": "\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e"\n}\n');
  assert.equal(printJson({ s: 'a\u2028b\u2029c' }), '{\n    "s": "a\\u2028b\\u2029c"\n}\n');
  assert.equal(printJson({ s: 'q"\\\n\r\t\u0001\u001f\b\f' }), '{\n    "s": "q\\"\\\\\\n\\r\\t\\u0001\\u001f\\b\\f"\n}\n');
  assert.equal(printJson({ s: 'é 😀' }), '{\n    "s": "é 😀"\n}\n');
});

test('JSON: numbers as Go writes float64/int64', () => {
  assert.equal(printJson([1, -2, 1.5, 1e-7, 1e21, 123456789012, 0.000001]), '[\n    1,\n    -2,\n    1.5,\n    1e-7,\n    1e+21,\n    123456789012,\n    0.000001\n]\n');
});

test('fmt.Sprint layout of floats: %e from exponent 6 up or below -4', () => {
  assert.equal(goFormatFloatG(123456.5), '123456.5');
  assert.equal(goFormatFloatG(1234567.5), '1.2345675e+06');
  assert.equal(goFormatFloatG(1e6), '1e+06');
  assert.equal(goFormatFloatG(0.0001), '0.0001');
  assert.equal(goFormatFloatG(0.00001), '1e-05');
  assert.equal(goFormatFloatG(1.5e-7), '1.5e-07');
  assert.equal(goFormatFloatG(-2.5), '-2.5');
  assert.equal(goFormatFloatG(1e21), '1e+21');
  assert.equal(goFormatFloatG(1.5e300), '1.5e+300');
});

test('fmt.Sprint of JSON values: ints, maps with sorted keys, slices, nil', () => {
  assert.equal(goSprint(42), '42');
  assert.equal(goSprint({ b: 1, a: 'x' }), 'map[a:x b:1]');
  assert.equal(goSprint([1, 'a', false]), '[1 a false]');
  assert.equal(goSprint(null), '<nil>');
});

test('HumanDuration: seconds up to 2 minutes, then coarser units', () => {
  const s = 1000;
  const cases: [number, string][] = [
    [-2 * s, '<invalid>'],
    [-1 * s, '0s'],
    [0, '0s'],
    [119 * s, '119s'],
    [120 * s, '2m'],
    [125 * s, '2m5s'],
    [10 * 60 * s, '10m'],
    [179 * 60 * s, '179m'],
    [3 * 3600 * s, '3h'],
    [(3 * 3600 + 5 * 60) * s, '3h5m'],
    [8 * 3600 * s, '8h'],
    [47 * 3600 * s, '47h'],
    [48 * 3600 * s, '2d'],
    [50 * 3600 * s, '2d2h'],
    [8 * 24 * 3600 * s, '8d'],
    [729 * 24 * 3600 * s, '729d'],
    [730 * 24 * 3600 * s, '2y'],
    [740 * 24 * 3600 * s, '2y10d'],
    [9 * 365 * 24 * 3600 * s, '9y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, String(ms));
});
