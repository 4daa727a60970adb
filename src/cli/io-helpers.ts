// What the CLI's commands share: writing to a stream and waiting until it is flushed, and loading the
// lesson set with a clear message (never a stack) when the files are not valid.
import type { LessonSet } from '../lessons/types.js';

export function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '') resolve();
    else stream.write(text, () => resolve());
  });
}

/** The lessons from `dir` (built-in for null), or 1 after saying on stderr which files are not valid. */
export async function loadLessonSet(dir: string | null, stderr: NodeJS.WriteStream): Promise<LessonSet | 1> {
  const lessons = await import('../lessons/index.js');
  try {
    return await lessons.loadLessons(dir);
  } catch (e) {
    if (e instanceof lessons.LessonError) {
      await write(stderr, `kube-trace: the lesson files are not valid:\n${lessons.formatLessonIssues(e.issues)}\n`);
      return 1;
    }
    throw e;
  }
}
