// Drives the real Ink UI over a real trace (in-process, ink-testing-library) through every stage and
// overlay, and returns every frame it drew, for the secret-leak test.
import React from 'react';
import { render } from 'ink-testing-library';
import { parseCli } from '../../src/cli/args.js';
import { loadLessons } from '../../src/lessons/index.js';
import { runTrace } from '../../src/trace/engine.js';
import { planFor } from '../../src/trace/plan.js';
import { App } from '../../src/ui/App.js';
import { TraceDriver } from '../../src/ui/hooks/traceDriver.js';

const KEYS = { right: '\u001B[C', escape: '\u001B', end: 'G', details: 'd', curl: 'c', help: '?', lesson: 'L', quit: 'q' };
const ANSI = /\u001B\[[0-9;?]*[ -/]*[@-~]/g;

const tick = (ms = 10): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function renderTraceInInk(argv: string[], env: Record<string, string | undefined>): Promise<string[]> {
  const cli = parseCli(argv, { stdoutIsTTY: true, stdinIsTTY: true });
  if (cli.kind !== 'get') throw new Error(`not a get command: ${argv.join(' ')}`);
  const lessons = await loadLessons(null);
  const driver = new TraceDriver({ plan: planFor(cli.command), stages: runTrace(cli.command, { env, homeDir: env['HOME'] ?? '/nonexistent', sandbox: null, toolVersion: '0.0.0-test' }) });
  let exited = false;
  const ui = render(<App driver={driver} lessons={lessons} startStage={null} noPause={false} notice={null} onExit={() => (exited = true)} />);
  Object.defineProperty(ui.stdout, 'columns', { value: 120, configurable: true });
  Object.defineProperty(ui.stdout, 'rows', { value: 40, configurable: true });
  ui.stdout.emit('resize');
  const press = async (key: string): Promise<void> => {
    await tick(2);
    ui.stdin.write(key);
    await tick(12);
  };
  try {
    // Keys sent before Ink listens are lost: wait for the first frame.
    for (let i = 0; i < 200 && ui.frames.length === 0; i++) await tick(10);
    await tick(20);
    for (let stage = 0; stage < 8 && !exited; stage++) {
      for (const k of [KEYS.details, KEYS.end, KEYS.details, KEYS.curl, KEYS.escape]) await press(k);
      await press(KEYS.right);
      await tick(40); // the stage's requests
    }
    await press(KEYS.lesson);
    await press(KEYS.help);
    await press(KEYS.escape);
    await press(KEYS.quit);
  } finally {
    ui.unmount();
    driver.cancel();
  }
  return ui.frames.map((f) => f.replace(ANSI, ''));
}
