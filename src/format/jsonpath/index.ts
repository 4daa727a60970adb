// client-go's jsonpath (k8s.io/client-go/util/jsonpath), the dialect of kubectl's -o jsonpath,
// custom-columns and --sort-by. See parser.ts for why it is a port and not a JSONPath library.

import { JsonPath, JsonPathExecError, type JsonPathOptions } from './evaluate.js';
import { JsonPathParseError, parseJsonPath } from './parser.js';
import { goVal, type GoVal } from './values.js';

export { JsonPath, JsonPathExecError, JsonPathParseError, goVal, parseJsonPath };
export type { GoVal, JsonPathOptions };
export { rawOf, unbox } from './values.js';

/** jsonpath.New(name).Parse(template): throws JsonPathParseError with the parser's message. */
export function compileJsonPath(template: string, opts: Partial<JsonPathOptions> = {}): JsonPath {
  return new JsonPath(parseJsonPath(template), { allowMissingKeys: false, outputJSON: false, kubectlMinor: 32, ...opts });
}

/** The top-level object a printer hands to FindResults (an unstructured map, not in an interface). */
export function topLevel(obj: unknown): GoVal {
  return goVal(obj, false);
}

// RelaxedJSONPathExpression (kubectl/pkg/cmd/get/customcolumn.go): metadata.name, .metadata.name,
// {metadata.name} and {.metadata.name} all become {.metadata.name}.
const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

export class RelaxedPathError extends Error {}

export function relaxedJsonPathExpression(pathExpression: string): string {
  if (pathExpression.length === 0) return pathExpression;
  const m = RELAXED.exec(pathExpression);
  if (m === null) throw new RelaxedPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] ?? m[2] ?? ''}}`;
}
