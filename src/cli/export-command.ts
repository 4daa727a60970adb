// `--export FILE.html|FILE.md|FILE.cast`: the handout of a finished run, written whole or not at all.
import type { LessonSet } from '../lessons/types.js';
import type { TraceReport } from '../trace/types.js';
import type { Io } from './main.js';

export interface ExportInput {
  report: TraceReport;
  lessons: LessonSet;
  /** For a replay: "recorded on … against …"; null for a live run. */
  header: string | null;
}

export async function saveExport(path: string, input: ExportInput, io: Io): Promise<boolean> {
  const { renderExport } = await import('../export/index.js');
  const { writeFileAtomic } = await import('../record/record.js');
  const text = renderExport(path, { ...input, now: new Date() });
  try {
    await writeFileAtomic(path, text, 0o644);
  } catch (e) {
    io.stderr.write(`kube-trace: --export: cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; nothing was written.\n`);
    return false;
  }
  io.stderr.write(`kube-trace: wrote ${path}.\n`);
  return true;
}
