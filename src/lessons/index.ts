export { builtinLessonsDir, checkLessonsDir, formatLessonIssues, loadLessons, LessonError } from './load.js';
export type { LessonIssue } from './load.js';
export { lookAtFields } from './fields.js';
export { checkEvidence, evidenceEntries } from './evidence.js';
export type { EvidenceProblem } from './evidence.js';
export { BODY_TEXT_MAX_LINES, BODY_TEXT_WIDTH, validateLessonText, wrappedLineCount } from './schema.js';
export type { Evidence, Lesson, LessonSection, LessonSet, LookAt, Myth, Source, TryCommand } from './types.js';
