// The shape of a lesson file (lessons/<stage>.yaml) once loaded and validated, derived from the
// schema in src/lessons/schema.ts so the two cannot disagree. Presenters do not render these
// directly: resolveLesson (src/lessons/resolve.ts) turns a Lesson into what this run shows.

import type * as z from 'zod/mini';
import type { StageName } from '../trace/types.js';
import type { LessonFileSchema } from './schema.js';

/** A lesson file's content, as the schema outputs it (strings trimmed, `here` as a list). */
export type LessonFile = z.output<LessonFileSchema>;

export interface Lesson extends LessonFile {
  stage: StageName;
  /** Which file it came from (the built-in lessons/ or an instructor's --lessons DIR). */
  file: string;
}

/** A fixture file and the exact text it must contain, so that a claim is checked, not trusted. */
export type Evidence = NonNullable<LessonFile['body'][number]['evidence']>[number];
/** A body section: a heading, lesson markup, optional live sentences (`here`), a version scope. */
export type LessonSection = LessonFile['body'][number];
/** A dotted path into this stage's live data (StageDataMap[stage]), e.g. "request.url", with a note. */
export type LookAt = LessonFile['look_at'][number];
export type Myth = LessonFile['myths'][number];
/** "kubernetes/kubernetes" (or another repository) and a path in it, or "kubernetes.io" and a docs path. */
export type Source = LessonFile['sources'][number];
export type TryCommand = LessonFile['try'][number];
/** `applies_to`: the kube-apiserver and kubectl version ranges a section or myth holds for. */
export type AppliesToField = NonNullable<LessonSection['applies_to']>;

export type LessonSet = Record<StageName, Lesson>;
