import { readdirSync, statSync, watch, type FSWatcher, type Stats } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { parseKeyFileName, type KeyFileName } from '../../src-shared/keys/identifiers';

const DEFAULT_SETTLE_MS = 300;
const CHOOSE_INSTEAD = 'Choose the file instead.';

export interface FoundKeyFile extends KeyFileName {
  /** Full path of the file, in the watched folder. */
  path: string;
  /** Its name as it appears in the folder, e.g. `AuthKey_2X9R4HXF34 (1).p8`. */
  fileName: string;
}

export interface DownloadsWatcherOptions {
  folder: string;
  onKeyFile: (found: FoundKeyFile) => void;
  onError?: (error: Error) => void;
  /** How long a file's size must stay the same before it counts as complete. */
  settleMs?: number;
}

/** Enough of a file's metadata to tell whether it was written, replaced or re-created. */
interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

interface PendingFile {
  last: FileIdentity;
  timer: NodeJS.Timeout;
}

/**
 * While the "add key" flow is open, watches one folder (the user's Downloads) for a new
 * `AuthKey_….p8` or `SubscriptionKey_….p8` and reports it once the browser has finished writing it.
 * It never reads the file's contents: the import checks those.
 */
export class DownloadsWatcher {
  private readonly folder: string;
  private readonly onKeyFile: (found: FoundKeyFile) => void;
  private readonly onError: (error: Error) => void;
  private readonly settleMs: number;

  private watcher: FSWatcher | undefined;
  /** Key files already in the folder at start(), which count only if they change afterwards. */
  private existing = new Map<string, FileIdentity>();
  private readonly pending = new Map<string, PendingFile>();
  private readonly reported = new Set<string>();

  constructor(options: DownloadsWatcherOptions) {
    this.folder = options.folder;
    this.onKeyFile = options.onKeyFile;
    this.onError = options.onError ?? (() => {});
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  }

  get isWatching(): boolean {
    return this.watcher !== undefined;
  }

  /** Starts watching; a folder that cannot be watched is reported through onError, never thrown. */
  start(): void {
    if (this.watcher) return;
    const problem = this.describeFolderProblem();
    if (problem) {
      this.reportError(problem);
      return;
    }
    this.reported.clear();
    try {
      this.existing = this.snapshotKeyFiles();
      // Not persistent: the watcher alone should not keep a Node process (tests, a CLI) running.
      this.watcher = watch(this.folder, { persistent: false }, (_event, fileName) => this.handleChange(fileName));
      this.watcher.on('error', (error) => this.stopAfterWatchError(error));
    } catch (error) {
      this.stop();
      this.reportError(this.describeWatchFailure(error));
    }
  }

  /** The key files already in the folder when watching started, with when each was last written. */
  filesAtStart(): Array<FoundKeyFile & { modifiedMs: number }> {
    return [...this.existing].flatMap(([fileName, identity]) => {
      const parsed = parseKeyFileName(fileName);
      return parsed && identity.size > 0 ? [{ path: path.join(this.folder, fileName), fileName, ...parsed, modifiedMs: identity.mtimeMs }] : [];
    });
  }

  /** Stops watching and forgets files still being written; nothing is reported after this returns. */
  stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private describeFolderProblem(): AppError | undefined {
    try {
      if (statSync(this.folder).isDirectory()) return undefined;
      return new AppError('FILE_UNREADABLE', `The Downloads folder ${this.folder} is a file, not a folder. ${CHOOSE_INSTEAD}`);
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') {
        return new AppError('NOT_FOUND', `The Downloads folder ${this.folder} does not exist. ${CHOOSE_INSTEAD}`);
      }
      return this.describeWatchFailure(error);
    }
  }

  private describeWatchFailure(error: unknown): AppError {
    const code = errorCode(error);
    if (code === 'EACCES' || code === 'EPERM') {
      return new AppError('FILE_UNREADABLE', `This app is not allowed to look in the Downloads folder ${this.folder}. ${CHOOSE_INSTEAD}`);
    }
    return new AppError('FILE_UNREADABLE', `The Downloads folder ${this.folder} cannot be watched${code ? ` (${code})` : ''}. ${CHOOSE_INSTEAD}`);
  }

  private snapshotKeyFiles(): Map<string, FileIdentity> {
    const snapshot = new Map<string, FileIdentity>();
    for (const fileName of readdirSync(this.folder)) {
      if (!parseKeyFileName(fileName)) continue;
      const stats = this.statInFolder(fileName);
      if (stats?.isFile()) snapshot.set(fileName, identityOf(stats));
    }
    return snapshot;
  }

  private handleChange(fileName: string | null): void {
    // Linux reports the deletion of the watched folder itself as a change named after it, and then goes quiet.
    if (fileName === path.basename(this.folder) && this.stopIfFolderGone()) return;
    // Some platforms do not say which file changed; then every key file in the folder is a candidate.
    const candidates = fileName === null ? this.listKeyFileNames() : [fileName];
    for (const candidate of candidates) this.track(candidate);
  }

  private listKeyFileNames(): string[] {
    try {
      return readdirSync(this.folder).filter((name) => parseKeyFileName(name) !== null);
    } catch {
      return [];
    }
  }

  private track(fileName: string): void {
    // Temporary names (`.crdownload`, `.part`, `.download`) do not end in .p8, so they never match; the final name is seen on the rename.
    if (!parseKeyFileName(fileName)) return;
    if (this.pending.has(fileName) || this.reported.has(fileName)) return;
    const stats = this.statInFolder(fileName);
    if (!stats?.isFile()) return;
    this.waitForSettle(fileName, identityOf(stats));
  }

  private waitForSettle(fileName: string, last: FileIdentity): void {
    const timer = setTimeout(() => this.checkSettled(fileName, last), this.settleMs);
    this.pending.set(fileName, { last, timer });
  }

  private checkSettled(fileName: string, last: FileIdentity): void {
    this.pending.delete(fileName);
    if (!this.watcher) return;
    const stats = this.statInFolder(fileName);
    if (!stats?.isFile()) return;
    const now = identityOf(stats);
    if (!sameIdentity(now, last)) {
      this.waitForSettle(fileName, now);
      return;
    }
    // Firefox first creates an empty file under the final name; the finished download is renamed over it, which is a new event.
    if (now.size === 0) return;
    const before = this.existing.get(fileName);
    if (before && sameIdentity(now, before)) return;
    this.report(fileName);
  }

  private report(fileName: string): void {
    const parsed = parseKeyFileName(fileName);
    if (!parsed) return;
    // At most once per name while watching: a browser saves a second download under a new name, like `AuthKey_… (1).p8`.
    this.reported.add(fileName);
    try {
      this.onKeyFile({ path: path.join(this.folder, fileName), fileName, ...parsed });
    } catch (error) {
      this.reportError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private stopIfFolderGone(): boolean {
    const problem = this.describeFolderProblem();
    if (!problem) return false;
    this.stop();
    this.reportError(problem);
    return true;
  }

  private stopAfterWatchError(error: Error): void {
    this.stop();
    this.reportError(this.describeFolderProblem() ?? this.describeWatchFailure(error));
  }

  private reportError(error: Error): void {
    try {
      this.onError(error);
    } catch {
      // Runs from fs.watch and timer callbacks, where a throw would take down the main process.
    }
  }

  private statInFolder(fileName: string): Stats | undefined {
    try {
      return statSync(path.join(this.folder, fileName));
    } catch {
      // Gone already (renamed, deleted) or unreadable: either way there is nothing to report.
      return undefined;
    }
  }
}

function identityOf(stats: Stats): FileIdentity {
  return { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
}

function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
