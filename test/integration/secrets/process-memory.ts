import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

const CHUNK = 16 * 1024 * 1024;

/** Occurrences of each needle in another process's readable memory (Linux: /proc/PID/maps and /proc/PID/mem). */
export function countInProcessMemory(pid: number, needles: Record<string, Buffer>): Record<string, number> {
  const counts = Object.fromEntries(Object.keys(needles).map((name) => [name, 0]));
  const overlap = Math.max(...Object.values(needles).map((needle) => needle.length)) - 1;
  const mem = openSync(`/proc/${pid}/mem`, 'r');
  try {
    for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').trim().split('\n')) {
      const [range = '', permissions = ''] = line.split(/\s+/);
      if (!permissions.startsWith('r') || /\[(vvar|vsyscall|vvar_vclock)\]/.test(line)) continue;
      const [start, end] = range.split('-').map((hex) => Number.parseInt(hex, 16)) as [number, number];
      for (let at = start; at < end; at += CHUNK - overlap) {
        const buffer = Buffer.alloc(Math.min(CHUNK, end - at));
        let read = 0;
        try {
          read = readSync(mem, buffer, 0, buffer.length, at);
        } catch {
          break; // a guard page or a mapping that went away
        }
        for (const [name, needle] of Object.entries(needles)) counts[name] = (counts[name] ?? 0) + occurrences(buffer.subarray(0, read), needle, at === start ? 0 : overlap);
        if (read < buffer.length) break;
      }
    }
  } finally {
    closeSync(mem);
  }
  return counts;
}

/** Occurrences in `haystack`, not counting those that lie wholly within its first `skip` bytes (seen in the chunk before). */
export function occurrences(haystack: Buffer, needle: Buffer, skip = 0): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    if (at + needle.length > skip) count += 1;
  }
  return count;
}
