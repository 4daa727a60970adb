// The `--json` presentation: the TraceReport as one document, each stage with its lesson attached.

import type { LessonSet } from '../lessons/types.js';
import type { TraceReport } from '../trace/types.js';

export function renderJson(report: TraceReport, lessons: LessonSet | null): string {
  const stages = report.stages.map((s) => {
    const lesson = lessons?.[s.name];
    return {
      ...s,
      ...(lesson
        ? { lesson: { title: lesson.title, summary: lesson.summary, look_at: lesson.look_at, myths: lesson.myths, sources: lesson.sources, try: lesson.try } }
        : {}),
    };
  });
  return JSON.stringify({ ...report, stages }, null, 2) + '\n';
}
