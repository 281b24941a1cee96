// `npm run test:electron`: the app's real main process and preload in Electron, driven by Playwright, where the
// Electron binary is installed; a message and exit 0 where it is not (installs with ELECTRON_SKIP_BINARY_DOWNLOAD).
import { spawnSync } from 'node:child_process';
import { decideInstalledElectronRun } from './electron-binary';

const decision = decideInstalledElectronRun();
if (!decision.run) {
  (decision.exitCode === 0 ? console.log : console.error)(decision.message);
  process.exit(decision.exitCode);
}

const onWindows = process.platform === 'win32';
const step = (command: string, args: string[]): number => spawnSync(command, args, { stdio: 'inherit', shell: onWindows }).status ?? 1;

let status = step('npm', ['run', 'build']);
if (status === 0) status = step(process.execPath, ['scripts/ensure-native-binding.mjs', 'electron']);
if (status === 0) status = step('npx', ['vitest', 'run', '--config', 'test/e2e-electron/vitest.config.ts']);
// Leaves better-sqlite3 built for Node again, as the other test commands expect.
const restored = step(process.execPath, ['scripts/ensure-native-binding.mjs', 'node']);
process.exit(status === 0 ? restored : status);
