// `npm run lint:workflows [-- FOLDER]`: checks every GitHub Actions workflow in .github/workflows (or FOLDER) against
// GitHub's workflow schema with action-validator, so a broken workflow fails here rather than on push.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const folder = path.resolve(process.argv[2] ?? '.github/workflows');
const validator = path.join(path.dirname(createRequire(import.meta.url).resolve('@action-validator/cli/package.json')), 'cli.mjs');
const workflows = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort();
if (workflows.length === 0) {
  console.error(`No workflow files (.yml, .yaml) in ${folder}.`);
  process.exit(1);
}

let failed = 0;
for (const name of workflows) {
  const run = spawnSync(process.execPath, [validator, path.join(folder, name)], { encoding: 'utf8' });
  if (run.status === 0) {
    console.log(`ok ${name}`);
  } else {
    failed += 1;
    console.error(`not ok ${name}\n${run.stderr || run.stdout}`);
  }
}
if (failed > 0) process.exit(1);
