// Where the built-in workshop lives: workshops/builtin.yaml at the package root, beside lessons/
// (package.json ships both).
import { dirname, join } from 'node:path';
import { builtinLessonsDir } from '../lessons/index.js';

export function builtinWorkshopFile(): string {
  return join(dirname(builtinLessonsDir()), 'workshops', 'builtin.yaml');
}
