// Fuzzing the lesson markup and its layout: arbitrary text mixed with the markup's own syntax. The
// parser never throws, every laid-out row fits its width and holds no character that could steer a
// terminal, and pages never exceed their height.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth, layoutBlocks, lineText, paginate, parseMarkup, span, toBlocks } from '../../src/text/index.js';
import { gen } from './generators.js';

const SEED = 2026_12_01;
const INPUTS = 1500;
const PIECES = ['\n', '\n\n', '- ', '1. ', '| a | b |\n', '|---|---|\n', '```\n', '::: captured v1.28.7\n', ':::\n', '`code`', '``', '*em*', '\\', '   ', '日本語', '👩‍👩‍👧', '\u001b[31m', '\t', 'word '];
const DANGEROUS = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

test(`markup: ${INPUTS} seeded texts parse, lay out within the width and page within the height`, () => {
  const g = gen(SEED);
  for (let i = 0; i < INPUTS; i++) {
    let text = '';
    for (let n = g.int(30); n > 0; n--) text += g.chance(0.5) ? g.pick(PIECES) : g.junk(12);
    const width = 10 + g.int(90);
    const height = 1 + g.int(20);
    const where = `seed ${SEED} input #${i} at ${width}×${height}: ${JSON.stringify(text)}`;
    const { nodes, problems } = parseMarkup(text);
    for (const p of problems) assert.ok(p.line >= 0 && p.message.length > 0 && !/undefined/.test(p.message), where);
    const blocks = toBlocks(nodes, (node, inner) => [{ kind: 'group', label: [span(`${node.name}:`)], blocks: inner, indent: 2 }]);
    const lines = layoutBlocks(blocks, width);
    for (const l of lines) {
      const row = lineText(l);
      assert.ok(displayWidth(row) <= width, `${where}: ${JSON.stringify(row)}`);
      assert.doesNotMatch(row, DANGEROUS, `${where}: ${JSON.stringify(row)}`);
    }
    for (const page of paginate(lines, height)) assert.ok(page.length <= height && page.length > 0, where);
  }
});
