// Where electron-builder leaves the unpacked app it builds the installers from (`release/<folder>`).
import path from 'node:path';

export interface AppNames {
  /** package.json `productName`: the .app and .exe are named after it. */
  productName: string;
  /** package.json `name`: electron-builder names the Linux binary after the package. */
  executableName: string;
}

export interface PackagedApp {
  /** The unpacked app's folder, as electron-builder wrote it. */
  folder: string;
  /** What `@electron/fuses` reads: the .app bundle on macOS, the binary elsewhere. */
  fuseTarget: string;
  /** The program to start. */
  executable: string;
}

// electron-builder's output folder for each platform and architecture; a universal macOS build runs on both.
const UNPACKED_FOLDERS: Record<string, Record<string, string[]>> = {
  linux: { x64: ['linux-unpacked'], arm64: ['linux-arm64-unpacked'] },
  win32: { x64: ['win-unpacked'], arm64: ['win-arm64-unpacked'], ia32: ['win-ia32-unpacked'] },
  darwin: { x64: ['mac', 'mac-universal'], arm64: ['mac-arm64', 'mac-universal'] },
};

/** The folder names electron-builder would use for this platform and architecture, most specific first. */
export function unpackedFolderNames(platform: string, arch: string): string[] {
  return UNPACKED_FOLDERS[platform]?.[arch] ?? [];
}

/** The app inside one unpacked folder, laid out as electron-builder lays it out on that platform. */
export function packagedAppAt(folder: string, platform: string, names: AppNames): PackagedApp {
  switch (platform) {
    case 'darwin': {
      const bundle = path.join(folder, `${names.productName}.app`);
      return { folder, fuseTarget: bundle, executable: path.join(bundle, 'Contents', 'MacOS', names.productName) };
    }
    case 'win32': {
      const binary = path.join(folder, `${names.productName}.exe`);
      return { folder, fuseTarget: binary, executable: binary };
    }
    case 'linux': {
      const binary = path.join(folder, names.executableName);
      return { folder, fuseTarget: binary, executable: binary };
    }
    default:
      throw new Error(`No packaged app layout known for platform "${platform}"`);
  }
}

/**
 * The packaged app for this platform and architecture among the entries of the release folder, or null when
 * none was built here (`npm run package` makes one).
 */
export function findPackagedApp(releaseDir: string, entries: readonly string[], platform: string, arch: string, names: AppNames): PackagedApp | null {
  const folder = unpackedFolderNames(platform, arch).find((name) => entries.includes(name));
  return folder === undefined ? null : packagedAppAt(path.join(releaseDir, folder), platform, names);
}
