// One colour policy for every presenter: off for NO_COLOR and for a dumb terminal, forced on or off by
// FORCE_COLOR, otherwise on for a terminal only.

export function colorEnabled(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY && env['TERM'] !== 'dumb';
}
