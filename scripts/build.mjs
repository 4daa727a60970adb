// Bundles the CLI into dist/ with esbuild: one entry file plus lazily loaded chunks, so that
// `--plain`/`--json` never load Ink/React and only sandbox runs load the sandbox.
import { build } from 'esbuild';
import { rm, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
const empty = join(dist, '.empty.js');
await writeFile(empty, 'export default undefined;\n');

await build({
  entryPoints: { 'kube-trace': join(root, 'src/cli/run.ts') },
  outdir: dist,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Some CommonJS dependencies call require(); give ESM output one.
  banner: { js: "import { createRequire as __ktCreateRequire } from 'node:module'; const require = __ktCreateRequire(import.meta.url);" },
  alias: { 'react-devtools-core': empty },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
await rm(empty);
console.log('built dist/kube-trace.js');
