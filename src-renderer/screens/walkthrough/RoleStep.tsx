import type { KeyKindGuide } from '../../walkthrough/guide';
import { OpenPageButton } from './OpenPageButton';

/** Step 2: who may generate this kind of key; the user confirms before going on. */
export function RoleStep({ guide, confirmed, onConfirmed }: { guide: KeyKindGuide; confirmed: boolean; onConfirmed: (confirmed: boolean) => void }) {
  const { role } = guide;
  return (
    <>
      <p className="walkthrough__lead">{role.requirement}</p>
      <ul className="walkthrough__notes">
        {role.notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
      {role.accessLevels && (
        <dl className="access-levels" aria-label="Access level to choose">
          {role.accessLevels.map(({ level, usedFor }) => (
            <div key={level} className="access-levels__row">
              <dt>{level}</dt>
              <dd>{usedFor}</dd>
            </div>
          ))}
        </dl>
      )}
      <p className="muted">{role.ifNot}</p>
      <OpenPageButton link={{ page: 'docs-roles', label: 'Apple’s role permissions' }} />
      <label className="confirm">
        <input type="checkbox" checked={confirmed} onChange={(event) => onConfirmed(event.target.checked)} />
        <span>{role.confirmLabel}</span>
      </label>
    </>
  );
}
