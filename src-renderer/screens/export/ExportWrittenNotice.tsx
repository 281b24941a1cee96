import { useEffect, useRef } from 'react';
import type { WrittenExport } from '../../../src-shared/exports/export-preview';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';

/** Where the files went, with a way to open their folder; takes the focus when it appears, so the keyboard lands here. */
export function ExportWrittenNotice({ written }: { written: WrittenExport }) {
  const show = useVaultCall(() => vault().exportsShowInFolder({ exportId: written.exportId }));
  const heading = useRef<HTMLParagraphElement>(null);
  useEffect(() => heading.current?.focus(), [written.exportId]);
  return (
    <div className="notice notice--success export-written" role="status">
      <div>
        <p ref={heading} tabIndex={-1} className="export-written__title">
          <strong>Written to {written.folder}</strong>
        </p>
        <ul className="plain-list">
          {written.written.map((file) => (
            <li key={file.path}>
              <code>{file.path}</code>
            </li>
          ))}
        </ul>
        <p className="small muted">The values and the checklist below stay here while you paste them into the dashboard.</p>
        <div className="button-row">
          <button type="button" className="button" disabled={show.busy} onClick={() => void show.run()}>
            Show in folder
          </button>
        </div>
        <ErrorMessage error={show.error} />
      </div>
    </div>
  );
}
