// Rewrites the usage block of README.md from the flag tables (src/cli/usage.ts); a test fails when
// the README's block differs, so run this after changing a flag: node --import tsx scripts/readme-usage.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { usageBlock } from '../src/cli/usage.ts';

const file = new URL('../README.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
const begin = '<!-- usage:begin (generated from the flag tables: node --import tsx scripts/readme-usage.mjs) -->';
const end = '<!-- usage:end -->';
const block = `${begin}\n\`\`\`\n${usageBlock().join('\n')}\n\`\`\`\n${end}`;
const i = readme.indexOf(begin);
const j = readme.indexOf(end);
if (i < 0 || j < 0) throw new Error('README.md has no usage markers');
writeFileSync(file, readme.slice(0, i) + block + readme.slice(j + end.length));
