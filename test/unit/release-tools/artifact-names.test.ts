import { readFileSync } from 'node:fs';
import type { Configuration } from 'electron-builder';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { releaseArtifacts } from '../../../scripts/release-tools/checksums';

const config = load(readFileSync('electron-builder.yml', 'utf8')) as Configuration;
const { name, version } = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string };

/** electron-builder's macros, filled in as it fills them for one build. */
const expand = (pattern: string | null | undefined, arch: string, ext: string) =>
  (pattern ?? '').replace('${name}', name).replace('${version}', version).replace('${arch}', arch).replace('${ext}', ext);

describe('the names of the downloads', () => {
  // GitHub turns spaces in a release asset's name into dots, and the published SHA256SUMS would then name files that are not there.
  it.each([
    ['the macOS dmg', expand(config.mac?.artifactName, 'arm64', 'dmg')],
    ['the macOS zip', expand(config.mac?.artifactName, 'arm64', 'zip')],
    ['the Windows installer', expand(config.nsis?.artifactName, 'x64', 'exe')],
    ['the AppImage', expand(config.appImage?.artifactName, 'x86_64', 'AppImage')],
  ])('%s has no spaces, says its version and architecture, and is listed in the checksums: %s', (_what, fileName) => {
    expect(fileName).toMatch(new RegExp(`^${name}-${version.replaceAll('.', '\\.')}-[a-z-]*?(arm64|x64|x86_64)\\.\\w+$`));
    expect(releaseArtifacts([fileName])).toEqual([fileName]);
  });
});
