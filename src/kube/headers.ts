// Header lists as the kube layer records them: name/value pairs in wire order.
import type { NameValue } from './types.js';

/** The first value of a header, matched case-insensitively as HTTP names are; null when absent. */
export function headerValue(headers: readonly NameValue[], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value ?? null;
}
