// `npm run smoke [-- --app FOLDER] [--release DIR] [--require-packaged] [--artifacts DIR]`: starts the packaged app (the
// unpacked folder `npm run package` leaves in release/, or FOLDER) with Playwright in a fresh user-data folder, creates a vault, imports
// a generated key, issues a token and verifies it with the key's public key, locks and quits. Without a packaged app it
// starts the built app with the installed Electron binary; without that either, it says why it skips and exits 0.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { _electron, type ElectronApplication } from 'playwright-core';
import { appNamesFrom } from '../../scripts/release-tools/app-names';
import { findPackagedApp, packagedAppAt } from '../../scripts/release-tools/packaged-app';
import { FIRST_WINDOW_TIMEOUT_MS, stubMainOpenDialog, walkThroughApp } from './drive-app';
import { installedElectronBinary } from '../e2e-electron/electron-binary';
import { inspectableCopy } from './smoke-copy';
import { generateFixtureKey, SMOKE_ISSUER_ID, SMOKE_PASSPHRASE } from './smoke-fixture';
import { chooseSmokeTarget } from './smoke-target';
import { tokenProblems } from './smoke-token';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    app: { type: 'string' },
    release: { type: 'string', default: path.join(root, 'release') },
    'require-packaged': { type: 'boolean', default: false },
    artifacts: { type: 'string', default: path.join(root, 'release', 'smoke') },
  },
});
const log = (line: string) => console.log(`[smoke] ${line}`);

function runOrExit(script: string, ...args: string[]): void {
  const run = spawnSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

const names = appNamesFrom(root);
const releaseDir = path.resolve(values.release);
const packagedApp = values.app
  ? packagedAppAt(path.resolve(values.app), process.platform, names)
  : findPackagedApp(releaseDir, existsSync(releaseDir) ? readdirSync(releaseDir) : [], process.platform, process.arch, names);
const target = chooseSmokeTarget({
  platform: process.platform,
  arch: process.arch,
  packagedApp,
  electronBinary: installedElectronBinary(),
  requirePackaged: values['require-packaged'],
});
if (target.kind === 'skip') {
  log(target.reason);
  process.exit(0);
}
if (target.kind === 'fail') {
  console.error(`[smoke] ${target.reason}`);
  process.exit(1);
}
if (target.kind === 'packaged' && !existsSync(target.app.executable)) {
  console.error(`[smoke] ${target.app.executable} does not exist: is ${target.app.folder} an unpacked ${process.platform} build of ${names.productName}?`);
  process.exit(1);
}

const workDir = mkdtempSync(path.join(os.tmpdir(), 'asc-smoke-'));
const userDataDir = path.join(workDir, 'user-data');
const artifactsDir = path.resolve(values.artifacts);
mkdirSync(artifactsDir, { recursive: true });
const key = generateFixtureKey('SMOKETEST1');
const keyFile = path.join(workDir, key.fileName);
writeFileSync(keyFile, key.pem, { mode: 0o600 });

let executablePath: string;
let appArgs: string[];
if (target.kind === 'packaged') {
  log(`copying ${target.app.folder} and turning on the copy's --inspect fuse for Playwright`);
  executablePath = (await inspectableCopy(target.app, workDir, process.platform)).executable;
  appArgs = [];
} else {
  log(`no packaged app; starting the built app with ${target.electronBinary}`);
  runOrExit('scripts/build.mjs');
  runOrExit('scripts/ensure-native-binding.mjs', 'electron');
  executablePath = target.electronBinary;
  appArgs = [root];
}

let app: ElectronApplication | null = null;
const output: string[] = [];
let failure: unknown = null;
try {
  log(`starting ${executablePath} with --user-data-dir=${userDataDir}`);
  app = await _electron.launch({ executablePath, args: [...appArgs, `--user-data-dir=${userDataDir}`], timeout: FIRST_WINDOW_TIMEOUT_MS });
  app.process().stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  app.process().stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const page = await app.firstWindow({ timeout: FIRST_WINDOW_TIMEOUT_MS });
  try {
    const token = await walkThroughApp(page, {
      key,
      keyFile,
      issuerId: SMOKE_ISSUER_ID,
      passphrase: SMOKE_PASSPHRASE,
      artifactsDir,
      log,
      answerOpenDialog: stubMainOpenDialog(app),
    });
    const problems = await tokenProblems(token, key.publicKey, { keyId: key.keyId, issuerId: SMOKE_ISSUER_ID });
    if (problems.length > 0) throw new Error(`The token the app issued is wrong: ${problems.join(' ')}`);
    log('the token verifies with the imported key’s public key');
  } catch (error) {
    await page.screenshot({ path: path.join(artifactsDir, 'failure.png') }).catch(() => undefined);
    throw error;
  }
  log('quitting');
  await app.close();
  app = null;
  if (!existsSync(path.join(userDataDir, 'vault.sqlite'))) throw new Error(`The app did not keep its vault in the user-data folder it was given (${userDataDir}).`);
  const keyBody = key.pem.split('\n')[1] ?? key.pem;
  if (output.some((text) => text.includes('PRIVATE KEY') || text.includes(keyBody))) throw new Error('The app printed private-key text on its output.');
} catch (error) {
  failure = error;
} finally {
  await app?.close().catch(() => undefined);
  // Windows may hold the copied binary a moment after the app quits.
  rmSync(workDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
}
if (failure !== null) {
  console.error(`[smoke] FAILED: ${failure instanceof Error ? failure.message : String(failure)}`);
  console.error(`[smoke] screenshots in ${artifactsDir}`);
  process.exit(1);
}
log(`passed: created a vault, imported ${key.fileName}, issued and verified a token, locked and quit; screenshots in ${artifactsDir}`);
