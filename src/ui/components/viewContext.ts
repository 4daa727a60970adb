// What every stage view needs to lay out its live panel: the width, and the lesson's look_at fields
// (dotted paths into the stage's data) so rows showing those fields can be highlighted. Views record
// the paths they showed in `seen`; the panel lists the others separately so none is lost.

export interface ViewContext {
  width: number;
  lookAt: Map<string, string>;
  seen: Set<string>;
}

export function makeViewContext(width: number, lookAt: { field: string; note: string }[] = []): ViewContext {
  return { width, lookAt: new Map(lookAt.map((l) => [l.field, l.note])), seen: new Set() };
}
