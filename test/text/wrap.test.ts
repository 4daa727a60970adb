// Wrapping: one algorithm for strings and styled spans; rows never exceed the width (in columns),
// styles survive a break, and text meant for copying can be left whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth, hardWrap, plainText, span, wrapProse, wrapSpans, wrapText } from '../../src/text/index.js';
import { gen } from '../fuzz/generators.js';

test('wrapText breaks at spaces, keeps newlines and the first row indent, and hard-breaks long words', () => {
  assert.deepEqual(wrapText('the quick brown fox', 10), ['the quick', 'brown fox']);
  assert.deepEqual(wrapText('https://127.0.0.1:6443/api/v1', 10), ['https://12', '7.0.0.1:64', '43/api/v1']);
  assert.deepEqual(wrapText('a\n\nb', 10), ['a', '', 'b']);
  assert.deepEqual(wrapText('  indented text here', 12), ['  indented', 'text here']);
  assert.deepEqual(wrapText('see https://example.com/long', 10, { breakLongWords: false }), ['see', 'https://example.com/long']);
});

test('wide characters wrap by columns and are never split', () => {
  const rows = wrapText('日本語のテキストを折り返す', 7);
  assert.deepEqual(rows, ['日本語', 'のテキ', 'ストを', '折り返', 'す']);
  for (const r of rows) assert.ok(displayWidth(r) <= 7);
  assert.deepEqual(hardWrap('ab😀cd', 3), ['ab', '😀c', 'd']);
});

test('hardWrap cuts exactly at the width without looking for words', () => {
  assert.deepEqual(hardWrap('abcdef', 4), ['abcd', 'ef']);
  assert.deepEqual(hardWrap('ab\n\ncd', 4), ['ab', '', 'cd']);
});

test('styled spans keep their style on both sides of a break, and a word of two styles stays one word', () => {
  const rows = wrapSpans([span('run '), span('kubectl', 'code'), span("'s own "), span('get pods', 'code'), span(' now')], 14);
  assert.deepEqual(rows.map(plainText), ["run kubectl's", 'own get pods', 'now']);
  assert.deepEqual(rows[0], [span('run '), span('kubectl', 'code'), span("'s")]);
  assert.deepEqual(rows[1], [span('own '), span('get pods', 'code')]);
});

test('inside inline code the spaces are kept as written; elsewhere a run of spaces is one', () => {
  const rows = wrapSpans([span('a   b '), span('x  y', 'code')], 40);
  assert.equal(plainText(rows[0] ?? []), 'a b x  y');
});

test('prefixes count toward the width: a bullet and a hanging indent', () => {
  const rows = wrapSpans([span('one two three four five')], 12, { firstPrefix: [span('• ')], restPrefix: [span('  ')] });
  assert.deepEqual(rows.map(plainText), ['• one two', '  three four', '  five']);
});

test('wrapProse reflows paragraphs for a log, with a prefix, leaving long words whole', () => {
  assert.deepEqual(wrapProse('The quick brown\nfox jumps.\n\nOver the lazy dog.', 16, '  '), ['  The quick', '  brown fox', '  jumps.', '  Over the lazy', '  dog.']);
  assert.deepEqual(wrapProse('get https://127.0.0.1:6443/api/v1/namespaces/default/pods now', 20, '> '), [
    '> get',
    '> https://127.0.0.1:6443/api/v1/namespaces/default/pods',
    '> now',
  ]);
  assert.deepEqual(wrapProse('   ', 20), []);
});

test('no row is wider than the width, for arbitrary text and widths', () => {
  const g = gen(4711);
  for (let i = 0; i < 1500; i++) {
    const text = g.junk(120).replace(/[\x00-\x1f\x7f-\x9f\ud800-\udfff]/g, '');
    const width = 2 + g.int(40);
    for (const row of wrapText(text, width)) assert.ok(displayWidth(row) <= width, `${JSON.stringify(text)} at ${width}: ${JSON.stringify(row)}`);
    for (const row of hardWrap(text, width)) assert.ok(displayWidth(row) <= width, `${JSON.stringify(text)} at ${width}`);
    // Nothing is lost: the words come back in order.
    assert.equal(wrapText(text, width).join(' ').split(/\s+/).join(''), text.split(/\s+/).join(''), JSON.stringify(text));
  }
});
