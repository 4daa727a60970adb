// Plain-text measuring and wrapping for the TUI. The TUI lays out every screen as a list of one-row
// lines so that heights are exact (Ink 6 has no scroll view); this is where text becomes rows. The
// helpers themselves live in src/text (one definition for the UI, the plain renderer and lessons).

import * as text from '../../text/index.js';

/** Terminal columns a string takes (East Asian wide characters and emoji count two). */
export function displayWidth(s: string): number {
  return text.displayWidth(s);
}

/** Cuts a string to at most `width` columns, ending with "…" when it was cut. */
export function truncate(s: string, width: number): string {
  return text.truncate(s, width);
}

/** Pads on the right to exactly `width` columns (never cuts). */
export function padEnd(s: string, width: number): string {
  return text.padEnd(s, width);
}

/**
 * Word-wraps text to `width` columns. Explicit newlines are kept; words longer than a row (URLs,
 * base64, JSON) are broken hard so nothing is ever lost off the right edge.
 */
export function wrapText(s: string, width: number): string[] {
  return text.wrapText(s, width);
}

/** Hard-wraps without looking for word boundaries (for JSON, headers and other exact text). */
export function hardWrap(s: string, width: number): string[] {
  return text.hardWrap(s, width);
}

/** Human units for durations, as kubectl-ish as it gets: "0.4 ms", "12 ms", "1.3 s". */
export function formatMs(ms: number | null | undefined): string {
  return text.formatMs(ms);
}

export function formatBytes(bytes: number): string {
  return text.formatBytes(bytes);
}
