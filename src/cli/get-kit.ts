// What `get` writes after its run for the workshop kit: --record FILE (the recording) and --export
// FILE (the handout). Both need the finished report, so the trace is watched for it.
import type { LessonSet } from '../lessons/types.js';
import { isWrite, type TraceCommand, type TraceEnvironment } from '../trace/command.js';
import type { LiveTrace } from '../trace/engine.js';
import type { AnyStageResult, TraceReport } from '../trace/types.js';
import type { GetPresentation } from './args.js';
import type { Io } from './main.js';
import { keepingReport, saveRecording } from './recording-commands.js';

export class GetKit {
  readonly record: string | null;
  readonly exportFile: string | null;
  private report: TraceReport | null = null;

  constructor(p: GetPresentation) {
    this.record = p.record ?? null;
    this.exportFile = p.exportFile ?? null;
  }

  keep(gen: AsyncGenerator<AnyStageResult, TraceReport, void>): AsyncGenerator<AnyStageResult, TraceReport, void> {
    if (this.record === null && this.exportFile === null) return gen;
    return keepingReport(gen, (r) => (this.report = r));
  }

  /** Writes what was asked for; false when something could not be written (the message is on stderr). */
  async after(live: LiveTrace | null, cmd: TraceCommand, env: TraceEnvironment, lessons: LessonSet, io: Io): Promise<boolean> {
    if (this.record === null && this.exportFile === null) return true;
    // Recordings and handouts hold get's stages and steps (docs/recording.md); a write's are not in that format yet.
    if (isWrite(cmd)) {
      io.stderr.write(`kube-trace: --record and --export are for get; nothing was written for this ${cmd.verb}.\n`);
      return false;
    }
    const report = this.report;
    if (report === null || live === null) {
      io.stderr.write(`kube-trace: the walkthrough ended before the last stage, so ${[this.record, this.exportFile].filter((f) => f !== null).join(' and ')} ${this.record !== null && this.exportFile !== null ? 'were' : 'was'} not written. Use --no-pause, --plain or --json to run every stage.\n`);
      return false;
    }
    let ok = true;
    if (this.record !== null) ok = (await saveRecording(this.record, { cmd, env, live, report, lessons }, io)) && ok;
    if (this.exportFile !== null) {
      const { saveExport } = await import('./export-command.js');
      ok = (await saveExport(this.exportFile, { report, lessons, header: null }, io)) && ok;
    }
    return ok;
  }
}
