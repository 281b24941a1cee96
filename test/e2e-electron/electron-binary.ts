import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** What the decision may look at: injected so it is tested without an Electron download. */
export interface ElectronBinaryContext {
  /** The installed `electron` package's folder. */
  packageDir: string;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  readFile(file: string): string | null;
  exists(file: string): boolean;
}

export type ElectronRunDecision = { run: true; executablePath: string } | { run: false; exitCode: 0 | 1; message: string };

const SKIPPED = 'npm run test:electron: skipped, because the Electron binary is missing';

/**
 * Where the `electron` package keeps its binary, found as its index.js does but without requiring it: requiring it
 * starts the download when the binary is missing, which hangs or fails on a machine that cannot reach Electron's host.
 */
function electronBinaryPath({ packageDir, env, readFile }: Pick<ElectronBinaryContext, 'packageDir' | 'env' | 'readFile'>): string | null {
  const relative = readFile(path.join(packageDir, 'path.txt'));
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  return override ? path.join(override, relative ?? 'electron') : relative && path.join(packageDir, 'dist', relative);
}

export function decideElectronRun({ packageDir, platform, env, readFile, exists }: ElectronBinaryContext): ElectronRunDecision {
  const executablePath = electronBinaryPath({ packageDir, env, readFile });
  if (!executablePath || !exists(executablePath)) {
    const where = executablePath ? ` (no ${executablePath})` : '';
    const why = env.ELECTRON_SKIP_BINARY_DOWNLOAD ? ': it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD set' : '';
    return {
      run: false,
      exitCode: 0,
      message: `${SKIPPED}${where}${why}. On a machine that can reach Electron's release host, \`node node_modules/electron/install.js\` downloads it.`,
    };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { run: false, exitCode: 1, message: 'npm run test:electron: Electron needs a display, and there is none: run `xvfb-run npm run test:electron`.' };
  }
  return { run: true, executablePath };
}

function installedContext(): ElectronBinaryContext {
  const packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const readFile = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : null);
  return { packageDir, platform: process.platform, env: process.env, readFile, exists: existsSync };
}

/** The decision on this machine. */
export function decideInstalledElectronRun(): ElectronRunDecision {
  return decideElectronRun(installedContext());
}

/** The Electron binary installed on this machine, or null when there is none (the smoke test's fallback). */
export function installedElectronBinary(): string | null {
  const binary = electronBinaryPath(installedContext());
  return binary && existsSync(binary) ? binary : null;
}
