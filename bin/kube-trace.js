#!/usr/bin/env node
// Node 22+ can cache compiled code between runs; older Nodes simply skip it.
import module from 'node:module';
try {
  module.enableCompileCache?.();
} catch {
  // a read-only cache directory is not a reason to fail
}
await import('../dist/kube-trace.js');
