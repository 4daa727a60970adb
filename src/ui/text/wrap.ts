// Plain-text measuring and wrapping for the TUI. The TUI lays out every screen as a list of one-row
// lines so that heights are exact (Ink 6 has no scroll view); this is where text becomes rows. The
// helpers themselves live in src/text (one definition for the UI, the plain renderer and lessons):
// widths count East Asian wide characters and emoji as two columns, and wrapText breaks words
// longer than a row so nothing is lost off the right edge; hardWrap is for JSON and headers.

export { displayWidth, formatBytes, formatMs, hardWrap, padEnd, truncate, wrapText } from '../../text/index.js';
