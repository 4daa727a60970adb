// The handouts of a run: --export picks one by the file's extension.
import type { LessonSet } from '../lessons/types.js';
import type { TraceReport } from '../trace/types.js';

export interface HandoutInput {
  report: TraceReport;
  lessons: LessonSet;
  header: string | null;
  now: Date;
}

export function renderExport(path: string, input: HandoutInput): string {
  void path;
  void input;
  return '';
}
