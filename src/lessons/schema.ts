// Validates one lesson file's text against the lesson schema (src/lessons/types.ts), by hand, so that
// every problem names its file, field path and line: "lessons/authz.yaml:12: myths[0].evidence: must be a list".

import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { StageName } from '../trace/types.js';
import { lookAtFields } from './fields.js';
import type { Evidence, Lesson, LessonSection, LookAt, Myth, Source, TryCommand } from './types.js';

export interface LessonIssue {
  file: string;
  line: number | null;
  field: string;
  message: string;
}

/** The TUI shows one body section per 80×24 screen: text wrapped at this width, at most this many lines. */
export const BODY_TEXT_WIDTH = 76;
export const BODY_TEXT_MAX_LINES = 14;

/** Lines a text takes when word-wrapped at `width` columns (blank lines count). */
export function wrappedLineCount(text: string, width: number): number {
  let count = 0;
  for (const raw of text.replace(/\s+$/, '').split('\n')) {
    let used = 0;
    let lines = 1;
    for (const word of raw.trim() === '' ? [] : raw.split(/ +/)) {
      if (word === '') continue;
      const need = used === 0 ? word.length : used + 1 + word.length;
      if (need <= width) used = need;
      else {
        lines += used === 0 ? 0 : 1;
        used = word.length;
        // A single word longer than the width spills over several lines.
        while (used > width) {
          lines += 1;
          used -= width;
        }
      }
    }
    count += lines;
  }
  return count;
}

type Shape = Record<string, { required: boolean }>;

class Checker {
  readonly issues: LessonIssue[] = [];
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  lineOf(node: Node | Pair | null | undefined): number | null {
    const start = node && 'range' in node && node.range ? node.range[0] : node && 'key' in node ? keyStart(node) : undefined;
    return start === undefined ? null : this.lines.linePos(start).line;
  }

  issue(node: Node | Pair | null | undefined, field: string, message: string): void {
    // The document itself has no field name: call it "(document)" so the printed line still reads.
    this.issues.push({ file: this.file, line: this.lineOf(node), field: field === '' ? '(document)' : field, message });
  }

  /** Checks a mapping's keys against its shape; returns its value nodes by key, or null when it is not a mapping. */
  map(node: unknown, field: string, shape: Shape, parent: Node | null): Map<string, Node | null> | null {
    if (!isMap(node)) {
      this.issue(isNode(node) ? node : parent, field, `must be a mapping (${Object.keys(shape).join(', ')})`);
      return null;
    }
    const values = new Map<string, Node | null>();
    for (const pair of (node as YAMLMap<unknown, unknown>).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const where = field === '' ? key : `${field}.${key}`;
      if (!(key in shape)) {
        const known = Object.keys(shape).join(', ');
        this.issue(isNode(pair.key) ? pair.key : node, where, `unknown key "${key}" (allowed: ${known})`);
        continue;
      }
      values.set(key, isNode(pair.value) ? pair.value : null);
    }
    for (const [key, { required }] of Object.entries(shape)) {
      if (required && !values.has(key)) {
        this.issue(node, field === '' ? key : `${field}.${key}`, 'is required');
      }
    }
    return values;
  }

  string(node: Node | null | undefined, field: string, parent: Node): string | null {
    if (!isScalar(node) || typeof node.value !== 'string') {
      const got =
        node === null || node === undefined || (isScalar(node) && node.value === null)
          ? 'nothing'
          : isScalar(node)
            ? `a ${typeof node.value}`
            : isSeq(node)
              ? 'a list'
              : 'a mapping';
      this.issue(node ?? parent, field, `must be a string, got ${got}`);
      return null;
    }
    if (node.value.trim() === '') {
      this.issue(node, field, 'must not be empty');
      return null;
    }
    return node.value;
  }

  list(node: Node | null | undefined, field: string, parent: Node, minItems: number): Node[] | null {
    if (!isSeq(node)) {
      this.issue(node ?? parent, field, 'must be a list');
      return null;
    }
    const items = node.items.map((item) => (isNode(item) ? item : null));
    if (items.length < minItems) {
      this.issue(node, field, `must have at least ${minItems} ${minItems === 1 ? 'entry' : 'entries'}`);
    }
    const nodes: Node[] = [];
    items.forEach((item, i) => {
      if (item === null) this.issue(node, `${field}[${i}]`, 'must not be empty');
      else nodes.push(item);
    });
    return nodes;
  }
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value);
}

function keyStart(pair: Pair): number | undefined {
  const key = pair.key;
  return isNode(key) && key.range ? key.range[0] : undefined;
}

const LESSON_SHAPE: Shape = {
  title: { required: true },
  summary: { required: true },
  body: { required: true },
  look_at: { required: true },
  myths: { required: true },
  sources: { required: true },
  try: { required: true },
};

/** Parses and validates one lesson file. `lesson` is set only when there are no issues. */
export function validateLessonText(text: string, file: string, stage: StageName): { lesson: Lesson | null; issues: LessonIssue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const c = new Checker(file, lines);
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const line = err.linePos?.[0]?.line ?? lines.linePos(err.pos[0]).line;
      c.issues.push({ file, line, field: '(yaml)', message: `YAML syntax error: ${firstLine(err.message)}` });
    }
    return { lesson: null, issues: c.issues };
  }
  const root = doc.contents;
  if (root === null) {
    c.issues.push({ file, line: null, field: '(file)', message: 'is empty: a lesson needs title, summary, body, look_at, myths, sources and try' });
    return { lesson: null, issues: c.issues };
  }
  const top = c.map(root, '', LESSON_SHAPE, null);
  if (top === null) return { lesson: null, issues: c.issues };
  const rootNode = root as Node;

  const title = top.has('title') ? c.string(top.get('title'), 'title', rootNode) : null;
  const summary = top.has('summary') ? c.string(top.get('summary'), 'summary', rootNode) : null;
  const body = top.has('body') ? sections(c, top.get('body'), rootNode) : null;
  const lookAt = top.has('look_at') ? lookAts(c, top.get('look_at'), rootNode, stage) : null;
  const myths = top.has('myths') ? mythList(c, top.get('myths'), rootNode) : null;
  const sources = top.has('sources') ? sourceList(c, top.get('sources'), rootNode) : null;
  const tries = top.has('try') ? tryList(c, top.get('try'), rootNode) : null;

  if (c.issues.length > 0 || !title || !summary || !body || !lookAt || !myths || !sources || !tries) {
    return { lesson: null, issues: c.issues };
  }
  return {
    lesson: { stage, title: title.trim(), summary: summary.trim(), body, look_at: lookAt, myths, sources, try: tries, file },
    issues: [],
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function sections(c: Checker, node: Node | null | undefined, parent: Node): LessonSection[] | null {
  const items = c.list(node, 'body', parent, 1);
  if (items === null) return null;
  const out: LessonSection[] = [];
  items.forEach((item, i) => {
    const f = `body[${i}]`;
    const m = c.map(item, f, { heading: { required: true }, text: { required: true }, evidence: { required: false } }, item);
    if (m === null) return;
    const heading = m.has('heading') ? c.string(m.get('heading'), `${f}.heading`, item) : null;
    const text = m.has('text') ? c.string(m.get('text'), `${f}.text`, item) : null;
    if (text !== null) {
      const n = wrappedLineCount(text, BODY_TEXT_WIDTH);
      if (n > BODY_TEXT_MAX_LINES) {
        c.issue(m.get('text'), `${f}.text`, `is ${n} lines at ${BODY_TEXT_WIDTH} columns; one screen holds ${BODY_TEXT_MAX_LINES}: split it into two sections`);
      }
    }
    const evidence = m.has('evidence') ? evidenceList(c, m.get('evidence'), `${f}.evidence`, item, 0) : undefined;
    if (heading !== null && text !== null && evidence !== null) {
      const section: LessonSection = { heading: heading.trim(), text: text.replace(/\s+$/, '') };
      if (evidence !== undefined) section.evidence = evidence;
      out.push(section);
    }
  });
  return out;
}

function lookAts(c: Checker, node: Node | null | undefined, parent: Node, stage: StageName): LookAt[] | null {
  const items = c.list(node, 'look_at', parent, 0);
  if (items === null) return null;
  const valid = lookAtFields(stage);
  const out: LookAt[] = [];
  items.forEach((item, i) => {
    const f = `look_at[${i}]`;
    const m = c.map(item, f, { field: { required: true }, note: { required: true } }, item);
    if (m === null) return;
    const field = m.has('field') ? c.string(m.get('field'), `${f}.field`, item) : null;
    const note = m.has('note') ? c.string(m.get('note'), `${f}.note`, item) : null;
    if (field !== null && !valid.has(field)) {
      c.issue(m.get('field'), `${f}.field`, `"${field}" is not a field of the ${stage} stage's data; ${suggest(field, valid)}`);
      return;
    }
    if (field !== null && note !== null) out.push({ field, note: note.trim() });
  });
  return out;
}

function suggest(field: string, valid: ReadonlySet<string>): string {
  const head = field.split('.')[0] ?? field;
  const near = [...valid].filter((p) => p.startsWith(head)).slice(0, 8);
  const tops = [...valid].filter((p) => !p.includes('.'));
  return near.length > 0 ? `did you mean one of: ${near.join(', ')}` : `top-level fields: ${tops.join(', ')}`;
}

function evidenceList(c: Checker, node: Node | null | undefined, field: string, parent: Node, minItems: number): Evidence[] | null {
  const items = c.list(node, field, parent, minItems);
  if (items === null) return null;
  const out: Evidence[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const f = `${field}[${i}]`;
    const m = c.map(item, f, { fixture: { required: true }, contains: { required: true } }, item);
    if (m === null) return void (ok = false);
    const fixture = m.has('fixture') ? c.string(m.get('fixture'), `${f}.fixture`, item) : null;
    const contains = m.has('contains') ? c.string(m.get('contains'), `${f}.contains`, item) : null;
    if (fixture !== null && (fixture.startsWith('/') || fixture.split(/[\\/]/).includes('..'))) {
      c.issue(m.get('fixture'), `${f}.fixture`, 'must be a path relative to test/fixtures/, without ".."');
      return void (ok = false);
    }
    if (fixture === null || contains === null) return void (ok = false);
    out.push({ fixture, contains });
  });
  return ok ? out : null;
}

function mythList(c: Checker, node: Node | null | undefined, parent: Node): Myth[] | null {
  const items = c.list(node, 'myths', parent, 0);
  if (items === null) return null;
  const out: Myth[] = [];
  items.forEach((item, i) => {
    const f = `myths[${i}]`;
    const m = c.map(item, f, { claim: { required: true }, reality: { required: true }, evidence: { required: true } }, item);
    if (m === null) return;
    const claim = m.has('claim') ? c.string(m.get('claim'), `${f}.claim`, item) : null;
    const reality = m.has('reality') ? c.string(m.get('reality'), `${f}.reality`, item) : null;
    // A myth without evidence is only another claim: at least one entry.
    const evidence = m.has('evidence') ? evidenceList(c, m.get('evidence'), `${f}.evidence`, item, 1) : null;
    if (claim !== null && reality !== null && evidence !== null) {
      out.push({ claim: claim.trim(), reality: reality.trim(), evidence });
    }
  });
  return out;
}

function sourceList(c: Checker, node: Node | null | undefined, parent: Node): Source[] | null {
  const items = c.list(node, 'sources', parent, 0);
  if (items === null) return null;
  const out: Source[] = [];
  items.forEach((item, i) => {
    const f = `sources[${i}]`;
    const m = c.map(item, f, { repo: { required: true }, path: { required: true }, note: { required: false } }, item);
    if (m === null) return;
    const repo = m.has('repo') ? c.string(m.get('repo'), `${f}.repo`, item) : null;
    const path = m.has('path') ? c.string(m.get('path'), `${f}.path`, item) : null;
    const note = m.has('note') ? c.string(m.get('note'), `${f}.note`, item) : undefined;
    if (repo !== null && path !== null && note !== null) {
      const source: Source = { repo: repo.trim(), path: path.trim() };
      if (note !== undefined) source.note = note.trim();
      out.push(source);
    }
  });
  return out;
}

function tryList(c: Checker, node: Node | null | undefined, parent: Node): TryCommand[] | null {
  const items = c.list(node, 'try', parent, 0);
  if (items === null) return null;
  const out: TryCommand[] = [];
  items.forEach((item, i) => {
    const f = `try[${i}]`;
    const m = c.map(item, f, { command: { required: true }, note: { required: true } }, item);
    if (m === null) return;
    const command = m.has('command') ? c.string(m.get('command'), `${f}.command`, item) : null;
    const note = m.has('note') ? c.string(m.get('note'), `${f}.note`, item) : null;
    if (command !== null && note !== null) out.push({ command: command.trim(), note: note.trim() });
  });
  return out;
}
