// How the screen's rows are shared out, from the terminal size alone. The frame never exceeds the
// screen, so the terminal never scrolls.
import { wrapText } from './text/wrap.js';

export interface FrameLayout {
  width: number;
  /** One row less than the terminal: Ink redraws in place instead of clearing. */
  height: number;
  /** The notice, wrapped to at most two rows (none once it is hidden). */
  noticeRows: string[];
  /** Between the header rows (header, timeline, notice, rule) and the footer. */
  bodyHeight: number;
}

export function frameLayout(columns: number, rows: number, notice: string | null): FrameLayout {
  const height = Math.max(8, rows - 1);
  const noticeRows = notice !== null ? wrapText(notice, columns).slice(0, 2) : [];
  return { width: columns, height, noticeRows, bodyHeight: Math.max(3, height - 4 - noticeRows.length) };
}

export interface StageLayout {
  /** Rows for the lesson and the live panel together (the title row and the panel label take two). */
  rest: number;
  /** The most rows the lesson may take; the panel keeps the rest. */
  lessonMax: number;
}

export function stageLayout(bodyHeight: number): StageLayout {
  const rest = bodyHeight - 2;
  const lessonMax = rest >= 18 ? Math.floor(rest * 0.4) : rest >= 14 ? 5 : rest >= 8 ? 3 : 0;
  return { rest, lessonMax };
}
