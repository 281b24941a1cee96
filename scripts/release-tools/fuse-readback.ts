// Reads what `electron-fuses read` printed for a packaged binary and compares it with the fuses the afterPack hook
// flips (build-config/after-pack.mjs), so a build whose fuses were not written, or were reset, fails.
import { FuseV1Options } from '@electron/fuses';

export type FuseStateWord = 'Enabled' | 'Disabled' | 'Inherited' | 'Removed';

export interface FuseReadout {
  /** The fuse wire's version as printed, like `v1`. */
  version: string;
  /** Each fuse's state by the name the tool prints. */
  fuses: Map<string, string>;
}

export interface FuseDifference {
  fuse: string;
  expected: string;
  /** null: the binary's wire has no such fuse. */
  actual: string | null;
}

// chalk colours the output wherever it thinks colour is wanted (GitHub Actions' logs, for one).
const ANSI_ESCAPE = new RegExp(String.raw`\u001b\[[0-9;]*m`, 'g');
const FUSE_LINE = /^\s+(\S+) is (\S+)\s*$/;
const VERSION_LINE = /^Fuse Version: (\S+)\s*$/;

/** Parses the output of `electron-fuses read --app PATH`; throws when it holds no fuse wire. */
export function parseFuseReadout(output: string): FuseReadout {
  let version: string | null = null;
  const fuses = new Map<string, string>();
  for (const line of output.replace(ANSI_ESCAPE, '').split(/\r?\n/)) {
    const versionMatch = VERSION_LINE.exec(line);
    if (versionMatch) version = versionMatch[1] ?? null;
    const fuseMatch = version === null ? null : FUSE_LINE.exec(line);
    if (fuseMatch?.[1] && fuseMatch[2]) fuses.set(fuseMatch[1], fuseMatch[2]);
  }
  if (version === null) throw new Error('electron-fuses printed no "Fuse Version" line: it found no fuse wire in that file.');
  return { version, fuses };
}

/** The state each fuse in the list must have, by the name `electron-fuses read` prints. */
export function expectedFuseStates(fuses: Readonly<Partial<Record<FuseV1Options, boolean>>>): Map<string, FuseStateWord> {
  const expected = new Map<string, FuseStateWord>();
  for (const [index, on] of Object.entries(fuses)) {
    expected.set(FuseV1Options[Number(index)] ?? `fuse ${index}`, on ? 'Enabled' : 'Disabled');
  }
  return expected;
}

/** Every fuse in the list whose state in the binary differs (and the wire's version, which must be v1). */
export function fuseDifferences(readout: FuseReadout, expected: ReadonlyMap<string, FuseStateWord>): FuseDifference[] {
  const differences: FuseDifference[] = [];
  if (readout.version !== 'v1') differences.push({ fuse: 'Fuse Version', expected: 'v1', actual: readout.version });
  for (const [fuse, state] of expected) {
    const actual = readout.fuses.get(fuse) ?? null;
    if (actual !== state) differences.push({ fuse, expected: state, actual });
  }
  return differences;
}

/** One line per difference, for the build log. */
export function describeFuseDifferences(differences: readonly FuseDifference[]): string[] {
  return differences.map(({ fuse, expected, actual }) =>
    actual === null ? `${fuse}: expected ${expected}, but the binary has no such fuse` : `${fuse}: expected ${expected}, found ${actual}`,
  );
}
