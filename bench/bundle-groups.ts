// What the bundle holds, by module group (a package under node_modules, or a folder of src/), from
// esbuild's metafile: the bytes each group puts into the entry file and into the lazily loaded chunks.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BundleGroup {
  group: string;
  entryBytes: number;
  chunkBytes: number;
}

interface Metafile {
  outputs: Record<string, { entryPoint?: string; bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

export function groupOf(input: string): string {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (nm) return nm[1]!;
  const src = /^src\/([^/]+)\//.exec(input);
  return src ? `src/${src[1]}` : input;
}

export function bundleGroups(root: string): { groups: BundleGroup[]; entryBytes: number; totalBytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'kube-trace-bench-build-'));
  try {
    const metaFile = join(dir, 'meta.json');
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--outdir', join(dir, 'dist'), '--metafile', metaFile], { cwd: root, stdio: 'ignore' });
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Metafile;
    const by = new Map<string, BundleGroup>();
    let entryBytes = 0;
    let totalBytes = 0;
    for (const [file, out] of Object.entries(meta.outputs)) {
      // JavaScript only (not source maps or lessons.json): the entry file and the lazily loaded chunks.
      if (!file.endsWith('.js')) continue;
      const isEntry = out.entryPoint === 'src/cli/run.ts';
      totalBytes += out.bytes;
      if (isEntry) entryBytes += out.bytes;
      for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
        const g = by.get(groupOf(input)) ?? { group: groupOf(input), entryBytes: 0, chunkBytes: 0 };
        if (isEntry) g.entryBytes += bytesInOutput;
        else g.chunkBytes += bytesInOutput;
        by.set(g.group, g);
      }
    }
    const groups = [...by.values()].sort((a, b) => b.entryBytes + b.chunkBytes - (a.entryBytes + a.chunkBytes));
    return { groups, entryBytes, totalBytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
