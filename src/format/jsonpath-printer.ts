// -o jsonpath=…, -o jsonpath-file=…, -o jsonpath-as-json=…: cli-runtime's JSONPathPrinter over the
// object kubectl get hands it (one object by name, else the List it built), written straight to stdout
// (no tab writer, no trailing newline of its own). Whole objects are printed, so the request for these
// formats asks for JSON, not a Table (see request-needs.ts).

import { goQuote, goSyntax } from './go-fmt.js';
import { JsonPathExecError, JsonPathParseError, compileJsonPath, topLevel, type JsonPath } from './jsonpath/index.js';

export interface JsonPathPrinterOptions {
  allowMissingKeys: boolean;
  outputJSON: boolean;
  kubectlMinor: number;
}

export interface PrinterOutcome {
  /** What reached stdout before the printer stopped. */
  text: string;
  /** The Go error's text (kubectl prints "error: " and it), or null. */
  error: string | null;
}

/** NewJSONPathPrinter: the compiled template, or the error kubectl's print flags return for it. */
export function newJsonPathPrinter(template: string, opts: JsonPathPrinterOptions): { printer: JsonPath } | { error: string } {
  try {
    return { printer: compileJsonPath(template, opts) };
  } catch (e) {
    if (e instanceof JsonPathParseError) return { error: `error parsing jsonpath ${template}, ${e.message}\n` };
    throw e;
  }
}

/** JSONPathPrinter.PrintObj: Execute, and on failure the debugging message with a %#v dump of the object. */
export function printJsonPath(printer: JsonPath, rawTemplate: string, obj: unknown): PrinterOutcome {
  let results;
  try {
    results = printer.findResults(topLevel(obj));
  } catch (e) {
    if (!(e instanceof JsonPathExecError)) throw e;
    const buf =
      `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${rawTemplate}\n` +
      `\tobject given to jsonpath engine was:\n\t\t${goSyntax(obj)}\n\n`;
    return { text: '', error: `error executing jsonpath ${goQuote(rawTemplate)}: ${buf}\n` };
  }
  return { text: results.map((r) => printer.printResults(r)).join(''), error: null };
}
