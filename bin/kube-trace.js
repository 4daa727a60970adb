#!/usr/bin/env node
// The published command: the esbuild bundle in dist/ (built by `npm run build`, and by `prepare`).
// Node 22+ can cache compiled code between runs; it must be switched on before the bundle is
// imported for the bundle to benefit. Older Nodes simply skip it.
import module from 'node:module';

try {
  module.enableCompileCache?.();
} catch {
  // a read-only cache directory is not a reason to fail
}

const bundle = new URL('../dist/kube-trace.js', import.meta.url);
try {
  await import(bundle.href);
} catch (e) {
  // A checkout that was never built: say so instead of printing a module-loader stack trace.
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes(bundle.pathname)) {
    process.stderr.write('kube-trace: dist/kube-trace.js is missing. Run `npm run build` (or `npm install`, which builds it).\n');
    process.exitCode = 1;
  } else {
    throw e;
  }
}
