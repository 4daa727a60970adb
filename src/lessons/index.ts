// Lessons: loading and validating lessons/<stage>.yaml, and resolving one for this run.
// Presenters call resolveLesson(lesson, { data, versions }) and render the ResolvedLesson, with the
// layout helpers below (or src/text's layoutBlocks for blocks of their own).

export { builtinLessonsDir, checkLessonsDir, formatLessonIssues, loadLessons, LessonError } from './load.js';
export type { LessonIssue } from './load.js';
export { lookAtFields, stageFields } from './fields.js';
export type { FieldKind } from './fields.js';
export { checkEvidence, evidenceEntries } from './evidence.js';
export type { EvidenceProblem } from './evidence.js';
export { BODY_TEXT_MAX_LINES, BODY_TEXT_WIDTH, validateLessonText, wrappedLineCount } from './schema.js';
export type { AppliesToField, Evidence, Lesson, LessonFile, LessonSection, LessonSet, LookAt, Myth, Source, TryCommand } from './types.js';
export { lessonSpans, resolveLesson } from './resolve.js';
export type { ResolveContext, ResolvedLesson, ResolvedLookAt, ResolvedMyth, ResolvedSection, ResolvedTry, VersionScope } from './resolve.js';
export { layoutHeading, layoutMyth, layoutSection, lessonTextPages } from './present.js';
export type { LessonPageKind, LessonTextPage, MythLayoutOptions } from './present.js';
export { fillTemplate, HELPERS, parseTemplate, templateProblems } from './template.js';
export type { Helper, Placeholder } from './template.js';
export { capturedVersionProblem, holds, normaliseVersion, rangeLabel, rangeProblem, scopeLabel } from './versions.js';
export type { AppliesTo, Holds, RunVersions, VersionOf } from './versions.js';
export { proseBlocks, proseProblems } from './prose.js';
