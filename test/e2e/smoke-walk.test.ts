import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkThroughApp } from '../smoke/drive-app';
import { generateFixtureKey, SMOKE_ISSUER_ID, SMOKE_PASSPHRASE } from '../smoke/smoke-fixture';
import { tokenProblems } from '../smoke/smoke-token';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';

// The packaged-app smoke test (npm run smoke) needs the Electron binary; its walk through the screens runs here against
// the same renderer and main services, so a change to the screens that would break it fails in npm test.
describe('the smoke test’s walk through the app', () => {
  let harness: AppHarness;
  let workDir: string;
  beforeAll(async () => {
    harness = await startAppHarness();
    harness.addSecret(SMOKE_PASSPHRASE);
    workDir = mkdtempSync(path.join(os.tmpdir(), 'asc-smoke-walk-'));
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('creates a vault, imports a generated key through main’s dialog, issues a token that verifies, and locks', async () => {
    const key = generateFixtureKey('SMOKETEST1');
    const keyFile = path.join(workDir, key.fileName);
    writeFileSync(keyFile, key.pem);
    harness.addSecret(key.pem);
    const page = await harness.openPage('smoke-walk');
    const steps: string[] = [];

    const token = await walkThroughApp(page, {
      key,
      keyFile,
      issuerId: SMOKE_ISSUER_ID,
      passphrase: SMOKE_PASSPHRASE,
      artifactsDir: workDir,
      log: (line) => steps.push(line),
      answerOpenDialog: async (file) => harness.queueDialogAnswer(file),
    });

    expect(await tokenProblems(token, key.publicKey, { keyId: 'SMOKETEST1', issuerId: SMOKE_ISSUER_ID })).toEqual([]);
    expect(harness.vault.isUnlocked).toBe(false);
    expect(existsSync(path.join(workDir, 'first-screen-light.png'))).toBe(true);
    expect(existsSync(path.join(workDir, 'first-screen-dark.png'))).toBe(true);
    expect(steps).toEqual([
      '… first screen: Create your vault',
      '… create the vault',
      '… import AuthKey_SMOKETEST1.p8 through main\'s open dialog',
      '… issue an App Store Connect API token',
      '… lock the vault',
    ]);
    expectNoKeyMaterial(harness.transport.responses);
  });
});
