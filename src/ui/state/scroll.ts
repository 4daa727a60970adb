// The arithmetic of a scrolled region, shared by the reducer (which moves the offset) and the scroll
// view (which draws it). When the content does not fit, one row goes to the position indicator.

export interface ScrollMetrics {
  /** Rows available for content (the indicator takes one when scrolling is needed). */
  viewport: number;
  maxOffset: number;
  scrollable: boolean;
}

export function scrollMetrics(total: number, height: number): ScrollMetrics {
  const h = Math.max(1, height);
  if (total <= h) return { viewport: h, maxOffset: 0, scrollable: false };
  const viewport = Math.max(1, h - 1);
  return { viewport, maxOffset: Math.max(0, total - viewport), scrollable: true };
}

export function clampOffset(offset: number, total: number, height: number): number {
  return Math.min(Math.max(0, offset), scrollMetrics(total, height).maxOffset);
}
