// Text layout and key mapping: the small pure pieces the screens are built from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { formatMs, hardWrap, truncate, wrapText } from '../../src/text/index.js';
import { expand, lit, shellLine } from '../../src/text/shell.js';
import { curlRows, curlVariables, withCredentials } from '../../src/render/curl.js';
import { footerKeys, footerKeysFor } from '../../src/ui/components/Footer.js';
import { GET_PLAN } from '../../src/trace/plan.js';
import { keyToAction } from '../../src/ui/keys.js';
import type { Key } from 'ink';

/** The number keys and the footer follow the plan: `get`'s has seven stages. */
const STAGES = GET_PLAN.stages.length;

const noKey: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

test('wrapText breaks at spaces and hard-breaks words longer than a row', () => {
  assert.deepEqual(wrapText('the quick brown fox', 10), ['the quick', 'brown fox']);
  assert.deepEqual(wrapText('https://127.0.0.1:6443/api/v1', 10), ['https://12', '7.0.0.1:64', '43/api/v1']);
  assert.deepEqual(wrapText('a\n\nb', 10), ['a', '', 'b']);
  assert.deepEqual(hardWrap('abcdef', 4), ['abcd', 'ef']);
  assert.equal(truncate('abcdef', 4), 'abc…');
});

test('durations read like kubectl -v timings', () => {
  assert.equal(formatMs(0.42), '0.4 ms');
  assert.equal(formatMs(12.4), '12 ms');
  assert.equal(formatMs(1530), '1.5 s');
  assert.equal(formatMs(null), '—');
});

function shellArgs(script: string): string {
  // The shell itself says which words a command line is made of.
  return execFileSync('sh', ['-c', script.replace(/^curl/, `printf '%s\\n'`)], { encoding: 'utf8', env: { CA: '/ca.crt', PATH: process.env['PATH'] ?? '' } });
}

const WORDS = [
  lit('curl'), lit('-sS'), lit('--cacert'), expand('$CA'),
  lit('-H'), lit('User-Agent: kubectl/v1.32.5 (linux/amd64) kubernetes/9894294'),
  lit('-H'), lit('Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'),
  lit('https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500'),
];

test('curl rows are laid out from the engine\'s words: an option with its argument, the width kept, and they paste back as the same command', () => {
  const command = shellLine(WORDS);
  for (const width of [40, 60, 80, 100]) {
    const rows = curlRows(WORDS, width);
    assert.ok(rows.length > 1);
    for (const row of rows) assert.ok(row.length <= width, `${row.length} > ${width}: ${row}`);
    for (const row of rows.slice(0, -1)) assert.ok(row.endsWith('\\'), row);
    assert.equal(shellArgs(rows.join('\n')), shellArgs(command), `width ${width}:\n${rows.join('\n')}`);
  }
  assert.ok(curlRows(WORDS, 100).some((r) => r.includes(`-H 'User-Agent: kubectl/v1.32.5 (linux/amd64) kubernetes/9894294'`)));
});

test('the variables a curl line names, and the same line with the exported files in their place', () => {
  const words = [...WORDS, lit('-H'), expand('Authorization: Bearer $TOKEN')];
  assert.deepEqual(curlVariables(words), ['CA', 'TOKEN']);
  const ready = withCredentials(words, { dir: '/d', removedOnExit: true, files: [{ variable: 'CA', path: '/d/ca.crt', what: '' }, { variable: 'TOKEN', path: '/d/token', what: '' }] });
  const line = shellLine(ready);
  assert.match(line, /--cacert \/d\/ca\.crt /);
  assert.ok(line.includes(`"Authorization: Bearer $(cat /d/token)"`), line);
  assert.deepEqual(curlVariables(ready), [], 'nothing left to set');
});

test('the footer drops the least important keys first on narrow terminals', () => {
  const wide = footerKeysFor(120, footerKeys(STAGES)).map((k) => k.key);
  assert.deepEqual(wide, ['←', '→', '1-7', 'j/k', 'l', 'd', 'c', 'p', '?', 'q']);
  const scrolling = footerKeysFor(80, footerKeys(STAGES, { wide: true })).map((k) => k.key);
  assert.ok(scrolling.includes('[ ]'), `a panel wider than the screen names the sideways keys first: ${scrolling.join(' ')}`);
  const narrow = footerKeysFor(30, footerKeys(STAGES)).map((k) => k.key);
  assert.deepEqual(narrow, ['←', '→', '?', 'q']);
});

test('keys map to what the footer and help promise', () => {
  assert.deepEqual(keyToAction('', { ...noKey, rightArrow: true }, STAGES), { type: 'next' });
  assert.deepEqual(keyToAction('', { ...noKey, return: true }, STAGES), { type: 'next' });
  assert.deepEqual(keyToAction(' ', noKey, STAGES), { type: 'next' });
  assert.deepEqual(keyToAction('b', noKey, STAGES), { type: 'back' });
  assert.deepEqual(keyToAction('5', noKey, STAGES), { type: 'jump', index: 4 });
  assert.deepEqual(keyToAction('8', noKey, STAGES), { type: 'none' });
  assert.deepEqual(keyToAction('c', { ...noKey, ctrl: true }, STAGES), { type: 'interrupt' });
  assert.deepEqual(keyToAction('c', noKey, STAGES), { type: 'curl' });
  assert.deepEqual(keyToAction('', { ...noKey, pageDown: true }, STAGES), { type: 'page', direction: 1 });
  assert.deepEqual(keyToAction('p', noKey, STAGES), { type: 'presenter' }, 'p is presenter mode, no longer "back"');
  assert.deepEqual(keyToAction('f', noKey, STAGES), { type: 'focus' });
  assert.deepEqual(keyToAction(']', noKey, STAGES), { type: 'sideways', by: 1 });
  assert.deepEqual(keyToAction('[', noKey, STAGES), { type: 'sideways', by: -1 });
  assert.deepEqual(keyToAction('', { ...noKey, shift: true, rightArrow: true }, STAGES), { type: 'sideways', by: 1 }, 'Shift+→ scrolls sideways; → alone is the next stage');
  assert.deepEqual(keyToAction('', { ...noKey, shift: true, leftArrow: true }, STAGES), { type: 'sideways', by: -1 });
  assert.deepEqual(keyToAction('Q', noKey, STAGES), { type: 'quitNow' });
  assert.deepEqual(keyToAction('x', noKey, STAGES), { type: 'discard' });
  assert.deepEqual(keyToAction('e', noKey, STAGES), { type: 'export' });
});

test('colours count as off with NO_COLOR or FORCE_COLOR=0', async () => {
  const { colorDisabled } = await import('../../src/ui/theme.js');
  assert.equal(colorDisabled({ NO_COLOR: '1' }), true);
  assert.equal(colorDisabled({ FORCE_COLOR: '0' }), true);
  assert.equal(colorDisabled({}), false);
  assert.equal(colorDisabled({ NO_COLOR: '' }), false);
});

test('the number keys go as far as the plan: 1…N, at most nine', () => {
  assert.deepEqual(keyToAction('5', noKey, 5), { type: 'jump', index: 4 });
  assert.deepEqual(keyToAction('6', noKey, 5), { type: 'none' });
  assert.deepEqual(keyToAction('9', noKey, 9), { type: 'jump', index: 8 });
  assert.deepEqual(keyToAction('0', noKey, 9), { type: 'none' });
  assert.deepEqual(footerKeysFor(120, footerKeys(5)).map((k) => k.key), ['←', '→', '1-5', 'j/k', 'l', 'd', 'c', 'p', '?', 'q']);
});
