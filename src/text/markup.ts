// The small markup of lesson text, parsed into blocks of styled spans. A tiny, strict subset of
// Markdown, so that what an author writes is what every screen shows:
//
//   Paragraphs   lines separated by blank lines; reflowed to the width (the source's line breaks are
//                not kept). A line ending in a backslash ends a row there.
//   Lists        lines starting "- " or "1. "; a line indented under an item continues it.
//   Tables       lines starting with "|": | -n NS | the namespace segment |. A second row of dashes
//                (|---|---|) makes the first row a header. Cells line up in columns; the last column
//                wraps.
//   Verbatim     lines between ``` and ```: kept exactly (alignment, JSON), never reflowed.
//   Containers   a line "::: NAME ARGS" opens a block that a line ":::" closes; what NAME means is
//                up to the reader (lessons use them for version scopes and captured examples).
//   Inline       `code` (``code with a ` inside``), *emphasis*; \` \* \| \\ for the characters
//                themselves.
//
// parseMarkup never throws: problems (an unclosed ```, an indented paragraph line whose alignment
// would be lost, an unmatched backtick) are returned with their line, for `lessons --check`.

import { mergeSpans, span, type Span, type SpanOrigin } from './spans.js';

export interface ParagraphBlock {
  kind: 'paragraph';
  /** Each entry starts a new row (a hard break in the source); each is reflowed to the width. */
  lines: Span[][];
}

export interface ListBlock {
  kind: 'list';
  ordered: boolean;
  /** The number of the first item of an ordered list. */
  start: number;
  items: Span[][];
}

export interface PreBlock {
  kind: 'pre';
  /** Kept exactly; a row wider than the screen is broken, never reflowed. */
  lines: string[];
}

export interface TableBlock {
  kind: 'table';
  header: Span[][] | null;
  rows: Span[][][];
}

/** Blocks under a label: a captured example, a version-scoped paragraph. */
export interface GroupBlock {
  kind: 'group';
  /** Shown on a row of its own above the blocks ("In a captured v1.28.7 cluster:"). */
  label: Span[];
  blocks: Block[];
  /** Columns the blocks are indented under the label. */
  indent: number;
  /** Given to every span of the blocks that has no origin of its own. */
  origin?: SpanOrigin;
  /** Machine-readable facts about the group, for --json and tests (e.g. { server: ">=1.31" }). */
  data?: Readonly<Record<string, string>>;
}

export type LeafBlock = ParagraphBlock | ListBlock | PreBlock | TableBlock;
export type Block = LeafBlock | GroupBlock;

/** A ::: block as written, before its reader decides what it means. */
export interface ContainerNode {
  kind: 'container';
  name: string;
  args: string;
  /** 0-based line of the opening ":::" in the text. */
  line: number;
  nodes: MarkupNode[];
}

export type MarkupNode = LeafBlock | ContainerNode;

export interface MarkupProblem {
  /** 0-based line in the text. */
  line: number;
  message: string;
}

const ESCAPABLE = '`*\\|';

function isSpace(c: string | undefined): boolean {
  return c === undefined || /\s/.test(c);
}

/** Can a `*` at i open emphasis: after a space or opening punctuation, before a non-space. */
function opensEmphasis(text: string, i: number): boolean {
  const before = text[i - 1];
  const after = text[i + 1];
  return (before === undefined || /[\s([{"'/]/.test(before)) && after !== undefined && !isSpace(after) && after !== '*';
}

function closesEmphasis(text: string, j: number): boolean {
  const before = text[j - 1];
  const after = text[j + 1];
  return before !== undefined && !isSpace(before) && (after === undefined || /[\s)\]}"'.,;:!?/-]/.test(after));
}

/** Inline markup (code spans, emphasis, escapes) of one paragraph or cell. */
export function parseInline(text: string): { spans: Span[]; problems: string[] } {
  const spans: Span[] = [];
  const problems: string[] = [];
  let buf = '';
  const flush = (): void => {
    if (buf !== '') spans.push(span(buf));
    buf = '';
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length && ESCAPABLE.includes(text[i + 1] as string)) {
      buf += text.charAt(i + 1);
      i += 2;
      continue;
    }
    if (c === '`') {
      let k = 1;
      while (text[i + k] === '`') k++;
      const fence = '`'.repeat(k);
      let j = text.indexOf(fence, i + k);
      // The closing run must be exactly as long as the opening one.
      while (j !== -1 && text[j + k] === '`') {
        let end = j;
        while (text[end] === '`') end++;
        j = text.indexOf(fence, end);
      }
      if (j === -1) {
        problems.push(`unmatched ${fence}: inline code needs a closing ${fence} (write \\\` for a backtick itself)`);
        buf += fence;
        i += k;
        continue;
      }
      let code = text.slice(i + k, j);
      if (code.length >= 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
      flush();
      spans.push(span(code, 'code'));
      i = j + k;
      continue;
    }
    if (c === '*' && opensEmphasis(text, i)) {
      let j = i + 1;
      let found = -1;
      for (; j < text.length; j++) {
        if (text[j] === '\\') j++;
        else if (text[j] === '`') {
          // Emphasis does not end inside a code span.
          const close = text.indexOf('`', j + 1);
          if (close === -1) break;
          j = close;
        } else if (text[j] === '*' && closesEmphasis(text, j)) {
          found = j;
          break;
        }
      }
      if (found !== -1) {
        flush();
        const inner = parseInline(text.slice(i + 1, found));
        problems.push(...inner.problems);
        for (const s of inner.spans) spans.push(s.style === 'plain' ? { ...s, style: 'emphasis' } : s);
        i = found + 1;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
  return { spans: mergeSpans(spans), problems };
}

/** A table row's cells: split at | outside code spans, the outer pipes dropped. */
function splitCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '\\' && line[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (c === '`') {
      let k = 1;
      while (line[i + k] === '`') k++;
      const close = line.indexOf('`'.repeat(k), i + k);
      const end = close === -1 ? i + k : close + k;
      cell += line.slice(i, end);
      i = end - 1;
    } else if (c === '|') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  const trimmed = line.trim();
  if (trimmed.startsWith('|')) cells.shift();
  if (trimmed.endsWith('|') && !trimmed.endsWith('\\|') && cells.length > 0) cells.pop();
  return cells.map((c) => c.trim());
}

const SEPARATOR_CELL = /^:?-{3,}:?$/;
const ALIGNED = /\S {3,}\S/;
const INDENTED = /^\s+\S/;
const LIST_ITEM = /^(-|(\d+)\.)\s+(.*)$/;
const FENCE = /^(\s*)(`{3,})\s*(\S*)\s*$/;
const OPEN = /^:::\s*([A-Za-z][\w-]*)\s*(.*)$/;
const CLOSE = /^:::\s*$/;

interface Frame {
  name: string;
  args: string;
  line: number;
  nodes: MarkupNode[];
}

/** Parses lesson markup into blocks; see the top of this file. */
export function parseMarkup(text: string): { nodes: MarkupNode[]; problems: MarkupProblem[] } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const problems: MarkupProblem[] = [];
  const root: Frame = { name: '', args: '', line: 0, nodes: [] };
  const stack: Frame[] = [root];
  const top = (): Frame => stack[stack.length - 1] as Frame;

  let para: { segments: string[][]; line: number } | null = null;
  let list: { ordered: boolean; start: number; items: { parts: string[]; line: number }[] } | null = null;
  let table: { rows: { cells: string[]; line: number }[] } | null = null;

  const inline = (source: string, line: number): Span[] => {
    const r = parseInline(source);
    for (const message of r.problems) problems.push({ line, message });
    return r.spans;
  };
  const flush = (): void => {
    if (para !== null) {
      const p = para;
      top().nodes.push({ kind: 'paragraph', lines: p.segments.filter((seg) => seg.length > 0).map((seg) => inline(seg.join(' '), p.line)) });
      para = null;
    }
    if (list !== null) {
      top().nodes.push({
        kind: 'list',
        ordered: list.ordered,
        start: list.start,
        items: list.items.map((it) => inline(it.parts.join(' '), it.line)),
      });
      list = null;
    }
    if (table !== null) {
      const rows = table.rows;
      let header: Span[][] | null = null;
      let body = rows;
      const second = rows[1];
      if (second !== undefined && second.cells.every((c) => SEPARATOR_CELL.test(c))) {
        header = (rows[0]?.cells ?? []).map((c) => inline(c, rows[0]?.line ?? 0));
        body = rows.slice(2);
      }
      const width = rows[0]?.cells.length ?? 0;
      for (const r of rows) {
        if (r.cells.length !== width) problems.push({ line: r.line, message: `this table row has ${r.cells.length} cells, the first row ${width}` });
      }
      for (const r of body) {
        if (r !== second && r.cells.every((c) => SEPARATOR_CELL.test(c))) problems.push({ line: r.line, message: 'a row of dashes belongs right under the first row (it makes that row the header)' });
      }
      top().nodes.push({ kind: 'table', header, rows: body.map((r) => r.cells.map((c) => inline(c, r.line))) });
      table = null;
    }
  };
  const checkAlignment = (raw: string, i: number): void => {
    if (ALIGNED.test(raw.trim())) {
      problems.push({ line: i, message: 'lines text up with runs of spaces, which reflowing loses: use a table (| a | b |) or put it between ``` lines' });
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const fence = FENCE.exec(raw);
    if (fence !== null) {
      flush();
      const indent = (fence[1] ?? '').length;
      const ticks = fence[2] ?? '```';
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = lines[j] as string;
        if (new RegExp(`^\\s*${ticks}\`*\\s*$`).test(l)) break;
        body.push(l.slice(Math.min(indent, /^ */.exec(l)?.[0].length ?? 0)));
      }
      if (j >= lines.length) problems.push({ line: i, message: `${ticks} opens a verbatim block that no ${ticks} line closes` });
      top().nodes.push({ kind: 'pre', lines: body });
      i = j;
      continue;
    }
    if (CLOSE.test(raw)) {
      flush();
      if (stack.length === 1) problems.push({ line: i, message: '":::" closes no block' });
      else {
        const frame = stack.pop() as Frame;
        top().nodes.push({ kind: 'container', name: frame.name, args: frame.args, line: frame.line, nodes: frame.nodes });
      }
      continue;
    }
    const open = OPEN.exec(raw);
    if (open !== null) {
      flush();
      stack.push({ name: open[1] ?? '', args: (open[2] ?? '').trim(), line: i, nodes: [] });
      continue;
    }
    if (raw.trim() === '') {
      flush();
      continue;
    }
    if (/^\s*\|/.test(raw)) {
      if (para !== null || list !== null) flush();
      table ??= { rows: [] };
      table.rows.push({ cells: splitCells(raw), line: i });
      continue;
    }
    if (table !== null) flush();
    const item = LIST_ITEM.exec(raw);
    if (item !== null) {
      const ordered = item[2] !== undefined;
      if (para !== null || (list !== null && list.ordered !== ordered)) flush();
      list ??= { ordered, start: ordered ? Number(item[2]) : 1, items: [] };
      list.items.push({ parts: [item[3] ?? ''], line: i });
      checkAlignment(item[3] ?? '', i);
      continue;
    }
    const last = list?.items[list.items.length - 1];
    if (last !== undefined && INDENTED.test(raw)) {
      last.parts.push(raw.trim());
      checkAlignment(raw, i);
      continue;
    }
    if (list !== null) flush();
    if (INDENTED.test(raw)) {
      problems.push({ line: i, message: 'is indented, and paragraphs are reflowed, so the indentation is lost: put it between ``` lines, or make it a list item ("- ")' });
    } else checkAlignment(raw, i);
    // A backslash at the end of a line ends the row there.
    const hard = /(^|[^\\])\\$/.test(raw);
    const content = hard ? raw.slice(0, -1).trim() : raw.trim();
    if (para === null) para = { segments: [[]], line: i };
    const p: { segments: string[][]; line: number } = para;
    (p.segments[p.segments.length - 1] as string[]).push(content);
    if (hard) p.segments.push([]);
  }
  flush();
  while (stack.length > 1) {
    const frame = stack.pop() as Frame;
    problems.push({ line: frame.line, message: `"::: ${frame.name}" is not closed: end the block with a line ":::"` });
    top().nodes.push({ kind: 'container', name: frame.name, args: frame.args, line: frame.line, nodes: frame.nodes });
  }
  return { nodes: root.nodes, problems };
}

/** Blocks from markup whose containers are read by `container` (which gets the inner blocks already converted). */
export function toBlocks(nodes: readonly MarkupNode[], container: (node: ContainerNode, blocks: Block[]) => Block[]): Block[] {
  const out: Block[] = [];
  for (const n of nodes) {
    if (n.kind === 'container') out.push(...container(n, toBlocks(n.nodes, container)));
    else out.push(n);
  }
  return out;
}
