// printable(): what reaches a terminal cannot move the cursor, recolour, retitle or reorder it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth, printable } from '../../src/text/index.js';
import { gen } from '../fuzz/generators.js';

test('C0 controls, ESC and DEL show in caret notation, as kubectl prints ESC', () => {
  assert.equal(printable('a\u0000b'), 'a^@b');
  assert.equal(printable('\u001b[31mred\u001b[0m'), '^[[31mred^[[0m');
  assert.equal(printable('\u001b]0;owned\u0007'), '^[]0;owned^G', 'a window-title sequence');
  assert.equal(printable('x\u007f'), 'x^?');
  assert.equal(printable('bell\u0007'), 'bell^G');
});

test('C1 controls, bidi controls, separators and lone surrogates show as <U+XXXX>', () => {
  assert.equal(printable('\u009b31m'), '<U+009B>31m', 'the one-byte CSI');
  assert.equal(printable('\u0085'), '<U+0085>');
  assert.equal(printable('abc\u202edef'), 'abc<U+202E>def', 'a Trojan Source override');
  assert.equal(printable('\u2066x\u2069'), '<U+2066>x<U+2069>');
  assert.equal(printable('\u200f\u061c'), '<U+200F><U+061C>');
  assert.equal(printable('a\u2028b'), 'a<U+2028>b');
  assert.equal(printable('\ud800'), '<U+D800>');
  assert.equal(printable('😀'), '😀', 'a surrogate pair is a character, kept');
});

test('newlines stay on one row unless the caller keeps them; a bare CR never returns the cursor', () => {
  assert.equal(printable('a\nb'), 'a^Jb');
  assert.equal(printable('a\nb\r\nc', { newlines: 'keep' }), 'a\nb\nc');
  assert.equal(printable('50%\rdone', { newlines: 'keep' }), '50%^Mdone');
});

test('tabs expand to the next tab stop, measured in columns, or show as ^I', () => {
  assert.equal(printable('a\tb'), 'a       b');
  assert.equal(printable('abcdefgh\tb'), 'abcdefgh        b');
  assert.equal(printable('日本\tx'), '日本    x', 'the wide characters count two columns');
  assert.equal(printable('a\tb\nxy\tz', { newlines: 'keep', tabWidth: 4 }), 'a   b\nxy  z');
  assert.equal(printable('a\tb', { tabs: 'escape' }), 'a^Ib');
});

test('ordinary text, accents, CJK and emoji pass unchanged', () => {
  for (const s of ['kubectl get pods', 'Ünïcödé → “quotes” …', '日本語 кирилл', '👩‍👩‍👧 🇩🇪']) assert.equal(printable(s), s);
});

test('no dangerous character survives, for arbitrary input', () => {
  const g = gen(20_260_101);
  const dangerous = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  for (let i = 0; i < 3000; i++) {
    const input = g.junk(60);
    for (const out of [printable(input), printable(input, { newlines: 'keep' }).replace(/\n/g, ''), printable(input, { tabs: 'escape' })]) {
      assert.doesNotMatch(out, dangerous, JSON.stringify(input));
      assert.ok(!out.includes('\t'), JSON.stringify(input));
      assert.ok(displayWidth(out) >= 0);
    }
  }
});
