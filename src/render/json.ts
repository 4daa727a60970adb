// The `--json` presentation: the TraceReport as one document, each stage with its lesson attached:
// the lesson as written (title, summary, look_at, myths, sources, try) and, under `resolved`, as this
// run shows it (the one resolver every presenter uses: markup as blocks of styled spans, `here:`
// sentences filled from the stage's data, version-scoped parts chosen for this run's versions).

import { resolveLesson } from '../lessons/index.js';
import type { LessonSet } from '../lessons/types.js';
import type { TraceReport } from '../trace/types.js';

export function renderJson(report: TraceReport, lessons: LessonSet | null): string {
  const versions = { server: report.versions?.server.info?.gitVersion ?? null, kubectl: report.versions?.kubectl.gitVersion ?? null };
  const stages = report.stages.map((s) => {
    const lesson = lessons?.[s.name];
    return {
      ...s,
      ...(lesson
        ? {
            lesson: {
              title: lesson.title,
              summary: lesson.summary,
              look_at: lesson.look_at,
              myths: lesson.myths,
              sources: lesson.sources,
              try: lesson.try,
              resolved: resolveLesson(lesson, { data: s.data, versions }),
            },
          }
        : {}),
    };
  });
  return JSON.stringify({ ...report, stages }, null, 2) + '\n';
}
