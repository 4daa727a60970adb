// `kube-trace workshop [FILE.yaml]`: walks a workshop's steps (src/workshop/format.ts, docs/workshop.md).
// Each step: its note, then its question (asked before the run, so before the stage that reveals the
// answer), then the run itself — a kube-trace get against the sandbox scenario, or a replay of a
// recording — shown as the walkthrough (or --plain text), then the answer checked against that run's
// own data. Progress is saved after every step, so a killed session resumes where it stopped.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parse, stringify } from 'yaml';
import type { WorkshopCliOptions } from './args.js';
import type { Io } from './main.js';
import type { TraceReport } from '../trace/types.js';
import type { Workshop, WorkshopStep } from '../workshop/format.js';

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((done) => {
    if (text === '') done();
    else stream.write(text, () => done());
  });
}

/** Lines from stdin, one at a time; null once it has ended. */
class LineReader {
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private ended = false;
  private readonly rl;

  constructor(input: NodeJS.ReadStream) {
    this.rl = createInterface({ input, terminal: false });
    this.rl.on('line', (l) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(l);
      } else this.lines.push(l);
    });
    this.rl.on('close', () => {
      this.ended = true;
      this.waiting?.(null);
      this.waiting = null;
    });
  }

  next(): Promise<string | null> {
    const l = this.lines.shift();
    if (l !== undefined) return Promise.resolve(l);
    if (this.ended) return Promise.resolve(null);
    return new Promise((r) => (this.waiting = r));
  }

  close(): void {
    this.rl.close();
  }
}

/** Why a step's arguments would not run as `kube-trace get`, or null. */
async function argsProblem(): Promise<(args: readonly string[]) => string | null> {
  const { parseCli } = await import('./args.js');
  return (args) => {
    const cli = parseCli([...args, '--plain'], { stdoutIsTTY: false, stdinIsTTY: false });
    if (cli.kind === 'usage-error') return cli.message;
    if (cli.kind !== 'get') return 'not a kube-trace get command';
    return null;
  };
}

export async function runWorkshopCommand(opts: WorkshopCliOptions, io: Io): Promise<number> {
  const { parseWorkshop, WorkshopError } = await import('../workshop/format.js');
  const { builtinWorkshopFile } = await import('../workshop/builtin.js');
  const file = resolve(opts.file ?? builtinWorkshopFile());
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    await write(io.stderr, `kube-trace: workshop ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})\n`);
    return 1;
  }
  let workshop: Workshop;
  try {
    workshop = parseWorkshop(text, file, await argsProblem());
  } catch (e) {
    if (e instanceof WorkshopError) {
      await write(io.stderr, `kube-trace: ${file} is not a valid workshop:\n${e.problems.map((p) => `  ${p}`).join('\n')}\n`);
      return 1;
    }
    throw e;
  }
  if (opts.check) {
    await write(io.stdout, `${file}: a valid workshop, "${workshop.title}", ${workshop.steps.length} step${workshop.steps.length === 1 ? '' : 's'} (${workshop.steps.map((s) => s.id).join(', ')})\n`);
    return 0;
  }
  return walk(workshop, file, opts, io);
}

async function walk(workshop: Workshop, file: string, opts: WorkshopCliOptions, io: Io): Promise<number> {
  const { loadProgress, progressFile, resetProgress, saveProgress, stateDir } = await import('../workshop/progress.js');
  const { factOf, sameAnswer } = await import('../workshop/facts.js');
  const home = io.env['HOME'] || homedir();
  const where = progressFile(stateDir(io.env, home), file);
  if (opts.reset) {
    await resetProgress(where);
    await write(io.stdout, `Progress of "${workshop.title}" forgotten: starting from step 1.\n`);
  }
  const progress = await loadProgress(where, file, workshop.title);
  const done = new Set(progress.done.map((d) => d.id));
  const total = workshop.steps.length;
  const first = workshop.steps.findIndex((s) => !done.has(s.id));
  if (first < 0) {
    await write(io.stdout, `All ${total} steps of "${workshop.title}" are done (progress in ${where}). kube-trace workshop --reset starts over.\n`);
    return 0;
  }
  await write(io.stdout, `${workshop.title}\n${workshop.description ? `${workshop.description}\n` : ''}\n`);
  if (first > 0) await write(io.stdout, `Resuming at step ${first + 1}/${total} (${first} done; progress in ${where}). kube-trace workshop --reset starts over.\n\n`);
  const tui = !opts.plain && io.stdin.isTTY && io.stdout.isTTY;
  const work = mkdtempSync(join(tmpdir(), 'kube-trace-workshop-'));
  let reader = new LineReader(io.stdin);
  try {
    for (let i = first; i < total; i++) {
      const step = workshop.steps[i] as WorkshopStep;
      if (done.has(step.id)) continue;
      await write(io.stdout, `━━ Step ${i + 1}/${total} · ${step.title}\n${step.note}\n\n`);
      let answer: string | null = null;
      if (step.question) {
        await write(io.stdout, `Question (before the ${step.question.stage} stage shows it): ${step.question.ask}\n> `);
        answer = await reader.next();
        if (answer === null) return await stopped(io, i, total);
        await write(io.stdout, '\n');
      }
      // The walkthrough reads the keyboard itself; plain text leaves stdin to the workshop (a piped
      // stdin's lines are read ahead, so the reader stays open).
      if (tui) reader.close();
      const report = await runStep(step, file, work, i, tui, io);
      if (tui) reader = new LineReader(io.stdin);
      if (report === null) {
        await write(io.stdout, `\nThe run did not finish, so step ${i + 1} is not done. Run kube-trace workshop again to retry it.\n`);
        return 1;
      }
      let right: boolean | null = null;
      let expected: string | null = null;
      if (step.question) {
        const fact = factOf(report, step.question.answer);
        expected = fact.value;
        right = sameAnswer(answer ?? '', fact.value);
        await write(io.stdout, `\n${right ? '✓ Right' : '✗ Not quite'}: you said "${answer ?? ''}"; this run's ${step.question.answer} is "${fact.value}" (${fact.where}).\n${step.question.explain ? `${step.question.explain}\n` : ''}`);
      }
      progress.done.push({ id: step.id, answer, expected, right, at: new Date().toISOString() });
      await saveProgress(where, progress);
      done.add(step.id);
      if (i < total - 1) {
        await write(io.stdout, `\nStep ${i + 1}/${total} done (saved). Enter: next step · q: stop\n> `);
        const next = await reader.next();
        if (next === null || next.trim().toLowerCase() === 'q') return await stopped(io, i + 1, total);
        await write(io.stdout, '\n');
      }
    }
    const asked = progress.done.filter((d) => d.right !== null);
    await write(io.stdout, `\nWorkshop done: ${total} steps, ${asked.filter((d) => d.right === true).length} of ${asked.length} answers right.\n`);
    return 0;
  } finally {
    reader.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function stopped(io: Io, next: number, total: number): Promise<number> {
  await write(io.stdout, `\nStopped before step ${next + 1}/${total}. Run kube-trace workshop again to go on from there.\n`);
  return 0;
}

/** Runs one step as the learner sees it, and returns its report (from its recording), or null. */
async function runStep(step: WorkshopStep, workshopFile: string, work: string, index: number, tui: boolean, io: Io): Promise<TraceReport | null> {
  const { main } = await import('./main.js');
  // The recorder's own note ("recorded this run to …") is the workshop's business, not the learner's.
  const stderr = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!/^kube-trace: recorded this run to /.test(chunk.toString('utf8'))) io.stderr.write(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  io = { ...io, stderr };
  const { readRecording, replayRecording } = await import('../record/replay.js');
  const present = tui ? [] : ['--plain'];
  let recording: string;
  if (step.recording !== undefined) {
    recording = isAbsolute(step.recording) ? step.recording : resolve(dirname(workshopFile), step.recording);
    await main({ ...io, argv: ['replay', recording, ...present] });
  } else {
    recording = join(work, `step-${index + 1}.json`);
    const target = step.wrongToken === true ? await wrongTokenKubeconfig(step, work) : null;
    const argv = [
      ...step.args,
      ...(target ? ['--kubeconfig', target.kubeconfig] : ['--scenario', step.scenario ?? 'default']),
      ...(step.context !== undefined ? ['--context', step.context] : []),
      ...present,
      '--record',
      recording,
    ];
    try {
      await main({ ...io, argv });
    } finally {
      await target?.close();
    }
  }
  try {
    const replay = replayRecording(await readRecording(recording));
    for (;;) {
      const s = await replay.run.stages.next();
      if (s.done) return s.value;
    }
  } catch {
    return null;
  }
}

/** A sandbox of the step's scenario and a kubeconfig whose sandbox-token user has a token it never issued. */
async function wrongTokenKubeconfig(step: WorkshopStep, work: string): Promise<{ kubeconfig: string; close: () => Promise<void> }> {
  const { startSandbox } = await import('../sandbox/index.js');
  const sandbox = await startSandbox({ scenario: step.scenario ?? 'default' });
  const doc = parse(sandbox.kubeconfigYaml({ currentContext: 'sandbox-token' })) as { users: { name: string; user: Record<string, unknown> }[] };
  for (const u of doc.users) if (u.name === 'sandbox-token') u.user = { token: `wrong-${randomBytes(12).toString('hex')}` };
  const kubeconfig = join(work, `wrong-token-${step.id}.kubeconfig`);
  await writeFile(kubeconfig, stringify(doc), { mode: 0o600 });
  return { kubeconfig, close: () => sandbox.close() };
}
