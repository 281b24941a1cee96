import { describe, expect, it } from 'vitest';
import { chooseSmokeTarget, type SmokeSituation } from '../../../test/smoke/smoke-target';

const app = { folder: 'release/linux-unpacked', fuseTarget: 'release/linux-unpacked/asc-key-vault', executable: 'release/linux-unpacked/asc-key-vault' };
const here: SmokeSituation = { platform: 'linux', arch: 'x64', packagedApp: null, electronBinary: null, requirePackaged: false };

describe('what npm run smoke starts', () => {
  it('starts the packaged app when there is one, even where the Electron binary is installed too', () => {
    expect(chooseSmokeTarget({ ...here, packagedApp: app, electronBinary: '/e/electron' })).toEqual({ kind: 'packaged', app });
    expect(chooseSmokeTarget({ ...here, packagedApp: app, requirePackaged: true })).toEqual({ kind: 'packaged', app });
  });

  it('starts the built app with the installed Electron binary when nothing was packaged', () => {
    expect(chooseSmokeTarget({ ...here, electronBinary: '/e/electron' })).toEqual({ kind: 'development', electronBinary: '/e/electron' });
  });

  it('skips, saying why and where it does run, without a packaged app or the Electron binary', () => {
    const target = chooseSmokeTarget(here);
    expect(target.kind).toBe('skip');
    if (target.kind !== 'skip') return;
    expect(target.reason).toContain('no packaged app for linux-x64 in release/');
    expect(target.reason).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD=1');
    expect(target.reason).toContain('The release workflow runs it on macOS, Windows and Linux');
  });

  it('fails instead of skipping or falling back when the release workflow requires the packaged app', () => {
    for (const electronBinary of [null, '/e/electron']) {
      const target = chooseSmokeTarget({ ...here, electronBinary, requirePackaged: true });
      expect(target).toEqual({ kind: 'fail', reason: expect.stringContaining('needs the packaged app') });
    }
  });
});
