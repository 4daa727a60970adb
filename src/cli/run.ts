// Process wiring for the CLI: real stdio, exit code, and no stack traces for the user.

import { main } from './main.js';

// chalk (inside Ink) ignores NO_COLOR; map it before anything loads chalk.
if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '' && process.env['FORCE_COLOR'] === undefined) {
  process.env['FORCE_COLOR'] = '0';
}
// CI=false/0 means "not CI" to Ink, but chalk turns colour off whenever CI is set at all.
if (process.env['CI'] === 'false' || process.env['CI'] === '0') delete process.env['CI'];

main({ argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin })
  .then((code) => {
    // Everything was written (main awaits its writes); an idle keep-alive socket or a request the
    // learner walked away from must not hold the terminal.
    process.exit(code);
  })
  .catch((e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`kube-trace: internal error: ${msg}\nPlease report it, with the command you ran.\n`);
    if (process.env['KUBE_TRACE_DEBUG'] && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
    process.exitCode = 1;
  });
