import type { ReplacementPlace } from '../../../src-shared/keys/replacement';

/** Above the new key's export, opened from a replacement's place: which place it is for, and where the old key went. */
export function ReplacementExportNote({ oldName, place }: { oldName: string; place: ReplacementPlace }) {
  return (
    <p className="notice replacement-note">
      <span>
        {place.type === 'export' ? `Replacing “${oldName}” in ${place.label}.` : `Replacing “${oldName}” in ${place.label}: choose where the new key goes.`}
        {place.destination !== undefined && (
          <>
            {' '}
            The old key went to <code>{place.destination}</code>.
          </>
        )}
      </span>
    </p>
  );
}
