// The usage synopsis comes from the flag tables, and the README shows exactly that synopsis.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GET_FLAGS } from '../../src/cli/args.js';
import { mainHelp } from '../../src/cli/help.js';
import { synopsis, usageBlock } from '../../src/cli/usage.js';

test('every get flag but --help appears in the synopsis', () => {
  const text = synopsis('get').join(' ');
  for (const f of GET_FLAGS.filter((x) => x.name !== 'help')) assert.ok(text.includes(f.short ? `-${f.short}` : `--${f.name}`), f.name);
});

test('kube-trace --help shows the generated synopsis', () => {
  for (const line of usageBlock(98)) assert.ok(mainHelp().includes(line), line);
});

test('README.md shows the generated synopsis (regenerate: node --import tsx scripts/readme-usage.mjs)', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = /<!-- usage:begin[^>]*-->\n```\n([\s\S]*?)\n```\n<!-- usage:end -->/.exec(readme)?.[1];
  assert.equal(block, usageBlock().join('\n'));
});
