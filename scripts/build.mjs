// Bundles the CLI into dist/ with esbuild: dist/kube-trace.js (the entry) plus lazily imported chunks
// in dist/chunks/. Splitting is what keeps `--plain`/`--json` from loading Ink/React and keeps the
// sandbox out of runs against a real cluster; one file would make every run parse everything.
// It also writes dist/lessons.json: the built-in lessons, parsed and validated once here, keyed by
// stage and the SHA-256 of the YAML text. Parsing 60 kB of YAML with line tracking costs more than
// everything else a `get pods` run does; the loader can use an entry whose hash matches the file it
// read, and parse anything else (an edited or an instructor's file) as before. An invalid lesson is
// left out (with a warning), so that the run reports it as it would without this file.
// After building, the static-import closure of the entry is checked: if Ink, React or the sandbox
// became reachable without a dynamic import, the build warns (a stray static import is a slow start);
// with --strict it fails (test/bundle builds that way). A warning keeps `npm ci` (which runs
// `prepare`) from failing on a performance problem.
//
// Usage: node scripts/build.mjs [--outdir DIR] [--analyze] [--metafile FILE] [--strict]
//   --outdir DIR     write somewhere else than dist/ (it is emptied first)
//   --analyze        print esbuild's size report per output file
//   --metafile FILE  save esbuild's metafile (which source went into which output file)
import { build, analyzeMetafile } from 'esbuild';
import { rm, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, relative, resolve } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const outdirArg = args.indexOf('--outdir');
const dist = outdirArg >= 0 && args[outdirArg + 1] ? resolve(args[outdirArg + 1]) : join(root, 'dist');
const analyze = args.includes('--analyze');
const strict = args.includes('--strict');
const metafileArg = args.indexOf('--metafile');
const metafileOut = metafileArg >= 0 && args[metafileArg + 1] ? resolve(args[metafileArg + 1]) : null;

/** Packages the entry chunk may never reach statically: each belongs to one mode only. */
const LAZY_ONLY = [
  { label: 'Ink/React (TUI only)', test: (p) => /node_modules\/(ink|react|react-reconciler|scheduler|yoga-layout)\//.test(p) || p.startsWith('src/ui/') },
  { label: 'the sandbox (sandbox runs only)', test: (p) => p.startsWith('src/sandbox/') || p.includes('node_modules/@peculiar/') },
];

// Modules replaced by a few lines, without a file on disk:
// - react-devtools-core: an optional import inside Ink, for a debugger nobody attaches to a CLI.
// - whatwg-url: node-fetch v2 (inside client-node) takes `Url.URL || whatwgUrl.URL`, and Node always
//   has URL; without this the bundle carries tr46's 254 kB mapping table, evaluated on every run.
// - bufferutil, utf-8-validate (ws), supports-color (debug), encoding (node-fetch): optional add-ons
//   that their users require() inside try/catch. Left alone, each require() searches node_modules
//   folders at run time, and in a development tree finds and loads a copy outside the bundle; as
//   "not installed" they behave the same everywhere: the fallback the package already has.
const absent = (name) => `throw Object.assign(new Error("Cannot find module '${name}' (not bundled)"), { code: 'MODULE_NOT_FOUND' });`;
// - socks-proxy-agent, hpagent: client-node's KubeConfig.createAgent() builds proxy agents from them
//   for its own requests, which kube-trace never makes (src/kube/proxy.ts dials proxies itself, as Go
//   does); evaluated on every run, they cost ~10 ms. Stubs that say so if ever constructed.
const noProxyAgent = (names) => `const no = () => { throw new Error("kube-trace dials proxies itself (src/kube/proxy.ts); client-node's proxy agents are not bundled"); };\n${names.map((n) => `export class ${n} { constructor() { no(); } }`).join('\n')}\n`;
const REPLACED = {
  'socks-proxy-agent': noProxyAgent(['SocksProxyAgent']),
  hpagent: noProxyAgent(['HttpProxyAgent', 'HttpsProxyAgent']),
  'react-devtools-core': 'export default undefined;',
  'whatwg-url': 'export default { URL: globalThis.URL };',
  bufferutil: absent('bufferutil'),
  'utf-8-validate': absent('utf-8-validate'),
  'supports-color': absent('supports-color'),
  encoding: absent('encoding'),
};
const replacedModules = {
  name: 'replaced-modules',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(REPLACED).join('|')})$`);
    b.onResolve({ filter }, (a) => ({ path: a.path, namespace: 'replaced' }));
    b.onLoad({ filter: /.*/, namespace: 'replaced' }, (a) => ({ contents: REPLACED[a.path], loader: 'js' }));
  },
};

// kube-trace uses one class of client-node: KubeConfig (kubeconfig loading and every auth provider).
// Its index re-exports the whole generated API (most of the package's 360 kB in the engine chunk,
// compiled on every run), and config.js itself imports the generated code only for makeApiClient(),
// which kube-trace never calls (its requests go through src/kube). So the package name resolves to
// config.js, and config.js's import of the generated code to two stubs that say so if ever called.
const CLIENT_NODE_CONFIG = /@kubernetes\/client-node\/dist\/config\.js$/;
const clientNodeKubeConfigOnly = {
  name: 'client-node-kubeconfig-only',
  setup(b) {
    b.onResolve({ filter: /^@kubernetes\/client-node$/ }, async (a) => {
      const r = await b.resolve('@kubernetes/client-node/dist/config.js', { resolveDir: a.resolveDir, kind: a.kind });
      return r.errors.length > 0 ? undefined : { path: r.path };
    });
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (a) => (CLIENT_NODE_CONFIG.test(a.importer) ? { path: 'client-node-gen', namespace: 'replaced-gen' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'replaced-gen' }, () => ({
      contents: "const no = () => { throw new Error('kube-trace does not bundle client-node\\'s generated API (KubeConfig.makeApiClient)'); };\nexport class ServerConfiguration { constructor() { no(); } }\nexport const createConfiguration = no;\n",
      loader: 'js',
    }));
  },
};

// Yoga (Ink's layout engine) is WebAssembly embedded as a base64 data: URL. Its Emscripten loader
// fetch()es that URL whenever `fetch` exists, and on Node the first fetch() loads undici and http2:
// about 60 ms before the first frame, to decode a string. Told that fetch is absent, it decodes the
// base64 itself. If a Yoga update changes the loader, the build says so and keeps the original.
const YOGA_LOADER = /yoga-layout\/dist\/binaries\/yoga-wasm-base64-esm\.js$/;
const FETCH_CHECK = '"function"!=typeof fetch';
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: YOGA_LOADER }, async (a) => {
      const source = await readFile(a.path, 'utf8');
      const count = source.split(FETCH_CHECK).length - 1;
      if (count === 0) return { contents: source, loader: 'js', warnings: [{ text: `yoga-without-fetch: no \`${FETCH_CHECK}\` in ${a.path}; Yoga will fetch() its data: URL (slower first frame)` }] };
      return { contents: source.split(FETCH_CHECK).join('true'), loader: 'js' };
    });
  },
};

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { 'kube-trace': join(root, 'src/cli/run.ts') },
  outdir: dist,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: process.env.KT_BUILD_NO_MINIFY !== "1",
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Some CommonJS dependencies call require(); ESM output has none, so define one.
  banner: { js: "import { createRequire as __ktCreateRequire } from 'node:module'; const require = __ktCreateRequire(import.meta.url);" },
  // etcd3 (the sandbox's optional real-etcd backend) loads .proto files from its own folder at run
  // time, so it cannot be bundled; it is imported lazily and reports a hint when it is not installed.
  external: ['etcd3'],
  plugins: [replacedModules, yogaWithoutFetch, clientNodeKubeConfigOnly],
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'warning',
});

const meta = result.metafile;
const entry = Object.keys(meta.outputs).find((o) => meta.outputs[o].entryPoint === 'src/cli/run.ts');
if (!entry) throw new Error('build: no output for src/cli/run.ts');

// Every input that loads when the entry loads, before any dynamic import runs.
const seen = new Set();
const stack = [entry];
while (stack.length > 0) {
  const out = stack.pop();
  if (seen.has(out)) continue;
  seen.add(out);
  for (const imp of meta.outputs[out].imports) if (imp.kind === 'import-statement' && meta.outputs[imp.path]) stack.push(imp.path);
}
const eager = [...seen].flatMap((o) => Object.keys(meta.outputs[o].inputs));
const problems = LAZY_ONLY.flatMap((rule) => {
  const hits = eager.filter(rule.test);
  return hits.length > 0 ? [`${rule.label} is loaded by every run, through: ${hits.slice(0, 5).join(', ')}`] : [];
});
if (problems.length > 0) {
  console.error(`build: the entry chunk imports, statically:\n  ${problems.join('\n  ')}\nImport it with await import() in the mode that needs it.`);
  if (strict) process.exit(1);
}

// The validator comes from the bundle just built, so the JSON is what this bundle would produce.
// Every lesson file, get's stages and the write path's alike: one left out is parsed and validated
// on every run that loads the lessons (tens of milliseconds).
const STAGES = (await readdir(join(root, 'lessons'))).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
const lessonsChunk = Object.keys(meta.outputs).find((o) => meta.outputs[o].entryPoint === 'src/lessons/index.ts');
const precompiled = {};
if (!lessonsChunk) {
  console.error('build: src/lessons/index.ts is no longer a chunk of its own (imported statically?): dist/lessons.json is empty');
} else {
  const { validateLessonText } = await import(pathToFileURL(join(root, lessonsChunk)).href);
  for (const stage of STAGES) {
    const file = join(root, 'lessons', `${stage}.yaml`);
    const text = await readFile(file, 'utf8');
    const { lesson, issues } = validateLessonText(text, file, stage);
    if (lesson === null || issues.length > 0) {
      // Left out: the loader parses the file at run time and reports its problems there, as usual.
      console.error(`build: lessons/${stage}.yaml is not valid, left out of dist/lessons.json:\n${issues.map((i) => `  line ${i.line ?? '?'}: ${i.field}: ${i.message}`).join('\n')}`);
      continue;
    }
    precompiled[stage] = { sha256: createHash('sha256').update(text).digest('hex'), lesson };
  }
}
await writeFile(join(dist, 'lessons.json'), JSON.stringify({ format: 1, lessons: precompiled }) + '\n');

if (analyze) console.log(await analyzeMetafile(meta));
if (metafileOut) await writeFile(metafileOut, JSON.stringify({ root, ...meta }));
const files = Object.keys(meta.outputs);
const bytes = files.reduce((n, o) => n + meta.outputs[o].bytes, 0);
const entryBytes = [...seen].reduce((n, o) => n + meta.outputs[o].bytes, 0);
console.log(
  `built ${relative(root, join(dist, 'kube-trace.js'))}: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB; ` +
    `loaded by every run: ${(entryBytes / 1e3).toFixed(0)} kB`,
);
