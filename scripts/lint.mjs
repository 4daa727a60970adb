// The linter, as `npm test` runs it before the tests: typescript-eslint (strict, type-aware) and the
// layer rules of eslint.layers.js over src/. Exits non-zero on any problem.
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });
const results = await eslint.lintFiles(['src']);
const formatter = await eslint.loadFormatter('stylish');
const text = await formatter.format(results);
const problems = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
if (problems > 0) {
  process.stderr.write(text);
  process.exit(1);
}
console.error(`lint: ${results.length} files, no problems`);
