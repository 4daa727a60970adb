// Layout: blocks become rows of styled spans for a width, rows become pages for a height. Nothing is
// wider than the width, nothing is lost, tables line up in columns (display columns, so CJK aligns),
// and a page breaks between blocks where it can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { displayWidth, layoutBlocks, lineText, paginate, parseMarkup, span, toBlocks, type Block, type TextLine } from '../../src/text/index.js';

function blocks(text: string): Block[] {
  return toBlocks(parseMarkup(text).nodes, (node, inner) => [{ kind: 'group', label: [span(`${node.name} ${node.args}:`)], blocks: inner, indent: 2, origin: 'captured' }]);
}
function rows(text: string, width: number): string[] {
  return layoutBlocks(blocks(text), width).map(lineText);
}

test('paragraphs reflow to the width: source line breaks are not wrapped a second time', () => {
  const text = 'kubectl never talks to etcd. The only peer it has is the API\nserver, which reads storage for it.';
  assert.deepEqual(rows(text, 40), ['kubectl never talks to etcd. The only', 'peer it has is the API server, which', 'reads storage for it.']);
});

test('inline code is a styled span: no backticks on screen', () => {
  const lines = layoutBlocks(blocks('run `kubectl get pods` here'), 80);
  assert.deepEqual(lines[0]?.spans, [span('run '), span('kubectl get pods', 'code'), span(' here')]);
  assert.ok(!lineText(lines[0] as TextLine).includes('`'));
});

test('list items get a bullet and a hanging indent; numbers line up', () => {
  assert.deepEqual(rows('- one two three four\n- five', 12), ['• one two', '  three four', '• five']);
  const ordered = rows(Array.from({ length: 10 }, (_, i) => `${i + 1}. item`).join('\n'), 20);
  assert.equal(ordered[0], ' 1. item');
  assert.equal(ordered[9], '10. item');
});

test('table columns line up by display width, the last column wraps under itself', () => {
  const out = rows('| name | what |\n|---|---|\n| 日本 | wide |\n| a | narrow text that wraps at the edge |', 30);
  assert.deepEqual(out, ['name   what', '日本   wide', 'a      narrow text that wraps', '       at the edge']);
  const header = layoutBlocks(blocks('| name | what |\n|---|---|\n| a | b |'), 30)[0];
  assert.ok(header?.spans.every((s) => s.style === 'label' || s.text.trim() === ''));
});

test('a table too narrow for columns becomes one paragraph per row', () => {
  const out = rows('| --field-selector | ?fieldSelector=status.phase%3DRunning and more words |', 24);
  assert.equal(out[0], '--field-selector');
  for (const r of out) assert.ok(displayWidth(r) <= 24, r);
  assert.ok(out.slice(1).every((r) => r.startsWith('  ')), out.join('\n'));
});

test('verbatim rows are kept, and broken (not reflowed) only when wider than the width', () => {
  assert.deepEqual(rows('```\n  a    b\n{"rv":234}\n```', 20), ['  a    b', '{"rv":234}']);
  assert.deepEqual(rows('```\n0123456789abcdef\n```', 10), ['0123456789', 'abcdef']);
});

test('a group is its label on a row, then its blocks indented, each span marked with its origin', () => {
  const lines = layoutBlocks(blocks('::: captured v1.28.7\netcd revision 242\n:::'), 40);
  assert.deepEqual(lines.map(lineText), ['captured v1.28.7:', '  etcd revision 242']);
  assert.equal(lines[0]?.keep, true, 'the label stays with what follows');
  for (const l of lines) for (const s of l.spans) if (s.text.trim() !== '') assert.equal(s.origin, 'captured');
});

test('control characters in text are escaped when laid out', () => {
  assert.deepEqual(rows('evil \u001b[2J text', 40), ['evil ^[[2J text']);
  assert.deepEqual(rows('```\ntab\there\n```', 40), ['tab     here']);
});

const lessonTexts = readdirSync(join(import.meta.dirname, '../../lessons'))
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => {
    const doc = parse(readFileSync(join(import.meta.dirname, '../../lessons', f), 'utf8')) as { summary: string; body: { text: string }[]; myths: { reality: string }[] };
    return [doc.summary, ...doc.body.map((b) => b.text), ...doc.myths.map((m) => m.reality)];
  });

test('every built-in lesson text fits every width from 20 to 120 columns, and keeps all its words', () => {
  assert.ok(lessonTexts.length > 40);
  for (const text of lessonTexts) {
    const words = lineWords(rows(text, 200));
    for (let width = 20; width <= 120; width += 7) {
      const out = rows(text, width);
      for (const r of out) assert.ok(displayWidth(r) <= width, `${width}: ${r}`);
      // Verbatim rows may be broken mid-word, so compare the text without spaces.
      assert.equal(lineWords(out).replace(/\s/g, ''), words.replace(/\s/g, ''), `${width}: ${text.slice(0, 40)}`);
    }
  }
});

function lineWords(lines: string[]): string {
  return lines.join(' ').replace(/•/g, '');
}

test('pages never exceed the height, keep every row in order, and break between blocks', () => {
  const text = lessonTexts.join('\n\n');
  const all = layoutBlocks(blocks(text), 60);
  for (const height of [3, 5, 8, 12, 20]) {
    const pages = paginate(all, height);
    for (const p of pages) {
      assert.ok(p.length <= height && p.length > 0, `height ${height}: a page of ${p.length}`);
      assert.notEqual(p[0]?.spans.length, 0, 'a page does not start with a blank row');
      assert.notEqual(p.at(-1)?.keep, true, 'a label is not the last row of a page');
    }
    const nonBlank = (ls: readonly TextLine[]): string[] => ls.filter((l) => l.spans.length > 0).map(lineText);
    assert.deepEqual(nonBlank(pages.flat()), nonBlank(all), `height ${height}`);
    // Where a block fits a page, a page starts with a block's first row.
    if (height >= 12) for (const p of pages) assert.equal(p[0]?.start, true, `height ${height}: ${lineText(p[0] as TextLine)}`);
  }
});

test('a block taller than a page is split across pages rather than lost', () => {
  const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
  const pages = paginate(layoutBlocks(blocks(long), 12), 4);
  assert.ok(pages.length >= 5);
  assert.equal(pages.flat().map(lineText).join(' '), long);
});
