import { AppError } from '../../src-shared/errors';
import type { Notify } from '../../src-shared/ipc/events';
import type { RecentKeyFile } from '../../src-shared/keys/key-record';
import { DownloadsWatcher } from './downloads-watcher';
import type { KeyFileGrants } from './key-file-grants';

const RECENT_DOWNLOAD_MS = 60 * 60 * 1000;

/** The one Downloads watcher the add-key flow switches on and off, reporting to the renderer. */
export class DownloadsWatch {
  private watcher: DownloadsWatcher | null = null;

  constructor(private readonly options: { folder: () => string; notify: Notify; grants: KeyFileGrants; now?: () => Date }) {}

  /**
   * Starts or stops watching; each file found is granted to `sender`, the window that asked. Key files
   * written in the hour before the start come back as `recent`, newest first: a user who clicked
   * Download before opening this step has the file already.
   */
  set(watching: boolean, sender: string): { folder: string; watching: boolean; recent: RecentKeyFile[] } {
    const folder = this.options.folder();
    this.stop();
    if (!watching) return { folder, watching: false, recent: [] };
    let failure: Error | null = null;
    const watcher = new DownloadsWatcher({
      folder,
      onKeyFile: ({ path, kind, keyId }) => this.options.notify('downloads.keyFound', { ...this.options.grants.grant(path, sender), kind, keyId }),
      onError: (error) => {
        failure = error;
        if (this.watcher === watcher) {
          this.stop();
          this.options.notify('downloads.stopped', { message: error.message });
        }
      },
    });
    watcher.start();
    // start() reports a missing or unreadable folder through onError before it returns.
    const startFailure = failure as Error | null;
    if (startFailure !== null || !watcher.isWatching) {
      watcher.stop();
      throw startFailure instanceof AppError ? startFailure : new AppError('FILE_UNREADABLE', `The Downloads folder ${folder} cannot be watched. Choose the file instead.`);
    }
    this.watcher = watcher;
    const startedAt = (this.options.now?.() ?? new Date()).getTime();
    const recent = watcher
      .filesAtStart()
      .filter((file) => startedAt - file.modifiedMs <= RECENT_DOWNLOAD_MS)
      .sort((a, b) => b.modifiedMs - a.modifiedMs)
      .map(({ path, kind, keyId, modifiedMs }) => ({ ...this.options.grants.grant(path, sender), kind, keyId, downloadedAt: new Date(modifiedMs).toISOString() }));
    return { folder, watching: true, recent };
  }

  stop(): void {
    this.watcher?.stop();
    this.watcher = null;
  }
}
