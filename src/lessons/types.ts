// The shape of a lesson file (lessons/<stage>.yaml) once loaded and validated. The TUI, the plain
// renderer and the JSON renderer read these; src/lessons/ loads and validates them.

import type { StageName } from '../trace/types.js';

/** A fixture file and the exact text it must contain, so that a claim is checked, not trusted. */
export interface Evidence {
  /** Path relative to test/fixtures/, e.g. "real-apiserver/http/pods-empty-namespace-table.http". */
  fixture: string;
  contains: string;
}

export interface LessonSection {
  heading: string;
  text: string;
  evidence?: Evidence[];
}

export interface LookAt {
  /** A dotted path into this stage's live data (StageDataMap[stage]), e.g. "request.url". */
  field: string;
  note: string;
}

export interface Myth {
  claim: string;
  reality: string;
  evidence: Evidence[];
}

export interface Source {
  /** "kubernetes/kubernetes" or a docs site such as "kubernetes.io". */
  repo: string;
  /** A path in the repo, or a docs page path. */
  path: string;
  note?: string;
}

export interface TryCommand {
  command: string;
  note: string;
}

export interface Lesson {
  stage: StageName;
  title: string;
  summary: string;
  body: LessonSection[];
  look_at: LookAt[];
  myths: Myth[];
  sources: Source[];
  try: TryCommand[];
  /** Which file it came from (the built-in lessons/ or an instructor's --lessons DIR). */
  file: string;
}

export type LessonSet = Record<StageName, Lesson>;
