// electron-builder `afterPack` hook: flips Electron's fuses in the packed app. It runs before signing,
// which is required: flipping a fuse rewrites the binary and would break its signature.
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** The fuses every packaged build ships with (https://www.electronjs.org/docs/latest/tutorial/fuses). */
export const FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE, NODE_OPTIONS and --inspect would each let anyone run code as the signed app.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Cookies and other Chromium storage are encrypted with a key held by the OS keychain.
  [FuseV1Options.EnableCookieEncryption]: true,
  // Load the app only from app.asar, and only when it matches the hash electron-builder embeds
  // (Info.plist on macOS, a resource on Windows; Electron does not check it on Linux).
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // The renderer is served from app://, so file:// needs none of the extra privileges Electron grants it by default.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
});

/** The options given to `flipFuses` for one platform. */
export function fuseConfigFor(platform) {
  // Flipping fuses invalidates the ad-hoc signature an arm64 Mac needs to launch the app at all.
  return { version: FuseVersion.V1, resetAdHocDarwinSignature: platform === 'darwin', ...FUSES };
}

/** Where electron-builder put the Electron binary; for macOS the .app, inside which @electron/fuses finds the framework. */
export function electronBinaryPath({ appOutDir, electronPlatformName, packager }) {
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      // Linux names the binary after the package (`asc-key-vault`), not the product.
      return path.join(appOutDir, packager.executableName);
    default:
      throw new Error(`No Electron binary layout known for platform "${electronPlatformName}"`);
  }
}

/** The hook electron-builder calls (its default export); `flip` is there for the tests. */
export default async function afterPack(context, flip = flipFuses) {
  await flip(electronBinaryPath(context), fuseConfigFor(context.electronPlatformName));
}
