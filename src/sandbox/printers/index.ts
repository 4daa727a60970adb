// Server-side Table printers of the sandbox API server (ported from kube-apiserver v1.28).
export { buildTable, printTable } from './table.js';
export type { PrintableResource, IncludeObject, PrintTableOptions } from './table.js';
export { humanDuration, shortHumanDuration } from '../../duration/human-duration.js';
