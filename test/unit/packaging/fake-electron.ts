import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The marker @electron/fuses looks for in an Electron binary; the fuse wire follows it. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
export const FUSE_ON = '1'.charCodeAt(0);
export const FUSE_OFF = '0'.charCodeAt(0);

/**
 * Electron's own fuse defaults, in wire order: RunAsNode on, cookie encryption off, NODE_OPTIONS on,
 * --inspect on, asar integrity off, asar only off, browser V8 snapshot off, file:// privileges on,
 * and a newer ninth fuse that @electron/fuses 1.x leaves alone.
 */
export const ELECTRON_DEFAULT_WIRE = [FUSE_ON, FUSE_OFF, FUSE_ON, FUSE_ON, FUSE_OFF, FUSE_OFF, FUSE_OFF, FUSE_ON, FUSE_ON];

/**
 * A stand-in for an Electron binary: a shell script that carries a fuse wire laid out as Electron's
 * does (sentinel, wire version 1, wire length, one byte per fuse), so @electron/fuses can read and flip it.
 */
export async function writeFakeElectronBinary(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const wire = Buffer.from([1, ELECTRON_DEFAULT_WIRE.length, ...ELECTRON_DEFAULT_WIRE]);
  const script = Buffer.from('#!/bin/sh\necho "stand-in for the Electron binary in packaging tests" >&2\nexit 1\n# ');
  await writeFile(file, Buffer.concat([script, Buffer.from(FUSE_SENTINEL), wire, Buffer.from('\n')]), { mode: 0o755 });
}

/** An unpacked Linux Electron distribution as electron-builder's `electronDist` expects it: the binary and resources/. */
export async function writeFakeLinuxElectronDist(dir: string): Promise<void> {
  await writeFakeElectronBinary(path.join(dir, 'electron'));
  await mkdir(path.join(dir, 'resources'), { recursive: true });
}

/**
 * The electron-builder overrides for a packaging run on a machine without Electron: a stand-in Electron
 * distribution made in `workDir`, no native rebuild (it needs Electron's headers from the network), and
 * the output in `workDir/release`.
 */
export async function standInPackagingOverrides(workDir: string): Promise<string[]> {
  const electronDist = path.join(workDir, 'electron-dist');
  await writeFakeLinuxElectronDist(electronDist);
  return [`-c.electronDist=${electronDist}`, '-c.npmRebuild=false', `-c.directories.output=${path.join(workDir, 'release')}`];
}
