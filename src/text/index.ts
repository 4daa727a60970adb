// Text for terminals: measuring, wrapping, cutting, escaping, and the markup lessons are written in.
// One definition of each helper for the UI, the plain renderer and the lessons.

export { displayWidth, graphemes, padEnd, padStart, sliceColumns, truncate } from './width.js';
export { printable } from './printable.js';
export type { PrintableOptions } from './printable.js';
export { hardWrap, wrapProse, wrapSpans, wrapText } from './wrap.js';
export type { WrapOptions } from './wrap.js';
export { lineText, mergeSpans, plainText, span } from './spans.js';
export type { Span, SpanOrigin, SpanStyle, TextLine } from './spans.js';
export { formatBytes, formatDate, formatMs, formatNumber, formatTimeOfDay } from './format.js';
export { parseInline, parseMarkup, toBlocks } from './markup.js';
export type { Block, ContainerNode, GroupBlock, LeafBlock, ListBlock, MarkupNode, MarkupProblem, ParagraphBlock, PreBlock, TableBlock } from './markup.js';
export { layoutBlocks, layoutInline, paginate } from './layout.js';
export type { LayoutOptions } from './layout.js';
