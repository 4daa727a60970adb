// Runs the CLI in-process with captured, non-TTY streams: what a pipe or a CI log would see.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough();
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  return { stream: s as unknown as NodeJS.WriteStream, text: () => Buffer.concat(chunks).toString('utf8') };
}

export async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  const out = sink();
  const err = sink();
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  const exitCode = await main({ argv, env, stdout: out.stream, stderr: err.stream, stdin });
  return { stdout: out.text(), stderr: err.text(), exitCode };
}
