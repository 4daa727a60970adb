// Plain-text measuring and wrapping. The TUI lays out every screen as a list of one-row lines so that
// heights are exact (Ink 6 has no scroll view); this is where text becomes rows.

/** Terminal columns a string takes. Lesson and trace text is essentially ASCII/Latin; box-drawing
 * and marks used by the UI are single-width, so counting code points is enough here. */
export function displayWidth(text: string): number {
  return [...text].length;
}

/** Cuts a string to at most `width` columns, ending with "…" when it was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width === 1) return '…';
  return chars.slice(0, width - 1).join('') + '…';
}

/** Pads on the right to exactly `width` columns (never cuts). */
export function padEnd(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}

/**
 * Word-wraps text to `width` columns. Explicit newlines are kept; words longer than a row (URLs,
 * base64, JSON) are broken hard so nothing is ever lost off the right edge.
 */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.replace(/\r\n/g, '\n').split('\n')) {
    if (paragraph.trim() === '') {
      out.push('');
      continue;
    }
    const indent = /^\s*/.exec(paragraph)?.[0] ?? '';
    let line = '';
    for (const word of paragraph.trim().split(/\s+/)) {
      const candidate = line === '' ? indent + word : `${line} ${word}`;
      if (displayWidth(candidate) <= w) {
        line = candidate;
        continue;
      }
      if (line !== '') out.push(line);
      let rest = (line === '' ? indent : '') + word;
      line = '';
      while (displayWidth(rest) > w) {
        const chars = [...rest];
        out.push(chars.slice(0, w).join(''));
        rest = chars.slice(w).join('');
      }
      line = rest;
    }
    if (line !== '') out.push(line);
  }
  return out;
}

/** Hard-wraps without looking for word boundaries (for JSON, headers and other exact text). */
export function hardWrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    const chars = [...raw];
    if (chars.length === 0) {
      out.push('');
      continue;
    }
    for (let i = 0; i < chars.length; i += w) out.push(chars.slice(i, i + w).join(''));
  }
  return out;
}

/** Human units for durations, as kubectl-ish as it gets: "0.4 ms", "12 ms", "1.3 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
