// What a lesson says in this run: resolveLesson turns a validated Lesson into plain data that every
// presenter (the Ink UI, the plain renderer, --json, exports) renders as it is: markup parsed into
// blocks of styled spans, `here:` templates filled from this stage's data (or left out when a value
// is missing), version-scoped parts chosen for this run's kube-apiserver and kubectl (and labelled
// with the versions they hold for), captured examples labelled as such.

import { parseInline, span, type Block, type Span } from '../text/index.js';
import type { StageDataMap, StageName } from '../trace/types.js';
import { proseBlocks } from './prose.js';
import { fillTemplate } from './template.js';
import type { Lesson, Source } from './types.js';
import { holds, normaliseVersion, scopeLabel, type AppliesTo, type Holds, type RunVersions } from './versions.js';

/** The versions a section or myth holds for, in words and as written. */
export interface VersionScope {
  /** The ranges as the lesson gives them, e.g. { server: ">=1.31" }. */
  appliesTo: AppliesTo;
  /** "kube-apiserver ≥ 1.31", for the screen to show beside the part ("(kube-apiserver ≥ 1.31)"). */
  label: string;
  /** 'yes': this run's versions are in range; 'unknown': a version it depends on is not known. */
  holds: Exclude<Holds, 'no'>;
}

export interface ResolvedSection {
  heading: Span[];
  /** The text, then this run's sentences (spans with origin 'run'). */
  blocks: Block[];
  scope: VersionScope | null;
}

export interface ResolvedMyth {
  claim: Span[];
  /** The reality, then this run's sentences. */
  reality: Block[];
  scope: VersionScope | null;
}

export interface ResolvedLookAt {
  /** A dotted path into this stage's data, as in the lesson: the presenter highlights it. */
  field: string;
  note: Span[];
}

export interface ResolvedTry {
  /** A command line, to be shown (and copied) exactly. */
  command: string;
  note: Span[];
}

/** A lesson as this run shows it: plain, JSON-serialisable data. */
export interface ResolvedLesson {
  stage: StageName;
  /** The file it came from. */
  file: string;
  title: Span[];
  summary: Block[];
  sections: ResolvedSection[];
  myths: ResolvedMyth[];
  look_at: ResolvedLookAt[];
  sources: Source[];
  try: ResolvedTry[];
  /** The versions the lesson was resolved for ("1.33.3"); null where unknown. */
  versions: { server: string | null; kubectl: string | null };
}

export interface ResolveContext {
  /** This stage's data in this run; null or absent when the stage has none (templates then drop). */
  data?: StageDataMap[StageName] | null;
  versions?: RunVersions;
}

function inline(text: string): Span[] {
  return parseInline(text).spans;
}

function scopeOf(appliesTo: AppliesTo | undefined, versions: RunVersions): VersionScope | null | 'dropped' {
  if (appliesTo === undefined || (appliesTo.server === undefined && appliesTo.kubectl === undefined)) return null;
  const h = holds(appliesTo, versions);
  if (h === 'no') return 'dropped';
  const clean: AppliesTo = {};
  if (appliesTo.server !== undefined) clean.server = appliesTo.server;
  if (appliesTo.kubectl !== undefined) clean.kubectl = appliesTo.kubectl;
  return { appliesTo: clean, label: scopeLabel(clean), holds: h };
}

/** Each `here:` template filled from the data, as a paragraph; those with a missing value are left out. */
function liveBlocks(templates: readonly string[] | undefined, data: unknown): Block[] {
  const out: Block[] = [];
  for (const t of templates ?? []) {
    const spans = fillTemplate(t, data);
    if (spans !== null && spans.length > 0) out.push({ kind: 'paragraph', lines: [spans] });
  }
  return out;
}

/** The lesson as this run shows it; see ResolvedLesson. */
export function resolveLesson(lesson: Lesson, context: ResolveContext = {}): ResolvedLesson {
  const versions = context.versions ?? {};
  const data: unknown = context.data ?? null;
  const sections: ResolvedSection[] = [];
  for (const s of lesson.body) {
    const scope = scopeOf(s.applies_to, versions);
    if (scope === 'dropped') continue;
    sections.push({ heading: inline(s.heading), blocks: [...proseBlocks(s.text, versions), ...liveBlocks(s.here, data)], scope });
  }
  const myths: ResolvedMyth[] = [];
  for (const m of lesson.myths) {
    const scope = scopeOf(m.applies_to, versions);
    if (scope === 'dropped') continue;
    myths.push({ claim: inline(m.claim), reality: [...proseBlocks(m.reality, versions), ...liveBlocks(m.here, data)], scope });
  }
  return {
    stage: lesson.stage,
    file: lesson.file,
    title: inline(lesson.title),
    summary: proseBlocks(lesson.summary, versions),
    sections,
    myths,
    look_at: lesson.look_at.map((l) => ({ field: l.field, note: inline(l.note) })),
    sources: lesson.sources.map((s) => ({ ...s })),
    try: lesson.try.map((t) => ({ command: t.command, note: inline(t.note) })),
    versions: { server: normaliseVersion(versions.server), kubectl: normaliseVersion(versions.kubectl) },
  };
}

/** Every span of a resolved lesson's prose (title, summary, sections, myths, notes), for checks such as "every number is from the run or labelled as captured". */
export function lessonSpans(lesson: ResolvedLesson): Span[] {
  const out: Span[] = [...lesson.title];
  const walk = (blocks: readonly Block[]): void => {
    for (const b of blocks) {
      switch (b.kind) {
        case 'paragraph':
          for (const l of b.lines) out.push(...l);
          break;
        case 'list':
          for (const i of b.items) out.push(...i);
          break;
        case 'pre':
          for (const l of b.lines) out.push(span(l));
          break;
        case 'table':
          for (const row of [...(b.header === null ? [] : [b.header]), ...b.rows]) for (const cell of row) out.push(...cell);
          break;
        case 'group': {
          // A group's origin covers its blocks (a captured example), as the layout shows it.
          const start = out.length;
          out.push(...b.label);
          walk(b.blocks);
          if (b.origin !== undefined) for (let i = start; i < out.length; i++) out[i] = { ...(out[i] as Span), origin: (out[i] as Span).origin ?? b.origin };
          break;
        }
      }
    }
  };
  walk(lesson.summary);
  for (const s of lesson.sections) {
    out.push(...s.heading);
    walk(s.blocks);
  }
  for (const m of lesson.myths) {
    out.push(...m.claim);
    walk(m.reality);
  }
  for (const l of lesson.look_at) out.push(...l.note);
  for (const t of lesson.try) out.push(...t.note);
  return out;
}
