// `npm run package -- [electron-builder arguments]`: electron-builder, with the deb package's publisher
// read from the environment (see build-config/deb-publisher.mjs). Refuses before packing anything when
// a deb would be built without it, rather than failing at the end of a long build.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildsDebPackage, debPublisherArguments, MISSING_PUBLISHER } from '../build-config/deb-publisher.mjs';

const args = process.argv.slice(2);
const publisher = debPublisherArguments(process.env);
if ('problem' in publisher) {
  console.error(publisher.problem);
  process.exit(2);
}
if (publisher.args.length === 0 && buildsDebPackage(args, process.platform)) {
  console.error(MISSING_PUBLISHER);
  process.exit(2);
}
const electronBuilder = createRequire(import.meta.url).resolve('electron-builder/cli.js');
process.exit(spawnSync(process.execPath, [electronBuilder, ...args, ...publisher.args], { stdio: 'inherit' }).status ?? 1);
