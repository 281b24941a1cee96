// better-sqlite3 is a native addon: Node (tests, CLI) and Electron (the app) need builds for
// different ABIs. This checks the current build by loading it in the runtime named on the command
// line and rebuilds only when it does not load, so `npm test` and `npm start` can follow each other.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const runtime = process.argv[2];
const require = createRequire(import.meta.url);
const probe = "new (require('better-sqlite3'))(':memory:').close()";
const run = (command, args, env = {}) =>
  spawnSync(command, args, { stdio: 'pipe', env: { ...process.env, ...env }, shell: process.platform === 'win32' });

function electronBinary() {
  try {
    return require('electron'); // the electron package's main export is the binary's path
  } catch {
    return null;
  }
}

if (runtime === 'node') {
  if (run(process.execPath, ['-e', probe]).status !== 0) {
    console.log('[native] rebuilding better-sqlite3 for Node');
    process.exit(spawnSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1);
  }
} else if (runtime === 'electron') {
  const binary = electronBinary();
  if (!binary) {
    console.error('Electron is not installed. Run `npm install` on a machine that can download it.');
    process.exit(1);
  }
  if (run(binary, ['-e', probe], { ELECTRON_RUN_AS_NODE: '1' }).status !== 0) {
    console.log('[native] rebuilding better-sqlite3 for Electron');
    process.exit(spawnSync('npx', ['--no-install', 'electron-builder', 'install-app-deps'], { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1);
  }
} else {
  console.error('usage: ensure-native-binding.mjs node|electron');
  process.exit(2);
}
