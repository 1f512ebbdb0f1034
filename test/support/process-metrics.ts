import { readdirSync, readFileSync } from 'node:fs';

const clockTicks = 100;

/** Sums `measure(pid, statFields)` over every process of a process group (npm and what it started). */
function sumOverGroup(groupId: number, measure: (pid: string, stat: string[]) => number): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      // The command name in /proc/<pid>/stat may hold spaces: fields are counted after its ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === groupId) total += measure(pid, fields);
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

/** Proportional set size, in KiB, of a process group: shared pages are divided among their users. */
export function groupPssKiB(groupId: number): number {
  return sumOverGroup(groupId, (pid) => {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
  });
}

/**
 * CPU seconds a process group has used, with its finished children (a build, initdb): unlike the
 * wall-clock time, it hardly changes with what else runs on a shared machine.
 */
export function groupCpuSeconds(groupId: number): number {
  // utime, stime, cutime, cstime are fields 14-17 of stat, 11-14 once pid, comm and state are cut.
  return sumOverGroup(groupId, (_, f) => f.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / clockTicks);
}
