import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedElectronBinary } from '../../e2e-electron/electron-binary';

// Where the binary is installed, `npm run smoke` really starts the app; these run where it is not, like this CI.
describe.skipIf(installedElectronBinary() !== null)('npm run smoke without the Electron binary', () => {
  let emptyRelease: string;
  beforeAll(async () => {
    emptyRelease = await mkdtemp(path.join(os.tmpdir(), 'asc-smoke-release-'));
  });
  afterAll(async () => {
    await rm(emptyRelease, { recursive: true, force: true });
  });
  const smoke = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'test/smoke/smoke.ts', ...args], { encoding: 'utf8' });

  it('says that it skips and why, and exits 0', () => {
    const run = smoke('--release', emptyRelease);
    expect(run.stdout).toMatch(/^\[smoke\] Skipped the smoke test: there is no packaged app for \S+ in release\/.*the Electron binary is not installed/);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('fails rather than skips under the release workflow’s --require-packaged', () => {
    const run = smoke('--release', emptyRelease, '--require-packaged');
    expect(run.stderr).toContain('The smoke test needs the packaged app');
    expect(run.status).toBe(1);
  });

  it('fails, naming the missing program, when --app names a folder without the app', () => {
    const run = smoke('--app', path.join(emptyRelease, 'linux-unpacked'));
    expect(run.stderr).toContain('does not exist');
    expect(run.status).toBe(1);
  });
});
