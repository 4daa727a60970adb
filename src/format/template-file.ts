// Reading the file of -o jsonpath-file=FILE / -o custom-columns-file=FILE. kubectl reads it after its
// request, when it builds the printer, relative to its working directory; the engine calls this at
// the format stage (so a recording keeps what was read) and passes the result to formatOutput.

import { readFileSync } from 'node:fs';
import type { TemplateFileRead } from './types.js';

// syscall.Errno's texts for the errors a template path can meet.
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
};

function errorCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
}

function errnoText(e: unknown): string {
  const code = errorCode(e);
  return ERRNO_TEXT[code] ?? (e instanceof Error ? e.message : String(e));
}

export function readTemplateFile(path: string): TemplateFileRead {
  try {
    return { path, text: readFileSync(path, 'utf8'), openError: null, readError: null };
  } catch (e) {
    const code = errorCode(e);
    // os.Open of a directory succeeds; it is the read that fails.
    if (code === 'EISDIR') return { path, text: null, openError: null, readError: `read ${path}: ${errnoText(e)}` };
    return { path, text: null, openError: `open ${path}: ${errnoText(e)}`, readError: null };
  }
}
