// The handouts of a run: --export picks one by the file's extension (.html, .md, .cast). Whatever the
// engine shows, the handout is passed through the recorder's text masking once more (URL passwords,
// Secret data in a body preview) before it is written.
import type { LessonSet } from '../lessons/types.js';
import { Masker } from '../recording/mask.js';
import type { TraceReport } from '../trace/types.js';
import { renderCast } from './cast.js';
import { handoutOf } from './content.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';

export interface HandoutInput {
  report: TraceReport;
  lessons: LessonSet;
  header: string | null;
  now: Date;
}

export type HandoutKind = 'html' | 'md' | 'cast';

export function handoutKind(path: string): HandoutKind | null {
  const m = /\.(html|md|cast)$/i.exec(path);
  return m ? (m[1]?.toLowerCase() as HandoutKind) : null;
}

export function renderExport(path: string, input: HandoutInput): string {
  const h = handoutOf(input.report, input.lessons, input.header, input.now);
  const kind = handoutKind(path);
  const text = kind === 'md' ? renderMarkdown(h) : kind === 'cast' ? renderCast(h, input.now) : renderHtml(h);
  return new Masker([]).text(text, 'handout');
}
