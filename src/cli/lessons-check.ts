// `kube-trace lessons --check DIR`: validate an instructor's lesson files before the workshop. Each
// problem is one line, "file:line: field: problem": the schema (keys, types, required fields),
// look_at fields and `here:` template placeholders against the stage's data, version ranges, and the
// text markup (unclosed blocks, unmatched backticks, alignment that reflowing would lose).

interface Out {
  write(text: string): unknown;
}

export async function runLessonsCheck(dir: string, io: { stdout: Out; stderr: Out }): Promise<number> {
  const { checkLessonsDir, formatLessonIssues } = await import('../lessons/index.js');
  const { printable } = await import('../text/index.js');
  const issues = await checkLessonsDir(dir);
  if (issues.length === 0) {
    io.stdout.write(`${printable(dir)}: all lesson files are valid\n`);
    return 0;
  }
  io.stderr.write(`${formatLessonIssues(issues)}\n${issues.length} problem${issues.length === 1 ? '' : 's'} in ${printable(dir)}\n`);
  return 1;
}
