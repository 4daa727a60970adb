// The arithmetic of a scrolled region, shared by the reducer (which moves the offsets) and the scroll
// view (which draws them). When the content does not fit — too many rows, or a wide row wider than
// the panel — one row goes to the position indicator, so the learner always knows what is off-screen.

export interface ScrollMetrics {
  /** Rows available for content (the indicator takes one when anything is off-screen). */
  viewport: number;
  maxOffset: number;
  /** More rows than fit: j/k scroll. */
  scrollable: boolean;
  /** The indicator row is shown (rows or columns off-screen). */
  indicator: boolean;
}

/** `wide`: some row is wider than the panel (it scrolls sideways), so the indicator is needed anyway. */
export function scrollMetrics(total: number, height: number, wide = false): ScrollMetrics {
  const h = Math.max(1, height);
  if (total <= h && !wide) return { viewport: h, maxOffset: 0, scrollable: false, indicator: false };
  const viewport = Math.max(1, h - 1);
  return { viewport, maxOffset: Math.max(0, total - viewport), scrollable: total > viewport, indicator: true };
}

export function clampOffset(offset: number, total: number, height: number, wide = false): number {
  return Math.min(Math.max(0, offset), scrollMetrics(total, height, wide).maxOffset);
}

/** How far a panel `width` columns wide can scroll over rows `contentWidth` wide. */
export function maxLeft(contentWidth: number, width: number): number {
  return Math.max(0, contentWidth - Math.max(1, width));
}

export function clampLeft(left: number, contentWidth: number, width: number): number {
  return Math.min(Math.max(0, left), maxLeft(contentWidth, width));
}

/** One sideways step: a third of the panel, at least 8 columns. */
export function sidewaysStep(width: number): number {
  return Math.max(8, Math.floor(width / 3));
}
