// Builds the bundles: Electron main, the sandboxed preload, the renderer and the CLI.
// `node scripts/build.mjs cli` builds only the named targets, quietly (`npm run cli` runs it before every command).
import { build } from 'vite';

const TARGETS = {
  renderer: { configFile: 'vite.renderer.config.ts', output: 'dist/renderer/' },
  main: { configFile: 'vite.main.config.ts', output: 'dist/main/main.cjs' },
  preload: { configFile: 'vite.preload.config.ts', output: 'dist/preload/preload.cjs' },
  cli: { configFile: 'vite.cli.config.ts', output: 'dist/cli/cli.cjs' },
};

const named = process.argv.slice(2);
const unknown = named.filter((name) => !(name in TARGETS));
if (unknown.length > 0) {
  console.error(`unknown build target: ${unknown.join(', ')} (known: ${Object.keys(TARGETS).join(', ')})`);
  process.exit(2);
}
const chosen = named.length > 0 ? named : Object.keys(TARGETS);
for (const name of chosen) {
  await build({ configFile: TARGETS[name].configFile, logLevel: 'warn' });
}
// Only the full build reports: a named build runs before `npm run cli`, whose stdout must stay the command's own.
if (named.length === 0) console.log(`built ${chosen.map((name) => TARGETS[name].output).join(', ')}`);
