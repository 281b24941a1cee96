import { useState } from 'react';
import type { RecentKeyFile } from '../../src-shared/keys/key-record';
import { countText } from '../count-text';
import { useNow } from '../hooks/useNow';

/** “just now”, “4 minutes ago”: how long ago a file arrived, to the minute. */
export function downloadedAgo(downloadedAt: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(downloadedAt)) / 60_000);
  return minutes < 1 ? 'just now' : `${countText(minutes, 'minute')} ago`;
}

interface Props {
  /** Newest first, as main found them when the watch started. */
  files: RecentKeyFile[];
  onUse: (file: RecentKeyFile) => void;
}

/**
 * A key file that reached Downloads in the hour before the watch started, offered one at a time and
 * taken only if the user says so; “Not this one” offers the next.
 */
export function RecentDownloadOffer({ files, onUse }: Props) {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const now = useNow();
  const file = files.find((candidate) => !dismissed.has(candidate.fileId));
  if (!file) return null;
  return (
    <div className="notice recent-download" role="group" aria-label="Key file found in Downloads">
      <p>
        Found <code>{file.fileName}</code>, downloaded {downloadedAgo(file.downloadedAt, now)}. Use it?
      </p>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={() => onUse(file)}>
          Use it
        </button>
        <button type="button" className="button" onClick={() => setDismissed(new Set([...dismissed, file.fileId]))}>
          Not this one
        </button>
      </div>
    </div>
  );
}
