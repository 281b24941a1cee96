import { describe, expect, it } from 'vitest';
import { decideElectronRun, type ElectronBinaryContext } from '../../e2e-electron/electron-binary';

const PACKAGE = '/repo/node_modules/electron';

/** An electron package whose path.txt says `pathTxt` (null: none), on a machine where only `files` exist. */
function install(pathTxt: string | null, files: string[], env: Record<string, string> = { DISPLAY: ':0' }, platform: NodeJS.Platform = 'linux'): ElectronBinaryContext {
  return {
    packageDir: PACKAGE,
    platform,
    env,
    readFile: (file) => (file === `${PACKAGE}/path.txt` ? pathTxt : null),
    exists: (file) => files.includes(file),
  };
}

describe('whether npm run test:electron runs', () => {
  it('runs the binary the electron package downloaded', () => {
    expect(decideElectronRun(install('electron', [`${PACKAGE}/dist/electron`]))).toEqual({ run: true, executablePath: `${PACKAGE}/dist/electron` });
    expect(decideElectronRun(install('Electron.app/Contents/MacOS/Electron', [`${PACKAGE}/dist/Electron.app/Contents/MacOS/Electron`], {}, 'darwin'))).toEqual({
      run: true,
      executablePath: `${PACKAGE}/dist/Electron.app/Contents/MacOS/Electron`,
    });
  });

  it('runs the binary ELECTRON_OVERRIDE_DIST_PATH points at, as the electron package does', () => {
    expect(decideElectronRun(install(null, ['/opt/electron/electron'], { DISPLAY: ':0', ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }))).toEqual({
      run: true,
      executablePath: '/opt/electron/electron',
    });
  });

  it('is skipped, saying so and exiting 0, when the install skipped the download', () => {
    const decision = decideElectronRun(install(null, [], { DISPLAY: ':0', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }));

    expect(decision).toEqual({
      run: false,
      exitCode: 0,
      message:
        'npm run test:electron: skipped, because the Electron binary is missing: it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD set. ' +
        "On a machine that can reach Electron's release host, `node node_modules/electron/install.js` downloads it.",
    });
  });

  it('is skipped when the downloaded binary is gone, naming where it should be', () => {
    const decision = decideElectronRun(install('electron', []));

    expect(decision).toMatchObject({ run: false, exitCode: 0 });
    expect(decision.run || decision.message).toMatch(/^npm run test:electron: skipped, because the Electron binary is missing \(no \/repo\/node_modules\/electron\/dist\/electron\)\./);
  });

  it('fails, rather than skips, on Linux without a display, and says how to give it one', () => {
    const decision = decideElectronRun(install('electron', [`${PACKAGE}/dist/electron`], {}));

    expect(decision).toEqual({ run: false, exitCode: 1, message: expect.stringContaining('xvfb-run npm run test:electron') });
    expect(decideElectronRun(install('electron', [`${PACKAGE}/dist/electron`], { WAYLAND_DISPLAY: 'wayland-0' }))).toMatchObject({ run: true });
  });
});
