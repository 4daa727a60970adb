// Process wiring for the CLI: real stdio, exit code, and no stack traces for the user.

import { main } from './main.js';

// chalk (inside Ink) ignores NO_COLOR; map it before anything loads chalk.
if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '' && process.env['FORCE_COLOR'] === undefined) {
  process.env['FORCE_COLOR'] = '0';
}

main({ argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`kube-trace: internal error: ${msg}\nPlease report it, with the command you ran.\n`);
    if (process.env['KUBE_TRACE_DEBUG'] && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
    process.exitCode = 1;
  });
