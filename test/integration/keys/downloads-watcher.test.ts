import { appendFileSync, chmodSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadsWatcher, type FoundKeyFile } from '../../../src-main/keys/downloads-watcher';
import { AppError } from '../../../src-shared/errors';
import { tempFolder } from '../../helpers/temp-vault';

// The watcher never reads contents, so any text will do.
const DUMMY_KEY = 'dummy key text\n';
const SETTLE_MS = 50;
const WAIT_LIMIT_MS = 5_000;
const SENTINEL = 'SubscriptionKey_ZZZZZZZZZ9.p8';

interface WatchedFolder {
  folder: string;
  watcher: DownloadsWatcher;
  found: FoundKeyFile[];
  /** The file's size at the moment each report was made, in the same order as `found`. */
  sizesWhenReported: number[];
  errors: Error[];
  /** Resolves once `condition` holds after a report or an error; fails the test if that takes too long. */
  until(condition: () => boolean): Promise<void>;
}

interface WatchOptions {
  settleMs?: number;
  onKeyFile?: (found: FoundKeyFile) => void;
}

const startedWatchers: DownloadsWatcher[] = [];
afterEach(() => {
  for (const watcher of startedWatchers.splice(0)) watcher.stop();
});

function watchFolder(folder: string, { settleMs = SETTLE_MS, onKeyFile }: WatchOptions = {}): WatchedFolder {
  const found: FoundKeyFile[] = [];
  const sizesWhenReported: number[] = [];
  const errors: Error[] = [];
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  const watcher = new DownloadsWatcher({
    folder,
    settleMs,
    onKeyFile: (file) => {
      found.push(file);
      sizesWhenReported.push(statSync(file.path).size);
      notify();
      onKeyFile?.(file);
    },
    onError: (error) => {
      errors.push(error);
      notify();
    },
  });
  startedWatchers.push(watcher);
  watcher.start();

  const until = (condition: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        cleanUp();
        resolve();
      };
      const timeout = setTimeout(() => {
        cleanUp();
        reject(new Error(`Waited ${WAIT_LIMIT_MS} ms; reported so far: ${JSON.stringify(found.map((file) => file.fileName))}, errors: ${errors.map((error) => error.message).join('; ')}`));
      }, WAIT_LIMIT_MS);
      const cleanUp = () => {
        clearTimeout(timeout);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  return { folder, watcher, found, sizesWhenReported, errors, until };
}

const reportedNames = (watched: WatchedFolder): string[] => watched.found.map((file) => file.fileName);

/**
 * Writes one more key file and waits for its report. Checks on earlier changes were due before the sentinel's,
 * so by then anything the watcher was going to say about them has been said.
 */
async function namesReportedBeforeSentinel(watched: WatchedFolder): Promise<string[]> {
  writeFileSync(path.join(watched.folder, SENTINEL), DUMMY_KEY);
  await watched.until(() => reportedNames(watched).includes(SENTINEL));
  return reportedNames(watched).filter((name) => name !== SENTINEL);
}

describe('reporting a new key file', () => {
  it.each([
    ['an In-App Purchase key', 'SubscriptionKey_2X9R4HXF34.p8', 'in-app-purchase', '2X9R4HXF34', DUMMY_KEY],
    ['a key downloaded again, with the browser\'s " (1)"', 'AuthKey_ABCDE12345 (1).p8', 'asc', 'ABCDE12345', DUMMY_KEY],
    ['a file name in lower case, with the Key ID in upper case', 'authkey_abcde12345.p8', 'asc', 'ABCDE12345', DUMMY_KEY],
    ['a file larger than 64 KiB, which the import refuses by itself', 'AuthKey_LARGE00001.p8', 'asc', 'LARGE00001', 'x'.repeat(65 * 1024)],
  ] as const)('reports %s with its kind and Key ID', async (_case, fileName, kind, keyId, contents) => {
    const watched = watchFolder(tempFolder());
    writeFileSync(path.join(watched.folder, fileName), contents);

    await watched.until(() => watched.found.length > 0);

    expect(watched.found).toEqual([{ path: path.join(watched.folder, fileName), fileName, kind, keyId }]);
    expect(watched.errors).toEqual([]);
  });
});

describe('ignoring what is not a finished key download', () => {
  it.each([
    ['a text file', (folder: string) => writeFileSync(path.join(folder, 'notes.txt'), DUMMY_KEY)],
    ['a key name with a short Key ID', (folder: string) => writeFileSync(path.join(folder, 'AuthKey_short.p8'), DUMMY_KEY)],
    ['an image whose name contains .p8', (folder: string) => writeFileSync(path.join(folder, 'photo.p8.jpg'), DUMMY_KEY)],
    ['a Chrome download in progress', (folder: string) => writeFileSync(path.join(folder, 'AuthKey_ABCDE12345.p8.crdownload'), DUMMY_KEY)],
    ['a Firefox download in progress', (folder: string) => writeFileSync(path.join(folder, 'AuthKey_ABCDE12345.p8.part'), DUMMY_KEY)],
    ['an empty file under a key name', (folder: string) => writeFileSync(path.join(folder, 'AuthKey_EMPTY00001.p8'), '')],
    ['a folder under a key name', (folder: string) => mkdirSync(path.join(folder, 'AuthKey_FOLDER0001.p8'))],
  ])('ignores %s', async (_case, create) => {
    const watched = watchFolder(tempFolder());
    create(watched.folder);

    expect(await namesReportedBeforeSentinel(watched)).toEqual([]);
    expect(watched.errors).toEqual([]);
  });

  it('ignores key files that were in the folder before it started, even when their permissions change', async () => {
    const folder = tempFolder();
    const existing = path.join(folder, 'AuthKey_OLDOLD0001.p8');
    writeFileSync(existing, DUMMY_KEY);
    const watched = watchFolder(folder);

    chmodSync(existing, 0o600);

    expect(await namesReportedBeforeSentinel(watched)).toEqual([]);
  });

  it('reports a key file that was in the folder before it started once it is written again', async () => {
    const folder = tempFolder();
    writeFileSync(path.join(folder, 'AuthKey_OLDOLD0001.p8'), DUMMY_KEY);
    const watched = watchFolder(folder);

    writeFileSync(path.join(folder, 'AuthKey_OLDOLD0001.p8'), `${DUMMY_KEY}, downloaded again`);

    await watched.until(() => watched.found.length > 0);
    expect(reportedNames(watched)).toEqual(['AuthKey_OLDOLD0001.p8']);
  });
});

describe('waiting for the browser to finish', () => {
  it('reports a download written under a temporary name once, under its final name, after the rename', async () => {
    const watched = watchFolder(tempFolder());
    const temporary = path.join(watched.folder, 'AuthKey_ABCDE12345.p8.crdownload');
    for (const chunk of ['-----BEGIN PRIVATE KEY-----\n', 'dummy\n', '-----END PRIVATE KEY-----\n']) {
      appendFileSync(temporary, chunk);
      await sleep(5);
    }
    renameSync(temporary, path.join(watched.folder, 'AuthKey_ABCDE12345.p8'));

    await watched.until(() => watched.found.length > 0);
    expect(watched.found[0]).toMatchObject({ fileName: 'AuthKey_ABCDE12345.p8', kind: 'asc', keyId: 'ABCDE12345' });
    expect(await namesReportedBeforeSentinel(watched)).toEqual(['AuthKey_ABCDE12345.p8']);
  });

  it('reports a file only after it has stopped growing for the settle time', async () => {
    const watched = watchFolder(tempFolder());
    const file = path.join(watched.folder, 'SubscriptionKey_GROWING001.p8');
    const chunk = 'x'.repeat(100);
    const chunks = 8;
    // Each gap is far shorter than SETTLE_MS, but all of them together are longer. The appends run on the same event
    // loop as the watcher's checks and each is due before the next check, so a slow machine cannot reorder them.
    for (let written = 0; written < chunks; written += 1) {
      appendFileSync(file, chunk);
      await sleep(SETTLE_MS / 5);
    }

    await watched.until(() => watched.found.length > 0);

    expect(watched.sizesWhenReported).toEqual([chunk.length * chunks]);
    expect(await namesReportedBeforeSentinel(watched)).toEqual(['SubscriptionKey_GROWING001.p8']);
  });

  it('waits for the real file when Firefox first leaves an empty one under the final name', async () => {
    const watched = watchFolder(tempFolder());
    const final = path.join(watched.folder, 'AuthKey_ABCDE12345.p8');
    writeFileSync(final, '');
    writeFileSync(`${final}.part`, DUMMY_KEY);
    await sleep(SETTLE_MS * 2);
    renameSync(`${final}.part`, final);

    await watched.until(() => watched.found.length > 0);

    expect(reportedNames(watched)).toEqual(['AuthKey_ABCDE12345.p8']);
    expect(watched.sizesWhenReported).toEqual([DUMMY_KEY.length]);
  });
});

describe('starting and stopping', () => {
  it('reports each file at most once while watching, even when started twice or written again', async () => {
    const watched = watchFolder(tempFolder());
    watched.watcher.start();
    const file = path.join(watched.folder, 'AuthKey_ONCE000001.p8');
    writeFileSync(file, DUMMY_KEY);
    await watched.until(() => watched.found.length > 0);

    appendFileSync(file, 'more');

    expect(await namesReportedBeforeSentinel(watched)).toEqual(['AuthKey_ONCE000001.p8']);
    expect(watched.watcher.isWatching).toBe(true);
  });

  it('reports nothing after stop(), not even a file it had already seen appear', async () => {
    const folder = tempFolder();
    const stopped = watchFolder(folder, { settleMs: 100 });
    // A second watcher on the same folder receives the same events, so its report shows they have arrived.
    const observer = watchFolder(folder, { settleMs: 10 });
    writeFileSync(path.join(folder, 'AuthKey_FIRST00001.p8'), DUMMY_KEY);
    await observer.until(() => observer.found.length === 1);

    stopped.watcher.stop();
    writeFileSync(path.join(folder, 'AuthKey_SECOND0001.p8'), DUMMY_KEY);
    await observer.until(() => observer.found.length === 2);
    await sleep(150); // longer than the stopped watcher's settle time

    expect(stopped.watcher.isWatching).toBe(false);
    expect(stopped.found).toEqual([]);
  });

  it.each([
    ['is missing', (folder: string) => path.join(folder, 'Downloads'), 'NOT_FOUND', /^The Downloads folder .*Downloads does not exist\. Choose the file instead\.$/],
    ['is a file', (folder: string) => writeAndReturn(path.join(folder, 'Downloads')), 'FILE_UNREADABLE', /is a file, not a folder\. Choose the file instead\.$/],
  ])('tells onError, and does not watch, when the folder %s', (_case, makeFolder, code, message) => {
    const watched = watchFolder(makeFolder(tempFolder()));

    expect(watched.watcher.isWatching).toBe(false);
    expect(watched.errors).toHaveLength(1);
    expect(watched.errors[0]).toBeInstanceOf(AppError);
    expect(watched.errors[0]).toMatchObject({ code });
    expect(watched.errors[0]?.message).toMatch(message);
  });

  // Other systems report a deleted folder differently (Windows through the watcher's error event).
  it.runIf(process.platform === 'linux')('tells onError, and stops watching, when the folder is deleted', async () => {
    const downloads = path.join(tempFolder(), 'Downloads');
    mkdirSync(downloads);
    const watched = watchFolder(downloads);

    rmSync(downloads, { recursive: true });
    await watched.until(() => watched.errors.length > 0);

    expect(watched.watcher.isWatching).toBe(false);
    expect(watched.errors[0]).toMatchObject({ code: 'NOT_FOUND', message: `The Downloads folder ${downloads} does not exist. Choose the file instead.` });
  });

  it('does not throw from start() when the folder is missing and there is no onError', () => {
    const watcher = new DownloadsWatcher({ folder: path.join(tempFolder(), 'Downloads'), onKeyFile: () => {} });

    expect(() => watcher.start()).not.toThrow();
    expect(watcher.isWatching).toBe(false);
  });

  it('passes an error thrown by onKeyFile to onError and keeps watching', async () => {
    const watched = watchFolder(tempFolder(), {
      onKeyFile: (file) => {
        if (file.fileName !== SENTINEL) throw new Error('The add-key window is closed.');
      },
    });
    writeFileSync(path.join(watched.folder, 'AuthKey_THROWS0001.p8'), DUMMY_KEY);
    await watched.until(() => watched.errors.length > 0);

    expect(watched.errors.map((error) => error.message)).toEqual(['The add-key window is closed.']);
    expect(await namesReportedBeforeSentinel(watched)).toEqual(['AuthKey_THROWS0001.p8']);
  });
});

function writeAndReturn(file: string): string {
  writeFileSync(file, DUMMY_KEY);
  return file;
}
