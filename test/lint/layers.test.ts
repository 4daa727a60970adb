// The layers point one way, and the linter holds them: an import against the grain is an error that
// names the rule it breaks; the same import the other way round is fine.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { zones } from '../../eslint.layers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Only the layer rule, so a scratch file needs no type information.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parser: tseslint.parser },
      plugins: { 'import-x': importX },
      settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: join(root, 'tsconfig.json') })] },
      rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
    },
  ],
});

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('layers', () => {
  const cases: [string, string, string][] = [
    ['the kube layer reaching up into the engine', 'src/kube/zz-scratch.ts', "import type { TraceReport } from '../trace/types.js';\nexport type X = TraceReport;\n"],
    ['the printers reaching up into the engine', 'src/format/zz-scratch.ts', "import { STAGE_NAMES } from '../trace/plan.js';\nexport const n = STAGE_NAMES.length;\n"],
    ['the sandbox importing the engine', 'src/sandbox/zz-scratch.ts', "import { runTrace } from '../trace/engine.js';\nexport const r = runTrace;\n"],
    ['the sandbox importing the client layer', 'src/sandbox/zz-scratch.ts', "import { headerValue } from '../kube/headers.js';\nexport const h = headerValue;\n"],
    ['the engine importing a presenter', 'src/trace/zz-scratch.ts', "import { renderJson } from '../render/json.js';\nexport const r = renderJson;\n"],
    ['the engine importing the sandbox', 'src/trace/zz-scratch.ts', "import { startSandbox } from '../sandbox/index.js';\nexport const s = startSandbox;\n"],
    ['a renderer importing the UI', 'src/render/zz-scratch.ts', "import { App } from '../ui/App.js';\nexport const a = App;\n"],
  ];
  for (const [what, file, code] of cases) {
    it(`refuses ${what}`, async () => {
      const found = await problems(file, code);
      assert.ok(found.length > 0, `no problem reported for ${file}`);
      for (const p of found) assert.match(p, /^import-x\/no-restricted-paths: /);
    });
  }

  it('lets imports point down: the engine uses the kube layer and the printers', async () => {
    assert.deepEqual(await problems('src/trace/zz-scratch.ts', "import { headerValue } from '../kube/headers.js';\nimport { formatOutput } from '../format/index.js';\nexport const x = [headerValue, formatOutput];\n"), []);
  });
});
