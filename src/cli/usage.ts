// The usage synopsis of each subcommand, generated from its flag table: `--help` and the README's
// usage block both print this, so neither can drift from what the parser accepts.
import { GET_FLAGS, LESSONS_FLAGS, REPLAY_FLAGS, SANDBOX_FLAGS } from './args.js';
import type { FlagSpec } from './flags.js';
import { APPLY_FLAGS, CREATE_FLAGS, DELETE_FLAGS, RUN_FLAGS, WRITE_HEADS } from './write-args.js';

const COMMANDS = {
  get: { head: 'kube-trace get pods [NAME]', flags: GET_FLAGS },
  apply: { head: WRITE_HEADS.apply, flags: APPLY_FLAGS },
  create: { head: WRITE_HEADS.create, flags: CREATE_FLAGS },
  delete: { head: WRITE_HEADS.delete, flags: DELETE_FLAGS },
  run: { head: WRITE_HEADS.run, flags: RUN_FLAGS },
  sandbox: { head: 'kube-trace sandbox', flags: SANDBOX_FLAGS },
  lessons: { head: 'kube-trace lessons', flags: LESSONS_FLAGS },
  replay: { head: 'kube-trace replay FILE', flags: REPLAY_FLAGS },
} as const;

function synopsisWord(f: FlagSpec): string {
  const name = f.short ? `-${f.short}` : `--${f.name}`;
  return `[${name}${f.placeholder ? ` ${f.placeholder}` : ''}]`;
}

/** One subcommand's synopsis, wrapped at `width` with continuation lines under the first flag. */
export function synopsis(command: keyof typeof COMMANDS, width = 100): string[] {
  const { head, flags } = COMMANDS[command];
  const words = flags.filter((f) => f.name !== 'help').map(synopsisWord);
  const lines: string[] = [];
  let line: string = head;
  const indent = ' '.repeat(head.length + 1);
  for (const w of words) {
    if (line.length + 1 + w.length > width && line.trim() !== '') {
      lines.push(line);
      line = indent + w;
    } else line = `${line} ${w}`;
  }
  lines.push(line);
  return lines;
}

/** Every subcommand's synopsis: the block `kube-trace --help` and the README show. */
export function usageBlock(width = 100): string[] {
  return [
    ...synopsis('get', width),
    ...synopsis('apply', width),
    ...synopsis('create', width),
    ...synopsis('delete', width),
    ...synopsis('run', width),
    ...synopsis('sandbox', width),
    'kube-trace sandbox --from-recording FILE [FILE…] [--port N] [--address ADDR] [--kubeconfig-out FILE]',
    ...synopsis('replay', width),
    'kube-trace workshop [FILE.yaml] [--reset] [--plain] | kube-trace workshop --check FILE.yaml',
    'kube-trace lessons --check DIR',
    'kube-trace --version | --help',
  ];
}
