import type { KeyInspection, RecentKeyFile } from '../../../src-shared/keys/key-record';
import type { ResultError } from '../../../src-shared/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { RecentDownloadOffer } from '../../components/RecentDownloadOffer';
import type { DownloadsWatchState, KeySource } from '../../hooks/useKeyImport';
import type { KeyKindGuide } from '../../walkthrough/guide';

interface Props {
  guide: KeyKindGuide;
  watch: DownloadsWatchState;
  source: KeySource | null;
  inspection: KeyInspection | null;
  sourceError: ResultError | null;
  kindProblem: string | null;
  onChooseFile: () => void;
  onUseRecent: (file: RecentKeyFile) => void;
}

/** Step 4: the one download. Main watches Downloads; choosing or dropping the file works too. */
export function DownloadStep({ guide, watch, source, inspection, sourceError, kindProblem, onChooseFile, onUseRecent }: Props) {
  const accepted = inspection !== null && !inspection.duplicateOf && kindProblem === null;
  return (
    <>
      <div className="download-once" role="note">
        <p>
          <strong>Apple lets you download this file once and keeps no copy.</strong> If it is lost, the key must be revoked and a new one generated.
        </p>
      </div>
      <ol className="clicks">
        {guide.download.clicks.map((click) => (
          <li key={click}>{click}</li>
        ))}
      </ol>
      {guide.download.note && <p className="muted small">{guide.download.note}</p>}
      {!accepted && watch.state === 'watching' && (
        <p className="watching" role="status">
          <span className="spinner" aria-hidden="true" />
          <span>
            Waiting for <code>{guide.download.fileName}</code> in <code>{watch.folder}</code>
          </span>
        </p>
      )}
      {!source && watch.state === 'watching' && (
        <RecentDownloadOffer files={watch.recent.filter((file) => file.kind === (guide.kind === 'in-app-purchase' ? 'in-app-purchase' : 'asc'))} onUse={onUseRecent} />
      )}
      {!accepted && watch.state === 'unavailable' && <p className="muted small">{watch.message}</p>}
      {source && (
        <p className={`source-line${accepted ? ' source-line--ok' : ''}`} role="status">
          {accepted ? '✓ ' : ''}Received <strong>{source.label}</strong>
          {!inspection && !sourceError && <span className="source-line__detail muted">Checking the key…</span>}
          {inspection && (
            <span className="source-line__detail">
              A valid P-256 private key
              {accepted && inspection.fileKeyId && (
                <>
                  {' '}
                  · Key ID <code>{inspection.fileKeyId}</code>
                </>
              )}
            </span>
          )}
        </p>
      )}
      <ErrorMessage error={sourceError} />
      {kindProblem && (
        <p className="error-message" role="alert" data-error-code="KIND_MISMATCH">
          {kindProblem}
        </p>
      )}
      {inspection?.duplicateOf && (
        <p className="error-message" role="alert" data-error-code="DUPLICATE_KEY">
          This key is already in the vault as “{inspection.duplicateOf.name}” (Key ID {inspection.duplicateOf.keyId}).
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button" onClick={onChooseFile}>
          Choose file…
        </button>
        <span className="muted small">or drop the .p8 file anywhere on this panel.</span>
      </div>
    </>
  );
}
