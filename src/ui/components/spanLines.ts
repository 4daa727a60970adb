// Styled spans (src/text/spans.ts: what lesson text is laid out as) as screen rows: a span's style
// name becomes a colour here, in one place for the lesson, its notes and anything else laid out so.
import { layoutInline, parseInline, type Span, type TextLine } from '../../text/index.js';
import { colors } from '../theme.js';
import type { Line, Seg } from './lines.js';

export function segOf(s: Span, base: Omit<Seg, 'text'> = {}): Seg {
  const style: Omit<Seg, 'text'> = { ...base };
  switch (s.style) {
    case 'code':
      style.color = colors.accent;
      break;
    case 'emphasis':
      style.bold = true;
      break;
    case 'muted':
      style.color = colors.muted;
      break;
    case 'label':
      style.color = colors.muted;
      style.italic = true;
      break;
    case 'heading':
      style.bold = true;
      style.color = colors.accent;
      break;
    case 'plain':
      break;
  }
  // A sentence filled from this run stands out a little; a captured example recedes.
  if (s.origin === 'run' && s.style === 'plain') style.bold = true;
  if (s.origin === 'captured') style.dim = true;
  // Layout already made the text printable; LineView does it again anyway.
  return { ...style, text: s.text };
}

/** A laid-out row (already as wide as asked: nothing is wrapped again) as a screen row. */
export function textLineToLine(t: TextLine, indent = 0, base: Omit<Seg, 'text'> = {}): Line {
  return { segs: [...(indent > 0 ? [{ text: ' '.repeat(indent) }] : []), ...t.spans.map((s) => segOf(s, base))] };
}

/** Inline markup ("`code`", "*stress*") as spans; plain text stays as it is. */
export function inlineSpans(text: string): Span[] {
  return parseInline(text).spans;
}

/** Spans wrapped to `width`, with a prefix on the first row and later rows hanging under it. */
export function spanRows(spans: readonly Span[], width: number, options: { prefix?: Span[]; indent?: number; base?: Omit<Seg, 'text'> } = {}): Line[] {
  return layoutInline(spans, Math.max(4, width), { ...(options.prefix !== undefined ? { prefix: options.prefix } : {}), ...(options.indent !== undefined ? { indent: options.indent } : {}) }).map((t) => textLineToLine(t, 0, options.base));
}
