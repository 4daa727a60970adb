// The published form of kube-trace: the esbuild bundle, laid out as the npm package is (bin/, dist/,
// lessons/, package.json) in a temporary folder with no node_modules above it, so that anything the
// bundle still needed from node_modules would fail here. It must answer --version, trace against its
// sandbox in --plain and --json, never load Ink/React outside the TUI nor the sandbox outside sandbox
// runs, and install from its tarball with npx without downloading anything.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkgJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
  files: string[];
  bin: Record<string, string>;
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((done) => {
    execFile(file, args, { cwd: opts.cwd, env: opts.env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

interface Metafile {
  root: string;
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

let work: string;
let pkg: string;
let cwd: string;
let env: NodeJS.ProcessEnv;
let meta: Metafile;
let hookLog: string;
let hookImport: string;

/** The source files (relative to the project) of every bundle file that a run of the CLI loaded. */
async function loadedInputs(args: string[]): Promise<{ result: Run; inputs: string[]; files: string[] }> {
  writeFileSync(hookLog, '');
  const result = await run(process.execPath, ['--import', hookImport, join(pkg, 'bin', 'kube-trace.js'), ...args], { cwd, env: { ...env, KT_LOAD_LOG: hookLog } });
  const urls = readFileSync(hookLog, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
  const files = urls.map((u) => fileURLToPath(u));
  const byFile = new Map(Object.entries(meta.outputs).map(([out, o]) => [resolve(meta.root, out), Object.keys(o.inputs)]));
  return { result, files, inputs: files.flatMap((f) => byFile.get(f) ?? []) };
}

const isTui = (input: string): boolean => /node_modules\/(ink|react|react-reconciler|yoga-layout)\//.test(input) || input.startsWith('src/ui/');
const isSandbox = (input: string): boolean => input.startsWith('src/sandbox/');

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'kube-trace-bundle-'));
  pkg = join(work, 'package');
  cwd = join(work, 'cwd');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(join(work, 'home'), { recursive: true });
  env = { PATH: process.env['PATH'], HOME: join(work, 'home'), NO_COLOR: '1', npm_config_update_notifier: 'false' };
  for (const f of ['package.json', 'README.md']) cpSync(join(root, f), join(pkg, f));
  for (const d of ['bin', 'lessons']) cpSync(join(root, d), join(pkg, d), { recursive: true });
  const metaFile = join(work, 'meta.json');
  const built = await run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--outdir', join(pkg, 'dist'), '--metafile', metaFile, '--strict'], { cwd: root, env: process.env });
  assert.equal(built.code, 0, `the build failed:\n${built.stderr}`);
  meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Metafile;
  // Records every module URL the CLI loads (resolve/load hooks see dynamic imports too).
  hookLog = join(work, 'loaded.txt');
  writeFileSync(
    join(work, 'hooks.mjs'),
    "import { appendFileSync } from 'node:fs';\n" +
      'export async function load(url, context, next) { appendFileSync(process.env.KT_LOAD_LOG, url + "\\n"); return next(url, context); }\n',
  );
  writeFileSync(join(work, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(work, 'hooks.mjs')).href)});\n`);
  hookImport = pathToFileURL(join(work, 'register.mjs')).href;
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the bundle', () => {
  it('prints the package version with --version', async () => {
    const r = await run(process.execPath, [join(pkg, 'dist', 'kube-trace.js'), '--version'], { cwd, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `kube-trace ${pkgJson.version}\n`);
  });

  it('traces `get pods --sandbox --plain` from another folder, with the lessons of the package, without loading Ink or React', async () => {
    const { result, inputs } = await loadedInputs(['get', 'pods', '--sandbox', '--plain']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /what kubectl prints/);
    assert.match(result.stdout, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    assert.match(result.stdout, /^nginx\s+1\/1\s+Running/m);
    assert.ok(inputs.some(isSandbox), 'a --sandbox run loads the sandbox');
    assert.deepEqual(inputs.filter(isTui), [], 'a --plain run loaded TUI code');
  });

  it('prints one JSON document with seven stages for `get pods --sandbox --json`', async () => {
    const r = await run(process.execPath, [join(pkg, 'bin', 'kube-trace.js'), 'get', 'pods', '--sandbox', '--json'], { cwd, env });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { stages: { name: string; status: string }[]; output: { exitCode: number; stdout: string } };
    assert.deepEqual(
      doc.stages.map((s) => s.name),
      ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response', 'format'],
    );
    assert.equal(doc.output.exitCode, 0);
    assert.match(doc.output.stdout, /^NAME\s+READY/);
  });

  describe('against a cluster given by --kubeconfig', () => {
    let sandbox: TestSandbox;
    before(async () => {
      sandbox = await startTestSandbox();
    });
    after(async () => {
      await sandbox.close();
    });

    it('loads neither the sandbox nor Ink/React for --plain and --json', async () => {
      for (const mode of ['--plain', '--json']) {
        const { result, inputs } = await loadedInputs(['get', 'pods', '--kubeconfig', sandbox.kubeconfig, mode]);
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(inputs.filter(isSandbox), [], `${mode} loaded the sandbox`);
        assert.deepEqual(inputs.filter(isTui), [], `${mode} loaded TUI code`);
        assert.ok(inputs.includes('src/trace/engine.ts'), 'the load log sees the trace engine (the check can see lazy chunks)');
      }
    });
  });

  it('holds every lesson file validated at build time (dist/lessons.json), so that no run parses and validates lesson YAML', () => {
    const built = (JSON.parse(readFileSync(join(pkg, 'dist', 'lessons.json'), 'utf8')) as { lessons: Record<string, { sha256: string }> }).lessons;
    const files = readdirSync(join(pkg, 'lessons')).filter((f) => f.endsWith('.yaml')).sort();
    assert.deepEqual(Object.keys(built).sort(), files.map((f) => f.replace(/\.yaml$/, '')));
    for (const f of files) assert.equal(built[f.replace(/\.yaml$/, '')]?.sha256, createHash('sha256').update(readFileSync(join(pkg, 'lessons', f))).digest('hex'), `${f} as packaged`);
  });

  it('has Ink and React in a chunk of their own, which the TUI imports lazily', () => {
    const tuiChunks = Object.entries(meta.outputs).filter(([, o]) => Object.keys(o.inputs).some(isTui));
    assert.ok(tuiChunks.length > 0, 'Ink is in the bundle');
    assert.ok(tuiChunks.every(([out]) => out.includes('/chunks/')), 'Ink is not in the entry file');
  });
});

describe('the npm package', () => {
  let tarball: string;
  before(async () => {
    // --ignore-scripts: `prepare` would build again into the project's dist/.
    const r = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: pkg, env });
    assert.equal(r.code, 0, r.stderr);
    const entry = (JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[])[0]!;
    tarball = entry.filename;
    writeFileSync(join(work, 'files.json'), JSON.stringify(entry.files.map((f) => f.path)));
  });

  it('declares no runtime dependencies: everything it runs is in the bundle', () => {
    assert.deepEqual(pkgJson.dependencies ?? {}, {});
  });

  it('holds the bundle, the lessons and the bin script, and no sources or tests', () => {
    const files = JSON.parse(readFileSync(join(work, 'files.json'), 'utf8')) as string[];
    assert.ok(files.includes('dist/kube-trace.js'));
    assert.ok(files.includes('dist/lessons.json'));
    assert.ok(files.includes(pkgJson.bin['kube-trace']!.replace(/^\.\//, '')));
    for (const stage of ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response', 'format']) assert.ok(files.includes(`lessons/${stage}.yaml`), stage);
    assert.deepEqual(
      files.filter((f) => /^(src|test|bench|scripts|node_modules)\//.test(f)),
      [],
    );
  });

  it('runs with npx from the tarball, with an empty npm cache, and finds its lessons when installed', async () => {
    const dir = join(work, 'npx');
    mkdirSync(dir);
    cpSync(join(work, tarball), join(dir, tarball));
    const npxEnv = { ...env, npm_config_cache: join(work, 'npm-cache'), npm_config_audit: 'false', npm_config_fund: 'false' };
    const version = await run('npx', ['--yes', `./${tarball}`, '--version'], { cwd: dir, env: npxEnv });
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout, `kube-trace ${pkgJson.version}\n`);
    const plain = await run('npx', ['--yes', `./${tarball}`, 'get', 'pods', '--sandbox', '--plain'], { cwd: dir, env: npxEnv });
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /what kubectl prints/);
    // The installed copy is the one that ran: npx unpacked it under the cache, not here.
    assert.deepEqual(readdirSync(dir), [tarball]);
  });
});
