// Checks a lesson's evidence entries against the fixture files they name: each entry's `contains`
// text must occur verbatim in test/fixtures/<fixture> (CRLF line ends read as LF). The tests run it
// on every built-in lesson.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Evidence, Lesson } from './types.js';

export interface EvidenceProblem {
  lessonFile: string;
  /** e.g. "myths[2].evidence[0]" or "body[1].evidence[0]". */
  field: string;
  evidence: Evidence;
  problem: 'fixture-missing' | 'text-not-found';
}

/** Every evidence entry of a lesson, with the field path it sits at. */
export function evidenceEntries(lesson: Lesson): { field: string; evidence: Evidence }[] {
  const out: { field: string; evidence: Evidence }[] = [];
  lesson.body.forEach((s, i) => s.evidence?.forEach((e, j) => out.push({ field: `body[${i}].evidence[${j}]`, evidence: e })));
  lesson.myths.forEach((m, i) => m.evidence.forEach((e, j) => out.push({ field: `myths[${i}].evidence[${j}]`, evidence: e })));
  return out;
}

/** Problems with a lesson's evidence, given the test/fixtures/ directory; [] when every text is found. */
export async function checkEvidence(lesson: Lesson, fixturesDir: string): Promise<EvidenceProblem[]> {
  const problems: EvidenceProblem[] = [];
  const cache = new Map<string, string | null>();
  for (const { field, evidence } of evidenceEntries(lesson)) {
    const file = path.join(fixturesDir, evidence.fixture);
    // Raw HTTP captures end header lines with CRLF; a multi-line `contains` is written with LF.
    if (!cache.has(file)) cache.set(file, await readFile(file, 'utf8').then((t) => t.replace(/\r\n/g, '\n'), () => null));
    const text = cache.get(file) ?? null;
    if (text === null) problems.push({ lessonFile: lesson.file, field, evidence, problem: 'fixture-missing' });
    else if (!text.includes(evidence.contains)) problems.push({ lessonFile: lesson.file, field, evidence, problem: 'text-not-found' });
  }
  return problems;
}
