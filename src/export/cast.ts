// The asciicast v2 handout (https://docs.asciinema.org/manual/asciicast/v2/): a header line, then one
// event per line, [time, "o", text] for output and [time, "m", label] for a marker; asciinema's player
// pauses at each marker, so there is one per stage. The walkthrough is the plain presentation,
// coloured, each stage given time to be read in proportion to its length.
import type { Handout } from './content.js';

export const CAST_WIDTH = 100;
export const CAST_HEIGHT = 40;

function crlf(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}

export function renderCast(h: Handout, startedAt: Date): string {
  const header = { version: 2, width: CAST_WIDTH, height: CAST_HEIGHT, timestamp: Math.floor(startedAt.getTime() / 1000), title: h.command, env: { TERM: 'xterm-256color', SHELL: '/bin/sh' } };
  const events: [number, 'o' | 'm', string][] = [];
  let t = 0.2;
  const out = (text: string, after: number): void => {
    events.push([Number(t.toFixed(3)), 'o', crlf(text)]);
    t += after;
  };
  out(`$ ${h.command}\n`, 0.8);
  if (h.header) out(`${h.header}\n\n`, 1);
  for (const s of h.stages) {
    events.push([Number(t.toFixed(3)), 'm', `${s.index + 1}/7 ${s.name}: ${s.title}`]);
    t += 0.1;
    out('\u001b[2J\u001b[H', 0.05);
    const lines = s.ansi.split('\n').length;
    out(s.ansi, Math.min(12, 2 + lines * 0.15));
  }
  out('\u001b[2J\u001b[H', 0.05);
  out(h.outputText, 2);
  return [JSON.stringify(header), ...events.map((e) => JSON.stringify(e))].join('\n') + '\n';
}
