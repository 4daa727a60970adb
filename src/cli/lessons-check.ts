// `kube-trace lessons --check DIR`: validate an instructor's lesson files before the workshop.

import type { Io } from './main.js';

export async function runLessonsCheck(dir: string, io: Io): Promise<number> {
  const { checkLessonsDir, formatLessonIssues } = await import('../lessons/index.js');
  const issues = await checkLessonsDir(dir);
  if (issues.length === 0) {
    io.stdout.write(`${dir}: all lesson files are valid\n`);
    return 0;
  }
  io.stderr.write(`${formatLessonIssues(issues)}\n${issues.length} problem${issues.length === 1 ? '' : 's'} in ${dir}\n`);
  return 1;
}
