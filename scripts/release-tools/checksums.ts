// The SHA-256 list published beside a release's installers, in the format `sha256sum -c` and `shasum -a 256 -c` check.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** What electron-builder's targets write that a user downloads: dmg and zip, the NSIS installer, AppImage and deb. */
const ARTIFACT_EXTENSIONS = ['.dmg', '.zip', '.exe', '.AppImage', '.deb'];

export interface Checksum {
  name: string;
  sha256: string;
}

/** The installers and archives among the files of the release folder (not its unpacked folders, blockmaps or update metadata). */
export function releaseArtifacts(fileNames: readonly string[]): string[] {
  return fileNames.filter((name) => ARTIFACT_EXTENSIONS.some((extension) => name.endsWith(extension))).sort();
}

/** One `<hex>  <name>` line per file, sorted by name, as `sha256sum` prints them. */
export function formatChecksums(checksums: readonly Checksum[]): string {
  return [...checksums]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, sha256 }) => `${sha256}  ${name}\n`)
    .join('');
}

/** The SHA-256 of a file, read as a stream (installers are a hundred megabytes or more). */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
