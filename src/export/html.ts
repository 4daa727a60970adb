// The HTML handout: one self-contained page (inline CSS and SVG, no script, no font, no image, no link
// that loads anything: a Content-Security-Policy of default-src 'none' holds the browser to that),
// readable offline and printable on A4.
import type { Handout, HandoutBar } from './content.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #1b1f24; }
h1 { font-size: 1.5em; margin-bottom: .2em; }
h2 { font-size: 1.15em; margin: 1.6em 0 .4em; border-bottom: 1px solid #d0d7de; padding-bottom: .2em; }
.meta { color: #57606a; margin: .1em 0; }
.status-ok { color: #1a7f37; } .status-error { color: #cf222e; } .status-skipped { color: #6e7781; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: .6em .8em; font: 8.5pt/1.35 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
svg { max-width: 100%; height: auto; }
svg text { font: 10px ui-monospace, "DejaVu Sans Mono", monospace; }
nav ol { columns: 2; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  h2 { break-after: avoid; }
  pre { font-size: 7.5pt; break-inside: auto; }
  figure { break-inside: avoid; }
  nav { display: none; }
}`;

/** Short names that fit a box (priority-and-fairness is API Priority and Fairness). */
const CHAIN_LABELS: Record<string, string> = { 'priority-and-fairness': 'APF', authentication: 'authn', authorization: 'authz' };

function diagram(h: Handout): string {
  const client = h.stages.filter((s) => ['parse', 'kubeconfig', 'request'].includes(s.name));
  const after = h.stages.filter((s) => ['response', 'format'].includes(s.name));
  const boxes: { label: string; sub: string; kind: 'client' | 'server' }[] = [
    ...client.map((s) => ({ label: `${s.index + 1} ${s.name}`, sub: s.status, kind: 'client' as const })),
    ...h.chain.steps.map((s) => ({ label: CHAIN_LABELS[s.step] ?? s.step, sub: s.durationMs === null ? 'not observed' : `${s.durationMs.toFixed(2)} ms`, kind: 'server' as const })),
    ...after.map((s) => ({ label: `${s.index + 1} ${s.name}`, sub: s.status, kind: 'client' as const })),
  ];
  const w = 96;
  const gap = 14;
  const width = boxes.length * (w + gap) + 10;
  const items = boxes
    .map((b, i) => {
      const x = 5 + i * (w + gap);
      const fill = b.kind === 'server' ? '#ddf4ff' : '#fff8c5';
      const arrow = i < boxes.length - 1 ? `<line x1="${x + w}" y1="45" x2="${x + w + gap}" y2="45" stroke="#57606a" marker-end="url(#a)"/>` : '';
      return `<rect x="${x}" y="25" width="${w}" height="40" rx="5" fill="${fill}" stroke="#57606a"/><text x="${x + w / 2}" y="42" text-anchor="middle">${escapeHtml(b.label)}</text><text x="${x + w / 2}" y="57" text-anchor="middle" fill="#57606a">${escapeHtml(b.sub)}</text>${arrow}`;
    })
    .join('');
  const firstServer = client.length;
  const sx = 5 + firstServer * (w + gap) - 4;
  const sw = h.chain.steps.length * (w + gap) - gap + 8;
  const label = h.chain.observed ? "inside the API server: the sandbox's glass box, this request" : "kube-apiserver's handler chain (not observable from a client; the response is this run's evidence)";
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} 80" role="img" aria-label="The request path"><defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#57606a"/></marker></defs><rect x="${sx}" y="8" width="${sw}" height="68" rx="6" fill="none" stroke="#0969da" stroke-dasharray="4 3"/><text x="${sx + 6}" y="19" fill="#0969da">${escapeHtml(label)}</text>${items}</svg>`;
}

const PHASE_COLOURS: Record<string, string> = { dns: '#8250df', connect: '#bf8700', proxy: '#953800', tls: '#cf222e', wait: '#0969da', download: '#1a7f37' };

function waterfall(bars: readonly HandoutBar[]): string {
  if (bars.length === 0) return '<p>No request was sent.</p>';
  const end = Math.max(...bars.map((b) => b.startMs + b.totalMs), 1);
  const left = 330;
  const plot = 420;
  const row = 18;
  const scale = plot / end;
  const rows = bars
    .map((b, i) => {
      const y = 20 + i * row;
      let x = left + b.startMs * scale;
      const segs = b.phases.length > 0 ? b.phases : [{ name: 'wait', ms: b.totalMs }];
      const rects = segs
        .map((p) => {
          const wdt = Math.max(1, p.ms * scale);
          const r = `<rect x="${x.toFixed(1)}" y="${y - 10}" width="${wdt.toFixed(1)}" height="12" fill="${PHASE_COLOURS[p.name] ?? '#6e7781'}"><title>${escapeHtml(`${p.name} ${p.ms.toFixed(1)} ms`)}</title></rect>`;
          x += wdt;
          return r;
        })
        .join('');
      const label = `#${b.id} ${b.by === 'kubectl' ? '' : '(kube-trace) '}${b.label}`;
      const shown = label.length > 52 ? `${label.slice(0, 51)}…` : label;
      return `<text x="0" y="${y}">${escapeHtml(shown)}</text>${rects}<text x="${(x + 4).toFixed(1)}" y="${y}" fill="#57606a">${b.status ?? '—'} · ${b.totalMs.toFixed(1)} ms</text>`;
    })
    .join('');
  const legend = Object.entries(PHASE_COLOURS).map(([n, c], i) => `<rect x="${left + i * 70}" y="${20 + bars.length * row}" width="10" height="10" fill="${c}"/><text x="${left + 14 + i * 70}" y="${29 + bars.length * row}">${n}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${left + plot + 110} ${36 + bars.length * row}" role="img" aria-label="Timing waterfall">${rows}${legend}</svg>`;
}

export function renderHtml(h: Handout): string {
  const sections = h.stages
    .map((s) => [
      `<section id="stage-${escapeHtml(s.name)}">`,
      `<h2>${s.index + 1}/7 ${escapeHtml(s.name)} · ${escapeHtml(s.title)} <span class="status-${s.status}">(${s.status}, ${s.durationMs.toFixed(1)} ms)</span></h2>`,
      s.lessonTitle && s.lessonTitle !== s.title ? `<p><strong>${escapeHtml(s.lessonTitle)}</strong></p>` : '',
      `<pre>${escapeHtml(s.text)}</pre>`,
      '</section>',
    ].join('\n'))
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(h.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(h.command)}</h1>`,
    h.header ? `<p class="meta">${escapeHtml(h.header)}</p>` : '',
    `<p class="meta">Target: ${escapeHtml(h.target)}${h.versions ? ` · ${escapeHtml(h.versions)}` : ''}</p>`,
    `<p class="meta">Handout written ${escapeHtml(h.generatedAt)} by kube-trace. Every value on this page comes from this run; secrets were never shown.</p>`,
    `<nav><ol>${h.stages.map((s) => `<li><a href="#stage-${escapeHtml(s.name)}">${escapeHtml(s.name)}</a> — ${escapeHtml(s.title)}</li>`).join('')}<li><a href="#output">what kubectl printed</a></li></ol></nav>`,
    '<h2>The request path</h2>',
    `<figure>${diagram(h)}<figcaption class="meta">kubectl's side (yellow) and the API server's handler chain (blue) for kubectl's request.</figcaption></figure>`,
    '<h2>Timing waterfall</h2>',
    `<figure>${waterfall(h.bars)}<figcaption class="meta">Every HTTP exchange of the run, in the order sent, by phase.</figcaption></figure>`,
    sections,
    '<section id="output">',
    `<h2>What kubectl printed (exit code ${h.output.exitCode})</h2>`,
    `<pre>${escapeHtml(h.output.stdout || '(nothing on stdout)')}</pre>`,
    h.output.stderr ? `<pre>${escapeHtml(h.output.stderr)}</pre>` : '',
    '</section>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
