// `npm run package -- [electron-builder arguments]`: electron-builder, with the deb package's publisher
// read from the environment (see build-config/deb-publisher.mjs). Refuses before packing anything when
// a deb would be built without it, rather than failing at the end of a long build.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildsDebPackage, debPublisherArguments, MISSING_PUBLISHER } from '../build-config/deb-publisher.mjs';

const args = process.argv.slice(2);
let publisherArgs = [];
if (buildsDebPackage(args, process.platform)) {
  const publisher = debPublisherArguments(process.env);
  const problem = 'problem' in publisher ? publisher.problem : publisher.args.length === 0 ? MISSING_PUBLISHER : null;
  if (problem) {
    console.error(problem);
    process.exit(2);
  }
  publisherArgs = publisher.args;
}
const electronBuilder = createRequire(import.meta.url).resolve('electron-builder/cli.js');
const run = spawnSync(process.execPath, [electronBuilder, ...args, ...publisherArgs], { stdio: 'inherit' });
if (run.error) console.error(`Could not run electron-builder: ${run.error.message}`);
process.exit(run.status ?? 1);
