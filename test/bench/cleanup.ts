/**
 * Process groups of child servers a scenario started and has not stopped yet. The harness kills
 * whatever is left here (SIGKILL) when a scenario times out, and `run.ts` does before it exits,
 * so no child outlives the run.
 */
const groups = new Set<number>();

/** Notes a child's process group (the child was spawned `detached`). Returns a forget function. */
export function trackGroup(pgid: number | undefined): () => void {
  if (!pgid) {
    return () => {};
  }
  groups.add(pgid);
  return () => groups.delete(pgid);
}

/** SIGKILLs every tracked process group that is still there. */
export function killTrackedGroups(): number {
  let killed = 0;
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
      killed += 1;
    } catch {
      // already gone
    }
    groups.delete(pgid);
  }
  return killed;
}
