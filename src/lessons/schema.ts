// The lesson file schema (zod), and validation of a file's text against it with every problem named
// by file, line and field: "lessons/authz.yaml:12: myths[0].evidence: must be a list".
// The schema is the one definition of what a lesson is: src/lessons/types.ts derives the Lesson type
// from it. Lines come from the `yaml` document: each zod issue's path is looked up in it.

import * as z from 'zod/mini';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { StageName } from '../trace/types.js';
import { lookAtFields } from './fields.js';
import { proseLineCount, proseProblems } from './prose.js';
import { templateProblems } from './template.js';
import { rangeProblem } from './versions.js';
import type { Lesson } from './types.js';

export interface LessonIssue {
  file: string;
  line: number | null;
  field: string;
  message: string;
}

/** The TUI shows one body section per 80×24 screen: text laid out at this width, at most this many rows. */
export const BODY_TEXT_WIDTH = 76;
export const BODY_TEXT_MAX_LINES = 14;

/** Rows a lesson text takes when laid out at `width` columns (reflowed, with every version's parts; blank rows count). */
export function wrappedLineCount(text: string, width: number): number {
  return proseLineCount(text, width);
}

// ---------------------------------------------------------------- the schema

/** Where a problem sits inside a multi-line string value: its 0-based line there. */
interface AtLine {
  lineInValue: number;
}

function suggest(field: string, valid: ReadonlySet<string>): string {
  const head = field.split('.')[0] ?? field;
  const near = [...valid].filter((p) => p.startsWith(head)).slice(0, 8);
  const tops = [...valid].filter((p) => !p.includes('.'));
  return near.length > 0 ? `did you mean one of: ${near.join(', ')}` : `top-level fields: ${tops.join(', ')}`;
}

/** The schema of a lesson file for one stage (look_at fields and templates depend on the stage). */
function buildSchema(stage: StageName) {
  /** A strict mapping whose errors list its keys (read back by toIssues below). */
  function mapping<S extends z.core.$ZodLooseShape>(shape: S) {
    const keys = Object.keys(shape).join(', ');
    return z.strictObject(shape, {
      error: (iss) => (iss.code === 'unrecognized_keys' ? `allowed: ${keys}` : `must be a mapping (${keys})`),
    });
  }

  const nonBlank = z.refine<string>((s) => s.trim() !== '', { error: 'must not be empty', abort: true });
  /** A one-line or folded string, trimmed. */
  const trimmed = z.string().check(nonBlank, z.trim());
  /** A string kept exactly as written (fixture paths, quoted evidence). */
  const exact = z.string().check(nonBlank);

  /** Lesson markup (src/lessons/prose.ts): its problems are issues at their own line. */
  function prose(trim: 'all' | 'end') {
    return z.string().check(
      nonBlank,
      z.superRefine((text: string, ctx) => {
        for (const p of proseProblems(text)) ctx.addIssue({ code: 'custom', message: p.message, params: { lineInValue: p.line } satisfies AtLine });
      }),
      trim === 'all' ? z.trim() : z.overwrite((s: string) => s.replace(/\s+$/, '')),
    );
  }

  function template() {
    return z.string().check(
      nonBlank,
      z.superRefine((text: string, ctx) => {
        for (const message of templateProblems(text, stage)) ctx.addIssue({ code: 'custom', message });
      }),
      z.trim(),
    );
  }

  /** `here:` is one template or a list of them; either way a list once loaded. */
  function here() {
    return z.optional(z.pipe(z.transform((v: unknown) => (typeof v === 'string' ? [v] : v)), z.array(template()).check(z.minLength(1))));
  }

  const range = z.string().check(
    z.superRefine((r: string, ctx) => {
      const problem = rangeProblem(r);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    }),
    z.trim(),
  );

  /** `applies_to: { server: ">=1.31", kubectl: "<1.30" }`; an empty mapping says nothing and is refused. */
  const appliesTo = z.pipe(
    z.unknown().check(
      z.superRefine((v: unknown, ctx) => {
        if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0) {
          ctx.addIssue({ code: 'custom', message: 'names no version: give server, kubectl or both (or leave applies_to out)' });
        }
      }),
    ),
    mapping({ server: z.optional(range), kubectl: z.optional(range) }),
  );

  const fixturePath = exact.check(
    z.refine<string>((f) => !(f.startsWith('/') || f.split(/[\\/]/).includes('..')), { error: 'must be a path relative to test/fixtures/, without ".."' }),
  );

  const evidence = mapping({ fixture: fixturePath, contains: exact });

  function lookAtField() {
    return exact.check(
      z.superRefine((field: string, ctx) => {
        const valid = lookAtFields(stage);
        if (!valid.has(field)) ctx.addIssue({ code: 'custom', message: `"${field}" is not a field of the ${stage} stage's data; ${suggest(field, valid)}` });
      }),
    );
  }

  /** One screen per body section: its text and its live sentences at BODY_TEXT_WIDTH columns. */
  const fitsOneScreen = z.superRefine((s: { text: unknown; here?: unknown }, ctx) => {
    if (typeof s.text !== 'string') return;
    const live = Array.isArray(s.here) ? s.here.filter((t): t is string => typeof t === 'string') : [];
    const n = wrappedLineCount([s.text, ...live].join('\n\n'), BODY_TEXT_WIDTH);
    if (n > BODY_TEXT_MAX_LINES) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: `is ${n} lines at ${BODY_TEXT_WIDTH} columns; one screen holds ${BODY_TEXT_MAX_LINES}: split it into two sections`,
      });
    }
  });

  const section = mapping({
    heading: trimmed,
    text: prose('end'),
    here: here(),
    applies_to: z.optional(appliesTo),
    evidence: z.optional(z.array(evidence)),
  }).check(fitsOneScreen);
  const myth = mapping({
    claim: trimmed,
    reality: prose('all'),
    here: here(),
    applies_to: z.optional(appliesTo),
    // A myth without evidence is only another claim: at least one entry.
    evidence: z.array(evidence).check(z.minLength(1)),
  });
  return mapping({
    title: trimmed,
    summary: prose('all'),
    body: z.array(section).check(z.minLength(1)),
    look_at: z.array(mapping({ field: lookAtField(), note: trimmed })),
    myths: z.array(myth),
    sources: z.array(mapping({ repo: trimmed, path: trimmed, note: z.optional(trimmed) })),
    try: z.array(mapping({ command: trimmed, note: trimmed })),
  });
}

export type LessonFileSchema = ReturnType<typeof buildSchema>;

const SCHEMAS = new Map<StageName, LessonFileSchema>();

function schemaFor(stage: StageName): LessonFileSchema {
  let s = SCHEMAS.get(stage);
  if (s === undefined) {
    s = buildSchema(stage);
    SCHEMAS.set(stage, s);
  }
  return s;
}

// ---------------------------------------------------------------- issues with lines

type PathKey = string | number;

function fieldName(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  // The document itself has no field name: call it "(document)" so the printed line still reads.
  return out === '' ? '(document)' : out;
}

function valueAt(data: unknown, path: readonly PathKey[]): { found: boolean; value: unknown } {
  let v: unknown = data;
  for (const k of path) {
    if (typeof v !== 'object' || v === null || !(k in v)) return { found: false, value: undefined };
    v = (v as Record<PathKey, unknown>)[k];
  }
  return { found: true, value: v };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

class Lines {
  constructor(
    private readonly doc: Document,
    private readonly counter: LineCounter,
  ) {}

  private nodeAt(path: readonly PathKey[]): Node | null {
    const n: unknown = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    return isMap(n) || isSeq(n) || isScalar(n) ? n : null;
  }

  private line(node: Node | null): number | null {
    const start = node?.range?.[0];
    return start === undefined ? null : this.counter.linePos(start).line;
  }

  /** The line of the value at path, or of the nearest enclosing value that exists. */
  of(path: readonly PathKey[]): number | null {
    for (let n = path.length; n >= 0; n--) {
      const node = this.nodeAt(path.slice(0, n));
      if (node !== null) return this.line(node);
    }
    return null;
  }

  /** The line of a key in the mapping at path. */
  ofKey(path: readonly PathKey[], key: string): number | null {
    const map = this.nodeAt(path);
    if (isMap(map)) {
      const pair = map.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === key);
      const k: unknown = pair?.key;
      if (isScalar(k) && k.range) return this.counter.linePos(k.range[0]).line;
    }
    return this.of(path);
  }

  /** The line of line `lineInValue` of a string value: exact in a literal block (|), else the value's own line. */
  inValue(path: readonly PathKey[], lineInValue: number): number | null {
    const node = this.nodeAt(path);
    const first = this.of(path);
    if (first === null) return null;
    return isScalar(node) && node.type === 'BLOCK_LITERAL' ? first + 1 + lineInValue : first;
  }
}

function toIssues(iss: z.core.$ZodIssue, data: unknown, lines: Lines, file: string): LessonIssue[] {
  // `here: "…"` is read as a list of one: point at the string itself, not at "[0]".
  let path: PathKey[] = iss.path.filter((k): k is PathKey => typeof k !== 'symbol');
  const hereAt = path.indexOf('here');
  if (hereAt >= 0 && path[hereAt + 1] === 0 && typeof valueAt(data, path.slice(0, hereAt + 1)).value === 'string') {
    path = [...path.slice(0, hereAt + 1), ...path.slice(hereAt + 2)];
  }
  const at = (message: string, line = lines.of(path), p = path): LessonIssue => ({ file, line, field: fieldName(p), message });
  switch (iss.code) {
    case 'unrecognized_keys': {
      const allowed = iss.message.replace(/^allowed: /, '');
      return iss.keys.map((key) => at(`unknown key "${key}" (allowed: ${allowed})`, lines.ofKey(path, key), [...path, key]));
    }
    case 'invalid_type': {
      const parent = path.slice(0, -1);
      const last = path[path.length - 1];
      const { found, value } = valueAt(data, path);
      if (!found && path.length > 0) return [at('is required', lines.of(parent))];
      if (value === null && typeof last === 'number') return [at('must not be empty')];
      if (iss.expected === 'object') return [at(iss.message.startsWith('must be a mapping') ? iss.message : 'must be a mapping')];
      if (iss.expected === 'array') return [at('must be a list')];
      return [at(`must be a ${iss.expected}, got ${describe(value)}`)];
    }
    case 'too_small':
      if (iss.origin === 'array') {
        const min = Number(iss.minimum);
        return [at(`must have at least ${min} ${min === 1 ? 'entry' : 'entries'}`)];
      }
      return [at('must not be empty')];
    case 'custom': {
      const params = iss.params as Partial<AtLine> | undefined;
      const line = typeof params?.lineInValue === 'number' ? lines.inValue(path, params.lineInValue) : lines.of(path);
      return [at(iss.message, line)];
    }
    default:
      return [at(iss.message)];
  }
}

/** Parses and validates one lesson file. `lesson` is set only when there are no issues. */
export function validateLessonText(text: string, file: string, stage: StageName): { lesson: Lesson | null; issues: LessonIssue[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((err) => ({
      file,
      line: err.linePos?.[0]?.line ?? counter.linePos(err.pos[0]).line,
      field: '(yaml)',
      message: `YAML syntax error: ${err.message.split('\n')[0] ?? err.message}`,
    }));
    return { lesson: null, issues };
  }
  if (doc.contents === null) {
    return { lesson: null, issues: [{ file, line: null, field: '(file)', message: 'is empty: a lesson needs title, summary, body, look_at, myths, sources and try' }] };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const result = schemaFor(stage).safeParse(data);
  if (!result.success) {
    const lines = new Lines(doc, counter);
    return { lesson: null, issues: result.error.issues.flatMap((iss) => toIssues(iss, data, lines, file)) };
  }
  return { lesson: { stage, ...result.data, file }, issues: [] };
}
