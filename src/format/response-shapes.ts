// The shapes of the decoded response bodies the printers accept, and guards to tell them apart.
// Bodies arrive as `unknown` (decoded JSON); nothing here trusts them beyond what it checks.

export type JsonObject = Record<string, unknown>;

export interface ServerColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface ServerTableRow {
  cells: unknown[];
  /** The row's object (PartialObjectMetadata by default), when the server included it. */
  object: JsonObject | null;
}

export interface ServerTable {
  columnDefinitions: ServerColumnDefinition[];
  rows: ServerTableRow[];
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function isTableBody(body: unknown): boolean {
  return isJsonObject(body) && body['kind'] === 'Table';
}

/** A list body: has an `items` array (PodList, List, …). */
export function isListBody(body: unknown): body is JsonObject & { items: unknown[] } {
  return isJsonObject(body) && Array.isArray(body['items']);
}

export function toServerTable(body: JsonObject): ServerTable {
  const defs = Array.isArray(body['columnDefinitions']) ? body['columnDefinitions'] : [];
  const rows = Array.isArray(body['rows']) ? body['rows'] : [];
  return {
    columnDefinitions: defs.filter(isJsonObject).map((d) => ({
      name: str(d['name']),
      type: str(d['type']),
      format: str(d['format']),
      description: str(d['description']),
      priority: typeof d['priority'] === 'number' ? d['priority'] : 0,
    })),
    rows: rows.filter(isJsonObject).map((r) => ({
      cells: Array.isArray(r['cells']) ? [...(r['cells'] as unknown[])] : [],
      object: isJsonObject(r['object']) ? r['object'] : null,
    })),
  };
}

export function metadataOf(obj: JsonObject | null | undefined): JsonObject | null {
  if (!obj) return null;
  const m = obj['metadata'];
  return isJsonObject(m) ? m : null;
}

export function metadataString(obj: JsonObject | null | undefined, field: string): string {
  return str(metadataOf(obj)?.[field]);
}

/**
 * The objects of a list body, as kubectl's unstructured decoder sees them: a typed list (PodList)
 * does not repeat apiVersion/kind on its items, so they are filled in from the list's.
 */
export function listItems(body: JsonObject & { items: unknown[] }): JsonObject[] {
  const listKind = str(body['kind']);
  const itemKind = listKind.endsWith('List') ? listKind.slice(0, -'List'.length) : listKind;
  const apiVersion = str(body['apiVersion']);
  return body.items.filter(isJsonObject).map((item) => {
    if (str(item['kind']) === '' && str(item['apiVersion']) === '') {
      return { ...item, kind: itemKind, apiVersion };
    }
    return item;
  });
}

/** Every object the pages hold, in order (items of lists, or the single objects themselves). */
export function objectsOfPages(pages: unknown[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const page of pages) {
    if (isListBody(page)) out.push(...listItems(page));
    else if (isTableBody(page) && isJsonObject(page)) {
      // Only reached when a Table is printed as objects: its rows carry (partial) objects.
      for (const row of toServerTable(page).rows) if (row.object) out.push(row.object);
    } else if (isJsonObject(page)) out.push(page);
  }
  return out;
}
