/** A group of files analysed together: one project's files, or a slice of a large project's. */
interface Unit<T> {
  readonly key: string;
  readonly items: readonly T[];
}

/**
 * The part `index` (1-based) of `count` of a run: a deterministic partition by
 * project and file, so a CI matrix spreads a large monorepo over machines.
 *
 * Files of one project stay together where possible, because each machine
 * builds the program of every project it touches; a project larger than a fair
 * share is cut into slices of consecutive files. Units are then dealt out
 * largest first to the least loaded part (ties by name), which depends only on
 * the projects' names and their sorted files: every machine of the matrix
 * computes the same partition, and the parts together hold every file once.
 */
export function shardOf<T>(groups: ReadonlyMap<string, readonly T[]>, index: number, count: number): T[] {
  if (count <= 1) return [...groups.values()].flat();
  const total = [...groups.values()].reduce((sum, items) => sum + items.length, 0);
  const fairShare = Math.max(1, Math.ceil(total / count));
  const units: Unit<T>[] = [];
  for (const key of [...groups.keys()].sort()) {
    const items = groups.get(key)!;
    if (items.length <= fairShare) {
      units.push({ key, items });
      continue;
    }
    const slices = Math.ceil(items.length / fairShare);
    const size = Math.ceil(items.length / slices);
    for (let slice = 0; slice < slices; slice++) {
      units.push({ key: `${key}#${String(slice).padStart(6, '0')}`, items: items.slice(slice * size, (slice + 1) * size) });
    }
  }
  units.sort((a, b) => b.items.length - a.items.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const loads = new Array<number>(count).fill(0);
  const parts: T[][] = Array.from({ length: count }, () => []);
  for (const unit of units) {
    let lightest = 0;
    for (let part = 1; part < count; part++) if (loads[part] < loads[lightest]) lightest = part;
    loads[lightest] += unit.items.length;
    parts[lightest].push(...unit.items);
  }
  return parts[index - 1];
}
