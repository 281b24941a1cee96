// `npm run check:fuses [-- --app PATH]`: reads the fuses back from the packaged binary with `electron-fuses read`
// and fails on any that differ from the list the afterPack hook flips. Without --app it reads the app
// `npm run package` left in release/ for this platform.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FUSES } from '../../build-config/after-pack.mjs';
import { appNamesFrom } from './app-names';
import { describeFuseDifferences, expectedFuseStates, fuseDifferences, parseFuseReadout } from './fuse-readback';
import { findPackagedApp } from './packaged-app';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { app: { type: 'string' } } });

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const releaseDir = path.join(root, 'release');
const target =
  values.app ??
  findPackagedApp(releaseDir, existsSync(releaseDir) ? readdirSync(releaseDir) : [], process.platform, process.arch, appNamesFrom(root))?.fuseTarget ??
  fail(`No packaged app for ${process.platform}-${process.arch} in release/: run \`npm run package\` first, or name one with --app PATH.`);
if (!existsSync(target)) fail(`${target} does not exist.`);

// The package's own command line, as `npx @electron/fuses read` would run it, without asking the registry.
const fusesPackage = createRequire(import.meta.url).resolve('@electron/fuses/package.json');
const read = spawnSync(process.execPath, [path.join(path.dirname(fusesPackage), 'dist', 'bin.js'), 'read', '--app', target], { encoding: 'utf8' });
process.stdout.write(read.stdout);
if (read.status !== 0) fail(`electron-fuses read failed (exit ${read.status}): ${read.stderr || read.error?.message}`);

const differences = fuseDifferences(parseFuseReadout(read.stdout), expectedFuseStates(FUSES));
if (differences.length > 0) fail(['The packaged binary’s fuses differ from build-config/after-pack.mjs:', ...describeFuseDifferences(differences)].join('\n  '));
console.log(`All ${Object.keys(FUSES).length} fuses in ${path.relative(root, target) || target} are as build-config/after-pack.mjs sets them.`);
