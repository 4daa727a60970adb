// Styled text as data: a row on screen is a list of spans, each a piece of text with a style name.
// The Ink UI maps a style to a colour, the plain renderer to an SGR code (or nothing), --json keeps
// the names. Style names say what a piece *is*, not how it looks.

export type SpanStyle =
  | 'plain'
  | 'code' // inline code, a command, a field name: `kubectl get pods`
  | 'emphasis' // *stressed* words
  | 'muted' // secondary text
  | 'label' // a label the tool adds: "In a captured v1.28.7 cluster:", a table header
  | 'heading'; // a section heading

/**
 * Where a span's words come from, when that matters to a reader or a test: 'run' for a value of this
 * very run (a filled template), 'captured' for an example from a captured cluster (shown labelled).
 * Absent: the lesson's own prose.
 */
export type SpanOrigin = 'run' | 'captured';

export interface Span {
  text: string;
  style: SpanStyle;
  origin?: SpanOrigin;
}

/** One row of laid-out text. */
export interface TextLine {
  spans: Span[];
  /** A block (paragraph, list item, table row, …) starts on this row: a page may begin here. */
  start?: boolean;
  /** A label or heading: keep it on the same page as the row after it. */
  keep?: boolean;
}

export function span(text: string, style: SpanStyle = 'plain', origin?: SpanOrigin): Span {
  return origin === undefined ? { text, style } : { text, style, origin };
}

/** The text of spans without their styles. */
export function plainText(spans: readonly Span[]): string {
  return spans.map((s) => s.text).join('');
}

/** The text of a row without its styles. */
export function lineText(line: TextLine): string {
  return plainText(line.spans);
}

/** Adjacent spans of the same style and origin joined, empty ones dropped. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  let parts: string[] = [];
  let current: Span | null = null;
  const close = (): void => {
    if (current !== null) out.push(current.origin === undefined ? { text: parts.join(''), style: current.style } : { text: parts.join(''), style: current.style, origin: current.origin });
  };
  for (const s of spans) {
    if (s.text === '') continue;
    if (current !== null && current.style === s.style && current.origin === s.origin) parts.push(s.text);
    else {
      close();
      current = s;
      parts = [s.text];
    }
  }
  close();
  return out;
}
