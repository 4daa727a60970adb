// builtinLessonsDir() must still find lessons/ when the source is bundled into dist/kube-trace.js, one
// level below the package root, as the published package runs it.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'kube-trace-pkg-')));
after(() => rmSync(pkg, { recursive: true, force: true }));

describe('lessons in a bundled package', () => {
  it('are found from dist/kube-trace.js and load', async () => {
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'kube-trace', type: 'module' }));
    cpSync(path.join(root, 'lessons'), path.join(pkg, 'lessons'), { recursive: true });
    mkdirSync(path.join(pkg, 'dist'));
    const out = path.join(pkg, 'dist', 'kube-trace.js');
    await build({
      entryPoints: [path.join(root, 'src/lessons/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: out,
      // As the real bundle does: CommonJS dependencies need a require in an ES module.
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    const mod = (await import(pathToFileURL(out).href)) as typeof import('../../src/lessons/index.js');
    assert.equal(mod.builtinLessonsDir(), path.join(pkg, 'lessons'));
    const lessons = await mod.loadLessons();
    assert.equal(lessons.etcd.file, path.join(pkg, 'lessons', 'etcd.yaml'));
  });
});
