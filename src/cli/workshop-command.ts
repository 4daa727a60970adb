import type { WorkshopCliOptions } from './args.js';
import type { Io } from './main.js';

export function runWorkshopCommand(opts: WorkshopCliOptions, io: Io): Promise<number> {
  void opts;
  io.stderr.write('not yet\n');
  return Promise.resolve(1);
}
