// A port of the tab writer kubectl prints tables with: github.com/liggitt/tabwriter, a fork of Go's
// text/tabwriter (elastic tabstops) that can remember column widths across flushes. kubectl builds it in
// printers.GetNewTabWriter with minwidth 6, tabwidth 4, padding 3, padchar ' ' and RememberWidths.
//
// What it does, as kubectl users see it:
// - a cell ends at '\t' (or '\v'); a line ends at '\n' (or '\f', which also flushes);
// - the last cell of a line is not part of any column, so it is never padded;
// - every other cell is padded to max(minwidth, widest cell in its column block + padding);
// - widths count Unicode code points, not display columns (so CJK text can misalign, as in kubectl);
// - an empty cell in a column is padded too, which is how trailing spaces appear when a row's last
//   cell is empty.
// Go's Escape byte (0xff) and HTML filtering are not ported: 0xff never occurs in valid UTF-8 text
// and kubectl does not set FilterHTML.

export interface TabWriterOptions {
  minwidth: number;
  tabwidth: number;
  padding: number;
  padchar: string;
  rememberWidths: boolean;
}

/** printers.GetNewTabWriter's settings (k8s.io/cli-runtime/pkg/printers/tabwriter.go). */
export const KUBECTL_TABWRITER: TabWriterOptions = {
  minwidth: 6,
  tabwidth: 4,
  padding: 3,
  padchar: ' ',
  rememberWidths: true,
};

interface Cell {
  text: string;
  width: number; // in code points
  htab: boolean; // terminated by '\t' (hard) rather than '\v'
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export class TabWriter {
  private readonly opts: TabWriterOptions;
  private lines: Cell[][] = [[]];
  private cell = '';
  private widths: number[] = [];
  private maxwidths: number[] = [];
  private out = '';

  constructor(opts: TabWriterOptions = KUBECTL_TABWRITER) {
    this.opts = opts;
  }

  /** Everything flushed so far. */
  get output(): string {
    return this.out;
  }

  write(text: string): void {
    for (const ch of text) {
      if (ch === '\t' || ch === '\v' || ch === '\n' || ch === '\f') {
        const ncells = this.terminateCell(ch === '\t');
        if (ch === '\n' || ch === '\f') {
          this.lines.push([]);
          // A one-cell line cannot affect later alignment, so Go flushes there (and always on '\f').
          if (ch === '\f' || ncells === 1) this.flush();
        }
      } else {
        this.cell += ch;
      }
    }
  }

  flush(): void {
    if (this.cell.length > 0) this.terminateCell(false);
    this.format(0, this.lines.length);
    this.reset();
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1];
    if (!line) throw new Error('tabwriter: no current line');
    line.push({ text: this.cell, width: runeCount(this.cell), htab });
    this.cell = '';
    return line.length;
  }

  private reset(): void {
    this.lines = [[]];
    this.cell = '';
    this.widths = [];
  }

  private writePadding(textw: number, cellw: number): void {
    if (this.opts.padchar === '\t') {
      if (this.opts.tabwidth === 0) return;
      const w = Math.ceil(cellw / this.opts.tabwidth) * this.opts.tabwidth;
      this.out += '\t'.repeat(Math.ceil((w - textw) / this.opts.tabwidth));
      return;
    }
    this.out += this.opts.padchar.repeat(Math.max(0, cellw - textw));
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i] ?? [];
      line.forEach((c, j) => {
        this.out += c.text;
        const w = this.widths[j];
        if (w !== undefined) this.writePadding(c.width, w);
      });
      // The final buffered line has no newline yet: only its pending text goes out (there is none
      // after a flush, because the pending cell was terminated).
      if (i + 1 < this.lines.length) this.out += '\n';
    }
  }

  // Go's recursive column-block formatter: finds each block of consecutive lines that have a cell in
  // the current column, sizes that column over the block, then formats the columns to its right.
  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let current = line0; current < line1; current++) {
      const line = this.lines[current] ?? [];
      if (column >= line.length - 1) continue;

      this.writeLines(line0, current);
      line0 = current;

      let width = this.opts.minwidth;
      for (; current < line1; current++) {
        const l = this.lines[current] ?? [];
        if (column >= l.length - 1) break;
        const c = l[column];
        if (c && c.width + this.opts.padding > width) width = c.width + this.opts.padding;
      }

      if (this.opts.rememberWidths) {
        if (this.maxwidths.length < this.widths.length) {
          this.maxwidths.push(...this.widths.slice(this.maxwidths.length));
        }
        const remembered = this.maxwidths[this.widths.length];
        if (remembered === undefined) this.maxwidths.push(width);
        else if (remembered > width) width = remembered;
        else if (remembered < width) this.maxwidths[this.widths.length] = width;
      }

      this.widths.push(width);
      this.format(line0, current);
      this.widths.pop();
      line0 = current;
    }
    this.writeLines(line0, line1);
  }
}

/** Aligns tab-separated, newline-terminated text the way kubectl's table output is aligned. */
export function alignColumns(text: string, opts: TabWriterOptions = KUBECTL_TABWRITER): string {
  const w = new TabWriter(opts);
  w.write(text);
  w.flush();
  return w.output;
}
