// What every handout shows, gathered once from a finished report: each stage as the plain presentation
// renders it (its lesson and this run's data), the server's handler chain as the glass box saw it (or
// kube-apiserver's, labelled as not observed), every exchange's timings, and kubectl's output.
import type { GlassBoxStep } from '../glassbox/types.js';
import type { LessonSet } from '../lessons/types.js';
import { makePalette } from '../render/palette.js';
import { renderOutput, renderStage } from '../render/plain/index.js';
import type { AnyStageResult, HttpExchange, KubectlOutput, TraceReport } from '../trace/types.js';
import { pathAndQueryOf } from '../kube/display-url.js';

export interface HandoutStage {
  index: number;
  name: string;
  title: string;
  status: AnyStageResult['status'];
  durationMs: number;
  lessonTitle: string | null;
  lessonSummary: string | null;
  /** The stage as `--plain` prints it, without colour. */
  text: string;
  /** The same, coloured for a terminal (the .cast). */
  ansi: string;
}

export interface HandoutBar {
  id: number;
  label: string;
  by: HttpExchange['by'];
  status: number | null;
  startMs: number;
  phases: { name: string; ms: number }[];
  totalMs: number;
}

export interface Handout {
  title: string;
  command: string;
  header: string | null;
  target: string;
  versions: string;
  stages: HandoutStage[];
  /** The server's handler chain for kubectl's request: observed (the sandbox's glass box) or not. */
  chain: { observed: boolean; steps: { step: string; durationMs: number | null; summary: string }[] };
  bars: HandoutBar[];
  output: KubectlOutput;
  outputText: string;
  generatedAt: string;
}

/** kube-apiserver's handler chain, in its order (staging/src/k8s.io/apiserver/pkg/server/config.go DefaultBuildHandlerChain). */
const API_SERVER_CHAIN: GlassBoxStep['step'][] = ['authentication', 'priority-and-fairness', 'authorization', 'storage', 'conversion', 'response'];

function bars(exchanges: readonly HttpExchange[]): HandoutBar[] {
  const starts = exchanges.map((e) => (e.at ? Date.parse(e.at) - e.timings.totalMs : Number.NaN));
  const known = starts.filter((s) => !Number.isNaN(s));
  const t0 = known.length > 0 ? Math.min(...known) : 0;
  let cursor = 0;
  return exchanges.map((e, i) => {
    const t = e.timings;
    const start = Number.isNaN(starts[i] ?? Number.NaN) ? cursor : (starts[i] ?? 0) - t0;
    cursor = start + t.totalMs;
    const phases = [
      { name: 'dns', ms: t.dnsMs },
      { name: 'connect', ms: t.connectMs },
      { name: 'proxy', ms: t.proxyMs ?? null },
      { name: 'tls', ms: t.tlsMs },
      { name: 'wait', ms: t.ttfbMs },
      { name: 'download', ms: t.downloadMs },
    ].filter((p): p is { name: string; ms: number } => p.ms !== null && p.ms > 0);
    return { id: e.id, label: `${e.method} ${pathAndQueryOf(e.url)}`, by: e.by, status: e.status, startMs: start, phases, totalMs: t.totalMs };
  });
}

export function handoutOf(report: TraceReport, lessons: LessonSet, header: string | null, now: Date): Handout {
  const plain = { width: 100, palette: makePalette(false), lessons, terminal: false, credentials: null };
  const ansi = { ...plain, palette: makePalette(true), terminal: true };
  const previous: AnyStageResult[] = [];
  const stages = report.stages.map((s, index) => {
    const stage: HandoutStage = {
      index,
      name: s.name,
      title: s.title,
      status: s.status,
      durationMs: s.durationMs,
      lessonTitle: lessons[s.name].title,
      lessonSummary: lessons[s.name].summary,
      text: renderStage(s, plain, previous),
      ansi: renderStage(s, ansi, previous),
    };
    previous.push(s);
    return stage;
  });
  const authz = report.stages.find((s) => s.name === 'authz');
  const inside = authz?.name === 'authz' ? (authz.data?.insideApiServer ?? null) : null;
  const chain = inside
    ? { observed: true, steps: inside.steps.map((s) => ({ step: s.step, durationMs: s.durationMs, summary: s.summary })) }
    : { observed: false, steps: API_SERVER_CHAIN.map((step) => ({ step, durationMs: null, summary: 'inside the API server: not observable from a client' })) };
  const versions = [report.versions?.kubectl.gitVersion ? `kubectl ${report.versions.kubectl.gitVersion}` : null, report.versions?.server.info?.gitVersion ? `kube-apiserver ${report.versions.server.info.gitVersion}` : null].filter((v) => v !== null).join(', ');
  return {
    title: `kube-trace ${report.command.join(' ')}`,
    command: `kube-trace ${report.command.join(' ')}`,
    header,
    target: `${report.target.kind === 'sandbox' ? "kube-trace's sandbox" : 'cluster'} ${report.target.server ?? '(not reached)'}${report.target.context ? `, context ${report.target.context}` : ''}`,
    versions,
    stages,
    chain,
    bars: bars(report.exchanges ?? []),
    output: report.output,
    outputText: renderOutput(report.output, plain),
    generatedAt: now.toISOString(),
  };
}
