// The Markdown handout: the same content as the HTML page, for wikis and slides (fenced text blocks,
// the handler chain and the timings as tables).
import type { Handout } from './content.js';

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${text.replace(/\n$/, '')}\n${f}`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdown(h: Handout): string {
  const lines = [`# ${h.command}`, ''];
  if (h.header) lines.push(`*${h.header}*`, '');
  lines.push(`Target: ${h.target}${h.versions ? ` · ${h.versions}` : ''}`, '', `Handout written ${h.generatedAt} by kube-trace. Every value here comes from this run; secrets were never shown.`, '');
  lines.push('## The request path', '');
  lines.push(`${h.stages.filter((s) => ['parse', 'kubeconfig', 'request'].includes(s.name)).map((s) => s.name).join(' → ')} → **API server** → ${h.stages.filter((s) => ['response', 'format'].includes(s.name)).map((s) => s.name).join(' → ')}`, '');
  lines.push(h.chain.observed ? "Inside the API server (the sandbox's glass box, this request):" : "kube-apiserver's handler chain (not observable from a client; the response is this run's evidence):", '');
  lines.push('| step | time | what happened |', '|---|---|---|');
  for (const s of h.chain.steps) lines.push(`| ${cell(s.step)} | ${s.durationMs === null ? '—' : `${s.durationMs.toFixed(2)} ms`} | ${cell(s.summary)} |`);
  lines.push('', '## Timing waterfall', '', '| # | by | request | status | start | total | phases |', '|---|---|---|---|---|---|---|');
  for (const b of h.bars) lines.push(`| ${b.id} | ${b.by} | \`${cell(b.label)}\` | ${b.status ?? '—'} | ${b.startMs.toFixed(1)} ms | ${b.totalMs.toFixed(1)} ms | ${cell(b.phases.map((p) => `${p.name} ${p.ms.toFixed(1)}`).join(', '))} |`);
  lines.push('');
  for (const s of h.stages) {
    lines.push(`## ${s.index + 1}/7 ${s.name} · ${s.title} (${s.status}, ${s.durationMs.toFixed(1)} ms)`, '');
    if (s.lessonTitle && s.lessonTitle !== s.title) lines.push(`**${s.lessonTitle}**`, '');
    lines.push(fence(s.text), '');
  }
  lines.push(`## What kubectl printed (exit code ${h.output.exitCode})`, '', fence(h.output.stdout || '(nothing on stdout)'), '');
  if (h.output.stderr) lines.push(fence(h.output.stderr), '');
  return lines.join('\n');
}
