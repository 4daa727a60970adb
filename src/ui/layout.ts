// How the screen's rows are shared out, from the terminal size and the view's mode alone. The frame
// never exceeds the screen, so the terminal never scrolls.
import { printable, wrapText } from '../text/index.js';

export interface FrameLayout {
  width: number;
  /** One row less than the terminal: Ink redraws in place instead of clearing. */
  height: number;
  /** The notice, wrapped whole (it is never cut: it is shown again on the normal screen at exit). */
  noticeRows: string[];
  /** Between the header rows (header, timeline, notice, rule) and the footer. */
  bodyHeight: number;
}

export function frameLayout(columns: number, rows: number, notice: string | null, footerRows = 1): FrameLayout {
  const height = Math.max(8, rows - 1);
  const wrapped = notice !== null ? wrapText(printable(notice), columns) : [];
  // A notice taller than a third of the screen would crowd the stage out: it then waits for the exit.
  const noticeRows = wrapped.length <= Math.max(2, Math.floor(height / 3)) ? wrapped : [];
  return { width: columns, height, noticeRows, bodyHeight: Math.max(3, height - 3 - Math.max(1, footerRows) - noticeRows.length) };
}

export type StageMode = 'normal' | 'presenter' | 'lesson';

export interface StageLayout {
  /** Rows for the lesson and the live panel together (the title row and the panel label take two). */
  rest: number;
  /** The most rows the lesson may take; the panel keeps the rest. */
  lessonMax: number;
  /** Blank rows between the parts (presenter mode opens the spacing up). */
  gap: number;
}

export function stageLayout(bodyHeight: number, mode: StageMode = 'normal'): StageLayout {
  const rest = bodyHeight - 2;
  switch (mode) {
    case 'presenter':
      // The lesson is one line; a blank row sets the panel apart when there is room for it.
      return { rest, lessonMax: 1, gap: rest >= 12 ? 1 : 0 };
    case 'lesson':
      // The panel shrinks to its label row: the lesson has the rest.
      return { rest, lessonMax: rest, gap: 0 };
    case 'normal': {
      const lessonMax = rest >= 18 ? Math.floor(rest * 0.4) : rest >= 14 ? 6 : rest >= 8 ? 4 : 0;
      return { rest, lessonMax, gap: 0 };
    }
  }
}
