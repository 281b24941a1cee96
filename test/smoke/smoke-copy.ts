// Playwright drives Electron's main process through Node's inspector (`--inspect`), which the shipped app's
// EnableNodeCliInspectArguments fuse turns off. The smoke test therefore starts a copy of the packaged app with only
// that fuse turned back on; the shipped files are never changed, and `npm run check:fuses` reads their fuses.
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import type { PackagedApp } from '../../scripts/release-tools/packaged-app';

/** Where the same files sit in a copy of the app's folder. */
export function relocatePackagedApp(app: PackagedApp, folder: string): PackagedApp {
  const moved = (file: string) => path.join(folder, path.relative(app.folder, file));
  return { folder, fuseTarget: moved(app.fuseTarget), executable: moved(app.executable) };
}

/** Copies the packaged app into `workDir` and turns on the copy's --inspect fuse, for Playwright. */
export async function inspectableCopy(app: PackagedApp, workDir: string, platform: string): Promise<PackagedApp> {
  const copy = relocatePackagedApp(app, path.join(workDir, path.basename(app.folder)));
  // verbatimSymlinks keeps a macOS framework's relative links (Versions/Current) pointing inside the copy.
  await cp(app.folder, copy.folder, { recursive: true, verbatimSymlinks: true });
  // The flip rewrites the binary, so a macOS copy needs its ad-hoc signature redone to start.
  await flipFuses(copy.fuseTarget, { version: FuseVersion.V1, resetAdHocDarwinSignature: platform === 'darwin', [FuseV1Options.EnableNodeCliInspectArguments]: true });
  return copy;
}
