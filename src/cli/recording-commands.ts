// The workshop kit's commands around a recording: `get --record FILE` (after the run), `replay FILE`
// and `sandbox --from-recording FILE…`. Every problem with a file is one line naming it, exit 1.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { LessonSet } from '../lessons/types.js';
import type { GetCommand, TraceEnvironment } from '../trace/command.js';
import type { LiveTrace } from '../trace/engine.js';
import type { AnyStageResult, TraceReport } from '../trace/types.js';
import type { ReplayCliOptions, SandboxCliOptions } from './args.js';
import type { Io } from './main.js';
import { loadLessonSet, write } from './io-helpers.js';
import { exitCodeFor, onStopSignals, type StopSignal } from './signals.js';


/** The lessons' version: a digest of what they say (not where they were read from). */
export function lessonsDigest(set: LessonSet): string {
  const content = Object.values(set).map(({ file: _file, ...rest }) => rest);
  return `sha256:${createHash('sha256').update(JSON.stringify(content)).digest('hex')}`;
}

/** Writes the recording of a finished run; a message on stderr either way. Returns whether it was written. */
export async function saveRecording(path: string, input: { cmd: GetCommand; env: TraceEnvironment; live: LiveTrace; report: TraceReport; lessons: LessonSet }, io: Io): Promise<boolean> {
  const { buildRecording, writeRecording } = await import('../record/record.js');
  const rec = buildRecording({ ...input, lessons: { sha256: lessonsDigest(input.lessons), dir: input.cmd.lessonsDir }, now: new Date() });
  try {
    await writeRecording(path, rec);
  } catch (e) {
    await write(io.stderr, `kube-trace: --record: cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; nothing was written.\n`);
    return false;
  }
  await write(io.stderr, `kube-trace: recorded this run to ${path} (${rec.exchanges.length} exchanges, ${rec.masking.masked.length} masked values; replay it with kube-trace replay ${path}).\n`);
  return true;
}

/** A generator that also keeps the report it returns. */
export function keepingReport(gen: AsyncGenerator<AnyStageResult, TraceReport, void>, done: (r: TraceReport) => void): AsyncGenerator<AnyStageResult, TraceReport, void> {
  return (async function* () {
    const report = yield* gen;
    done(report);
    return report;
  })();
}

async function drain(gen: AsyncGenerator<AnyStageResult, TraceReport, void>, onStage: (r: AnyStageResult) => Promise<void> | void = () => undefined): Promise<TraceReport> {
  for (;;) {
    const s = await gen.next();
    if (s.done) return s.value;
    await onStage(s.value);
  }
}

/** The --json document of a replay: the live run's, plus where it was replayed from. */
export function replayedJson(liveJson: string, marker: { file: string; recordedAt: string; line: string }): string {
  const doc = JSON.parse(liveJson) as Record<string, unknown>;
  return JSON.stringify({ ...doc, replayed: marker }, null, 2) + '\n';
}

export async function runReplay(opts: ReplayCliOptions, io: Io): Promise<number> {
  const { readRecording, replayRecording, recordedLine } = await import('../record/replay.js');
  const { RecordingError } = await import('../recording/format.js');
  let replay;
  try {
    replay = replayRecording(await readRecording(opts.file));
  } catch (e) {
    if (e instanceof RecordingError) {
      await write(io.stderr, `kube-trace: cannot replay ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const lessonSet = await loadLessonSet(opts.lessonsDir, io.stderr);
  if (lessonSet === 1) return 1;
  const { recording, cmd } = replay;
  const line = recordedLine(recording);
  const lessonsNote = recording.lessons.sha256 !== lessonsDigest(lessonSet) ? ' The lessons shown are this kube-trace\'s; they differ from the ones it was recorded with.' : '';
  let report: TraceReport | null = null;
  const stages = keepingReport(replay.run.stages, (r) => (report = r));
  let code: number;
  if (opts.mode === 'tui') {
    const { runTui } = await import('../ui/run.js');
    code = await runTui({
      run: { plan: replay.run.plan, stages },
      lessons: lessonSet,
      startStage: opts.startStage,
      noPause: opts.noPause,
      notice: `kube-trace replay ${opts.file}: ${line}. Nothing is sent.${lessonsNote}`,
      present: opts.present,
      argv: cmd.argv,
      sandboxKubeconfig: null,
      credentials: null,
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
    });
  } else if (opts.mode === 'json') {
    const done = await drain(stages);
    const { renderJson } = await import('../render/json.js');
    await write(io.stdout, replayedJson(renderJson(done, lessonSet), { file: opts.file, recordedAt: recording.recordedAt, line }));
    code = done.output.exitCode;
  } else {
    const { renderStage, renderOutput, renderReportHeader } = await import('../render/plain/index.js');
    const { colorEnabled, makePalette } = await import('../render/palette.js');
    const tty = (io.stdout as { isTTY?: boolean }).isTTY === true;
    const popts = { width: Math.max(60, Math.min(tty ? io.stdout.columns || 100 : 100, 120)), palette: makePalette(colorEnabled(io.env, tty)), lessons: lessonSet, terminal: tty, credentials: null };
    await write(io.stdout, renderReportHeader(recording.tool.version, cmd.argv, popts));
    await write(io.stdout, `Replay of ${opts.file}: ${line}. Nothing is sent.${lessonsNote}\n\n`);
    const previous: AnyStageResult[] = [];
    const done = await drain(stages, (r) => {
      const text = renderStage(r, popts, previous);
      previous.push(r);
      return write(io.stdout, text + '\n');
    });
    await write(io.stdout, renderOutput(done.output, popts));
    code = done.output.exitCode;
  }
  if (opts.exportFile !== null) {
    const finished = report as TraceReport | null;
    if (finished === null) {
      await write(io.stderr, `kube-trace: --export: the walkthrough ended before the last stage; ${opts.exportFile} was not written.\n`);
      return 1;
    }
    const { saveExport } = await import('./export-command.js');
    if (!(await saveExport(opts.exportFile, { report: finished, lessons: lessonSet, header: line }, io))) return 1;
  }
  return code;
}

export async function runRecordingSandbox(files: readonly string[], opts: SandboxCliOptions, io: Io): Promise<number> {
  const { readRecording } = await import('../record/replay.js');
  const { RecordingError } = await import('../recording/format.js');
  const { startRecordingServer } = await import('../sandbox/from-recording.js');
  const recordings = [];
  for (const file of files) {
    try {
      recordings.push({ file, recording: await readRecording(file) });
    } catch (e) {
      if (e instanceof RecordingError) {
        await write(io.stderr, `Error: cannot serve ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  }
  const out = resolve(opts.kubeconfigOut);
  let server;
  try {
    server = await startRecordingServer({ recordings, port: opts.port, ...(opts.address !== null ? { address: opts.address } : {}), allowNonLoopback: opts.allowNonLoopback });
  } catch (e) {
    await write(io.stderr, `Error: the recording sandbox could not start: ${(e as Error).message}\n`);
    return 1;
  }
  let signal: StopSignal | null = null;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (wake = r));
  const stop = onStopSignals((s) => {
    signal = s;
    wake();
  });
  const { writeFileAtomic } = await import('../record/record.js');
  const { rm } = await import('node:fs/promises');
  try {
    try {
      await writeFileAtomic(out, server.kubeconfigYaml());
    } catch (e) {
      await write(io.stderr, `Error: cannot write the kubeconfig to ${out}: ${(e as Error).message}\n`);
      return 1;
    }
    await write(
      io.stdout,
      [
        `kube-trace sandbox serving ${server.answers} recorded responses from ${files.join(', ')} on ${server.url} (nothing else: a request that was not recorded gets a 404 that says so)`,
        ...recordings.map((r) => `  ${r.file}: ${r.recording.command.argv.join(' ')} — recorded ${r.recording.recordedAt} against ${r.recording.server.gitVersion ?? 'an unknown server'}`),
        `kubeconfig written to ${out} (mode 0600; removed when the sandbox stops)`,
        '',
        'Try:',
        `  kubectl --kubeconfig ${out} get pods`,
        `  kube-trace get pods --kubeconfig ${out}`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await stopped;
    return exitCodeFor((signal as StopSignal | null) ?? 'SIGINT');
  } finally {
    stop();
    await server.close();
    await rm(out, { force: true }).catch(() => undefined);
  }
}
