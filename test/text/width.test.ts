// Terminal widths: East Asian wide characters and emoji take two columns, marks none; cutting and
// padding never split a character; the fast path for common text measures exactly as string-width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import { displayWidth, graphemes, padEnd, padStart, sliceColumns, truncate } from '../../src/text/index.js';

test('wide, emoji and combining characters take the columns a terminal gives them', () => {
  assert.equal(displayWidth('kubectl'), 7);
  assert.equal(displayWidth('日本語'), 6);
  assert.equal(displayWidth('Ｐｏｄ'), 6, 'fullwidth Latin');
  assert.equal(displayWidth('😀'), 2);
  assert.equal(displayWidth('👩‍👩‍👧'), 2, 'a ZWJ family is one emoji');
  assert.equal(displayWidth('🇩🇪'), 2, 'a flag is one emoji');
  assert.equal(displayWidth('👍🏽'), 2, 'a skin tone does not add a column');
  assert.equal(displayWidth('e\u0301'), 1, 'a combining accent takes no column');
  assert.equal(displayWidth('\u001b[31mred\u001b[39m'), 3, 'ANSI colour codes take none');
  assert.equal(displayWidth('→ • … ━ │'), 9);
  assert.equal(displayWidth('✅'), 2, 'an emoji-presentation dingbat is wide');
});

test('the fast path agrees with string-width for every character it handles itself', () => {
  // Everything up to U+2600 covers the ranges measured without string-width, and their neighbours.
  const disagree: string[] = [];
  for (let cp = 0x20; cp < 0x2600; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    if (displayWidth(ch) !== stringWidth(ch)) disagree.push(`U+${cp.toString(16)}: ${displayWidth(ch)} vs ${stringWidth(ch)}`);
    const mixed = `a${ch}b${ch}`;
    if (displayWidth(mixed) !== stringWidth(mixed)) disagree.push(`in text U+${cp.toString(16)}`);
  }
  assert.deepEqual(disagree.slice(0, 10), []);
});

test('graphemes keep an emoji sequence and a letter with its accent whole', () => {
  assert.deepEqual(graphemes('ae\u0301👩‍👩‍👧b'), ['a', 'e\u0301', '👩‍👩‍👧', 'b']);
  assert.deepEqual(graphemes('abc'), ['a', 'b', 'c']);
});

test('truncate cuts at a column count, never inside a character, and marks the cut', () => {
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('abc', 3), 'abc');
  assert.equal(truncate('abc', 0), '');
  assert.equal(truncate('abcdef', 1), '…');
  // 日本語 is six columns: in five, two characters and the ellipsis fit, never half of 語.
  assert.equal(truncate('日本語テキスト', 5), '日本…');
  assert.equal(truncate('日本語テキスト', 6), '日本…');
  assert.equal(truncate('a👩‍👩‍👧b', 3), 'a…');
  for (const text of ['日本語テキスト', 'a👩‍👩‍👧bcd', 'héllo wörld']) {
    for (let w = 1; w <= 12; w++) assert.ok(displayWidth(truncate(text, w)) <= w, `${text} at ${w}`);
  }
});

test('padEnd and padStart pad to display columns', () => {
  assert.equal(padEnd('日本', 6), '日本  ');
  assert.equal(padStart('日本', 6), '  日本');
  assert.equal(padEnd('toolong', 3), 'toolong');
});

test('sliceColumns cuts a window of columns and keeps later columns in place', () => {
  assert.equal(sliceColumns('abcdef', 2, 3), 'cde');
  assert.equal(sliceColumns('ab日本cd', 3, 4), ' 本c', 'the half of 日 left of the window is a space');
  assert.equal(sliceColumns('ab日本cd', 0, 3), 'ab ', 'the half of 日 right of the window is a space');
  assert.equal(displayWidth(sliceColumns('ab日本cd😀x', 1, 8)), 8);
  assert.equal(sliceColumns('abc', 5, 3), '');
});
