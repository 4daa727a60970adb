// get -w's printing, shared by the format stage (the list, printed first) and the watch stage (each
// event, printed after the list with the same printer and tab writer, as kubectl does).
import { DEFAULT_PRINT_FLAGS, WatchPrinter } from '../../format/index.js';
import type { GetCommand } from '../command.js';
import { minorOf } from '../kubectl/identity.js';
import type { StepResults } from '../steps/types.js';

/** The list's printer, fed the list (returned as `listOutput`), ready for the events; null before discovery. */
export function watchPrinterAfterList(cmd: GetCommand, steps: StepResults): { printer: WatchPrinter; listOutput: string } | null {
  const { config, discovery, list, versions } = steps;
  if (config === undefined || !config.ok || discovery === undefined || !discovery.ok || list === undefined) return null;
  const m = discovery.mapping;
  const lastAt = list.pages[list.pages.length - 1]?.exchange.at;
  const printer = new WatchPrinter({
    print: { ...DEFAULT_PRINT_FLAGS, ...(cmd.print ?? { output: cmd.output === 'table' ? '' : cmd.output }) },
    allNamespaces: config.data.namespace.source === 'all-namespaces',
    watchOnly: cmd.watch?.only === true,
    outputWatchEvents: cmd.watch?.outputEvents === true,
    resource: { kind: m.kind, group: m.group, version: m.version, resource: m.resource, namespaced: m.namespaced },
    kubectlMinor: versions ? minorOf(versions.kubectl) : 32,
    now: lastAt ? new Date(lastAt) : new Date(0),
  });
  const listOutput = printer.printList(list.pages.map((p) => p.body));
  return { printer, listOutput };
}

/** The warning get.go's Complete prints for -w with --sort-by. */
export function watchWarnings(cmd: GetCommand): string {
  return cmd.watch !== undefined && (cmd.print?.sortBy ?? '') !== '' ? 'warning: --watch or --watch-only requested, --sort-by will be ignored\n' : '';
}
