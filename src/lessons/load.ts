// Loads the seven lessons: the built-in lessons/<stage>.yaml files, each optionally replaced by an
// instructor's file of the same name from --lessons DIR. Every file is validated; any problem stops
// the load with a LessonError that lists them all.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAGE_NAMES as STAGE_NAMES } from '../trace/types.js';
import type { StageName } from '../trace/types.js';
import { printable } from '../text/index.js';
import { validateLessonText } from './schema.js';
import type { LessonIssue } from './schema.js';
import type { Lesson, LessonSet } from './types.js';

export type { LessonIssue } from './schema.js';

export class LessonError extends Error {
  readonly issues: LessonIssue[];
  constructor(issues: LessonIssue[]) {
    super(`invalid lessons:\n${formatLessonIssues(issues)}`);
    this.name = 'LessonError';
    this.issues = issues;
  }
}

let builtinDir: string | null = null;

/**
 * The package's lessons/ folder. Found by walking up from this module to the folder whose package.json
 * is named kube-trace, so it works from src/lessons/ (tsx) and from a bundle in dist/.
 */
export function builtinLessonsDir(): string {
  if (builtinDir !== null) return builtinDir;
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && packageName(pkg) === 'kube-trace') {
      builtinDir = path.join(dir, 'lessons');
      return builtinDir;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`cannot find the kube-trace package (package.json) above ${start}`);
}

function packageName(file: string): string | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string' ? parsed.name : null;
  } catch {
    return null;
  }
}

function isStage(name: string): name is StageName {
  return (STAGE_NAMES as readonly string[]).includes(name);
}

async function loadFile(file: string, stage: StageName): Promise<{ lesson: Lesson | null; issues: LessonIssue[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(e)})`;
    return { lesson: null, issues: [{ file, line: null, field: '(file)', message }] };
  }
  const known = precompiledLesson(stage, text);
  return known !== null ? { lesson: { ...known, file }, issues: [] } : validateLessonText(text, file, stage);
}

let precompiled: Partial<Record<string, { sha256: string; lesson: Lesson }>> | null | undefined;

/**
 * dist/lessons.json (written by scripts/build.mjs): the built-in lessons validated at build time, by
 * the SHA-256 of their text. Parsing the YAML with line tracking is the costliest part of a run; a
 * file whose text matches is used as validated, anything else (edited, an instructor's) is parsed.
 */
function precompiledLesson(stage: StageName, text: string): Lesson | null {
  if (precompiled === undefined) {
    try {
      const file = path.join(path.dirname(builtinLessonsDir()), 'dist', 'lessons.json');
      precompiled = (JSON.parse(readFileSync(file, 'utf8')) as { lessons: typeof precompiled }).lessons;
    } catch {
      precompiled = null; // not built: parse as usual
    }
  }
  const entry = precompiled?.[stage];
  return entry && entry.sha256 === createHash('sha256').update(text).digest('hex') ? entry.lesson : null;
}

/** Lesson files in an instructor's directory, by stage; other file names are issues. */
async function scanDir(dir: string): Promise<{ files: Map<StageName, string>; issues: LessonIssue[] }> {
  const files = new Map<StageName, string>();
  const issues: LessonIssue[] = [];
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) {
      return { files, issues: [{ file: dir, line: null, field: '(directory)', message: 'is not a directory' }] };
    }
    names = (await readdir(dir)).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'directory not found' : `cannot read the directory (${code ?? String(e)})`;
    return { files, issues: [{ file: dir, line: null, field: '(directory)', message }] };
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const ext = path.extname(name);
    if (ext !== '.yaml' && ext !== '.yml') continue;
    const base = path.basename(name, ext);
    if (ext === '.yml') {
      issues.push({ file, line: null, field: '(file)', message: `lesson files end in .yaml: rename it to ${base}.yaml` });
    } else if (!isStage(base)) {
      issues.push({ file, line: null, field: '(file)', message: `unknown stage "${base}": lesson files are named ${STAGE_NAMES.map((s) => `${s}.yaml`).join(', ')}` });
    } else {
      files.set(base, file);
    }
  }
  return { files, issues };
}

/** Validates every lesson file in dir (unknown stage file names are issues too). [] means all good. */
export async function checkLessonsDir(dir: string): Promise<LessonIssue[]> {
  const { files, issues } = await scanDir(dir);
  if (files.size === 0 && issues.length === 0) {
    issues.push({ file: dir, line: null, field: '(directory)', message: `has no lesson files (${STAGE_NAMES.map((s) => `${s}.yaml`).join(', ')})` });
  }
  for (const [stage, file] of files) issues.push(...(await loadFile(file, stage)).issues);
  return issues;
}

/** The built-in lessons, with any <stage>.yaml in overrideDir replacing that stage. Throws LessonError. */
export async function loadLessons(overrideDir?: string | null): Promise<LessonSet> {
  const chosen = new Map<StageName, string>();
  const issues: LessonIssue[] = [];
  const builtin = builtinLessonsDir();
  for (const stage of STAGE_NAMES) chosen.set(stage, path.join(builtin, `${stage}.yaml`));
  if (overrideDir !== undefined && overrideDir !== null) {
    const scan = await scanDir(overrideDir);
    issues.push(...scan.issues);
    for (const [stage, file] of scan.files) chosen.set(stage, file);
  }
  const lessons: Partial<LessonSet> = {};
  for (const stage of STAGE_NAMES) {
    const file = chosen.get(stage) ?? path.join(builtin, `${stage}.yaml`);
    const result = await loadFile(file, stage);
    issues.push(...result.issues);
    if (result.lesson !== null) lessons[stage] = result.lesson;
  }
  if (issues.length > 0) throw new LessonError(issues);
  return lessons as LessonSet;
}

/** One issue per line: "lessons/authz.yaml:12: myths[0].evidence: must be a list"; control characters escaped. */
export function formatLessonIssues(issues: LessonIssue[]): string {
  return issues
    .map((i) => {
      const file = displayPath(i.file);
      const where = i.line === null ? file : `${file}:${i.line}`;
      // A message quotes the file's own text, which could hold terminal escapes: shown, not obeyed.
      return printable(`${where}: ${i.field}: ${i.message}`);
    })
    .join('\n');
}

/** Paths under the working directory are shown relative to it, as a compiler would. */
function displayPath(file: string): string {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
