// `here:` templates: a sentence of a lesson built from this run's data, e.g.
//   "In this run, {{items.0.name}} has resourceVersion {{items.0.resourceVersion}}."
// A placeholder names a field of the stage's data (src/lessons/fields.ts), optionally through a list:
//   items.0.name              the first item's name (items.-1: the last one)
//   headers[name=Date].value  the value of the first header named Date (names compare case-blind)
//   groups[=system:masters]   that value, when a list of values holds it (so a sentence shows only then)
//   items.name                every item's name: only with | count or | join
// and may end in one helper:
//   | count   how many    | join   "a, b, c"    | ms   "12 ms"    | bytes   "1.2 KiB"
//   | time    "02:23:07 UTC" (of an RFC 3339 or HTTP date)    | date   "2026-11-28"
// Nothing is evaluated: a placeholder is a path and a helper name, checked against the stage's fields
// when the lesson is loaded. When a value is missing at run time (no such item, null, an empty
// string, a number that is not finite), the whole template is left out; it never prints
// "undefined", "null", "[object Object]" or "NaN".

import { formatBytes, formatDate, formatMs, formatNumber, formatTimeOfDay, parseInline, span, type Span } from '../text/index.js';
import type { StageName } from '../trace/types.js';
import { stageFields, type FieldKind } from './fields.js';

export const HELPERS = ['count', 'join', 'ms', 'bytes', 'time', 'date'] as const;
export type Helper = (typeof HELPERS)[number];

export type PathStep =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'select'; key: string; value: string }
  /** `[=value]`: the item of a list of values that equals value (case-blind). */
  | { kind: 'equals'; value: string };

export interface Placeholder {
  source: string;
  steps: PathStep[];
  helper: Helper | null;
}

export type TemplatePart = string | Placeholder;

function isHelper(name: string): name is Helper {
  return (HELPERS as readonly string[]).includes(name);
}

/** One placeholder's path: "items.0.name", "headers[name=Date].value", "groups[=system:masters]". */
function parsePath(path: string): { steps: PathStep[] } | { problem: string } {
  const steps: PathStep[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)|(-?\d+)|\[([A-Za-z_][A-Za-z0-9_]*)?=([^\]]*)\]|(\.)/y;
  let expectName = true;
  re.lastIndex = 0;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (m === null) return { problem: `"${path}" is not a field path (write e.g. items.0.name or headers[name=Date].value)` };
    if (m[5] !== undefined) {
      if (expectName) return { problem: `"${path}" has an empty step` };
      expectName = true;
    } else if (m[4] !== undefined) {
      if (expectName || steps.length === 0) return { problem: `"${path}": a [key=value] or [=value] selector follows a list field` };
      const value = m[4].trim();
      if (m[3] === undefined) {
        if (value === '') return { problem: `"${path}": [=] names no value` };
        steps.push({ kind: 'equals', value });
      } else steps.push({ kind: 'select', key: m[3], value });
    } else if (m[2] !== undefined) {
      if (!expectName) return { problem: `"${path}": put a dot before an index` };
      if (steps.length === 0) return { problem: `"${path}" starts with an index; start with a field name` };
      steps.push({ kind: 'index', index: Number(m[2]) });
      expectName = false;
    } else if (m[1] !== undefined) {
      if (!expectName) return { problem: `"${path}": put a dot between field names` };
      steps.push({ kind: 'field', name: m[1] });
      expectName = false;
    }
  }
  if (expectName) return { problem: `"${path}" ends with a dot` };
  return { steps };
}

/** A template's text and placeholders, or the problems that make it unusable. */
export function parseTemplate(template: string): { parts: TemplatePart[]; problems: string[] } {
  const parts: TemplatePart[] = [];
  const problems: string[] = [];
  const re = /\{\{([^{}]*)\}\}/g;
  let last = 0;
  let placeholders = 0;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    placeholders++;
    parts.push(template.slice(last, m.index));
    last = m.index + m[0].length;
    const source = m[0];
    const [pathText = '', ...helpers] = (m[1] ?? '').split('|').map((s) => s.trim());
    if (pathText === '') {
      problems.push(`${source} names no field`);
      continue;
    }
    if (helpers.length > 1) {
      problems.push(`${source}: one helper at most (${HELPERS.join(', ')})`);
      continue;
    }
    const helperName = helpers[0];
    if (helperName !== undefined && !isHelper(helperName)) {
      problems.push(`${source}: "${helperName}" is not a helper; the helpers are ${HELPERS.join(', ')}`);
      continue;
    }
    const path = parsePath(pathText);
    if ('problem' in path) {
      problems.push(`${source}: ${path.problem}`);
      continue;
    }
    parts.push({ source, steps: path.steps, helper: helperName ?? null });
  }
  parts.push(template.slice(last));
  const text = parts.filter((p): p is string => typeof p === 'string').join('');
  if (/\{\{|\}\}/.test(text)) problems.push('has a "{{" or "}}" that is not part of a {{field}} placeholder');
  if (placeholders === 0) problems.push('has no {{field}} placeholder: put fixed text in the text itself');
  return { parts: parts.filter((p) => p !== ''), problems };
}

const VALUE_KINDS: readonly FieldKind[] = ['string', 'number', 'boolean', 'scalar'];

function suggestions(fields: ReadonlyMap<string, FieldKind>, prefix: string): string {
  const under = [...fields.keys()]
    .filter((p) => (prefix === '' ? !p.includes('.') : p.startsWith(`${prefix}.`) && !p.slice(prefix.length + 1).includes('.')))
    .map((p) => p.slice(prefix === '' ? 0 : prefix.length + 1));
  return under.length > 0 ? `; ${prefix === '' ? 'top-level fields' : `fields of ${prefix}`}: ${under.join(', ')}` : '';
}

/** What is wrong with one placeholder for this stage's data, or null. */
export function placeholderProblem(p: Placeholder, stage: StageName): string | null {
  const fields = stageFields(stage);
  let path = '';
  let kind: FieldKind = 'object';
  let plural = false; // passed through a list without picking an item
  for (const step of p.steps) {
    if (step.kind === 'field') {
      if (!(kind === 'object' || kind === 'objects')) return `${p.source}: ${path} is a ${kind === 'list' ? 'list of values' : 'value'}; it has no field "${step.name}"`;
      if (kind === 'objects') plural = true;
      const next = path === '' ? step.name : `${path}.${step.name}`;
      const k = fields.get(next);
      if (k === undefined) return `${p.source}: "${next}" is not a field of the ${stage} stage's data${suggestions(fields, path)}`;
      path = next;
      kind = k;
    } else if (step.kind === 'index') {
      if (kind !== 'list' && kind !== 'objects') return `${p.source}: ${path} is not a list, so it has no item ${step.index}`;
      kind = kind === 'list' ? 'scalar' : 'object';
    } else if (step.kind === 'equals') {
      if (kind !== 'list') return `${p.source}: ${path} is not a list of values, so [=${step.value}] cannot pick from it`;
      kind = 'scalar';
    } else {
      if (kind !== 'objects') return `${p.source}: ${path} is not a list of objects, so [${step.key}=…] cannot pick from it`;
      const key = fields.get(`${path}.${step.key}`);
      if (key === undefined || !VALUE_KINDS.includes(key)) return `${p.source}: the items of ${path} have no field "${step.key}" to compare${suggestions(fields, path)}`;
      kind = 'object';
    }
  }
  const many = plural || kind === 'list' || kind === 'objects';
  switch (p.helper) {
    case 'count':
      return many ? null : `${p.source}: | count needs a list; ${path} is one value`;
    case 'join':
      return many && kind !== 'object' && kind !== 'objects' ? null : `${p.source}: | join needs a list of values (e.g. items.name); ${path} is not one`;
    case 'ms':
    case 'bytes':
      return !many && (kind === 'number' || kind === 'scalar') ? null : `${p.source}: | ${p.helper} needs one number; ${path} is ${many ? 'a list' : `a ${kind}`}`;
    case 'time':
    case 'date':
      return !many && (kind === 'string' || kind === 'scalar') ? null : `${p.source}: | ${p.helper} needs one date string; ${path} is ${many ? 'a list' : `a ${kind}`}`;
    case null:
      if (many) return `${p.source}: ${path} is a list${plural ? ' (the path goes through a list without an index)' : ''}: pick one item (${path.split('.')[0]}.0…), or end with | count or | join`;
      if (kind === 'object') return `${p.source}: ${path} is an object: name one of its fields${suggestions(fields, path)}`;
      return null;
  }
}

/** Problems of a template for a stage: syntax, then each placeholder's fields. [] when usable. */
export function templateProblems(template: string, stage: StageName): string[] {
  const { parts, problems } = parseTemplate(template);
  for (const p of parts) {
    if (typeof p === 'string') continue;
    const problem = placeholderProblem(p, stage);
    if (problem !== null) problems.push(problem);
  }
  return problems;
}

// ---------------------------------------------------------------- filling

const MISSING = Symbol('missing');

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value(s) at a path; a path through a list without an index gives every item's value. */
function valuesAt(data: unknown, steps: readonly PathStep[]): { value: unknown; many: boolean } | typeof MISSING {
  let values: unknown[] = [data];
  let many = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of values) {
      if (step.kind === 'field') {
        if (Array.isArray(v)) {
          many = true;
          for (const item of v) if (isRecord(item) && item[step.name] !== undefined) next.push(item[step.name]);
        } else if (isRecord(v) && v[step.name] !== undefined) next.push(v[step.name]);
      } else if (step.kind === 'index') {
        if (Array.isArray(v)) {
          const item: unknown = v[step.index < 0 ? v.length + step.index : step.index];
          if (item !== undefined) next.push(item);
        }
      } else if (step.kind === 'equals') {
        if (Array.isArray(v)) {
          const want = step.value.toLowerCase();
          const item: unknown = v.find((x) => (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') && String(x).toLowerCase() === want);
          if (item !== undefined) next.push(item);
        }
      } else if (Array.isArray(v)) {
        const want = step.value.toLowerCase();
        const item: unknown = v.find((x) => isRecord(x) && typeof x[step.key] !== 'object' && String(x[step.key]).toLowerCase() === want);
        if (item !== undefined) next.push(item);
      }
    }
    values = next;
    if (!many && values.length === 0) return MISSING;
  }
  if (many) return { value: values.flatMap((v): unknown[] => (Array.isArray(v) ? (v as unknown[]) : [v])), many: true };
  return values.length === 1 ? { value: values[0], many: false } : MISSING;
}

function scalarText(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? formatNumber(v) : null;
  if (typeof v === 'boolean') return String(v);
  return null;
}

/** The text a placeholder stands for in this data, or null when any part of it is missing. */
export function placeholderText(p: Placeholder, data: unknown): string | null {
  const found = valuesAt(data, p.steps);
  if (found === MISSING) return null;
  const { value } = found;
  switch (p.helper) {
    case 'count':
      return Array.isArray(value) ? String(value.length) : null;
    case 'join': {
      if (!Array.isArray(value) || value.length === 0) return null;
      const texts = value.map(scalarText);
      return texts.every((t): t is string => t !== null) ? texts.join(', ') : null;
    }
    case 'ms':
      return typeof value === 'number' && Number.isFinite(value) ? formatMs(value) : null;
    case 'bytes':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? formatBytes(value) : null;
    case 'time':
      return typeof value === 'string' ? formatTimeOfDay(value) : null;
    case 'date':
      return typeof value === 'string' ? formatDate(value) : null;
    case null:
      return found.many ? null : scalarText(value);
  }
}

// Placeholders stand in the template as private-use characters while its inline markup is parsed, so
// a value is never read as markup (a value with a backtick stays a backtick).
const SENTINEL = 0xe000;

/**
 * The template filled from `data` as styled spans (values marked origin 'run'), or null when a value
 * is missing, so the caller leaves the sentence out. An unusable template gives null too.
 */
export function fillTemplate(template: string, data: unknown): Span[] | null {
  if (data === null || data === undefined) return null;
  const { parts, problems } = parseTemplate(template);
  if (problems.length > 0) return null;
  const values: string[] = [];
  let source = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      source += p.replace(/[\ue000-\uf8ff]/g, '');
      continue;
    }
    const text = placeholderText(p, data);
    if (text === null) return null;
    source += String.fromCharCode(SENTINEL + values.length);
    values.push(text);
  }
  const out: Span[] = [];
  for (const s of parseInline(source).spans) {
    for (const piece of s.text.split(/([\ue000-\uf8ff])/)) {
      if (piece === '') continue;
      const code = piece.charCodeAt(0);
      if (piece.length === 1 && code >= SENTINEL && code - SENTINEL < values.length) out.push(span(values[code - SENTINEL] as string, s.style, 'run'));
      else out.push(span(piece, s.style));
    }
  }
  return out;
}
