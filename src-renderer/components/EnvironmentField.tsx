import { useId } from 'react';
import { KEY_ENVIRONMENT_HINT, KEY_ENVIRONMENT_LABELS, KEY_ENVIRONMENTS, type KeyEnvironment } from '../../src-shared/keys/key-record';

interface Props {
  label: string;
  /** '' when no environment is set. */
  value: KeyEnvironment | '';
  onChange: (value: KeyEnvironment | '') => void;
}

/** The key's environment hint: production, sandbox, both, or not set. A reminder for the user only. */
export function EnvironmentField({ label, value, onChange }: Props) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} aria-describedby={`${id}-hint`} onChange={(event) => onChange(event.target.value as KeyEnvironment | '')}>
        <option value="">Not set</option>
        {KEY_ENVIRONMENTS.map((option) => (
          <option key={option} value={option}>
            {KEY_ENVIRONMENT_LABELS[option]}
          </option>
        ))}
      </select>
      <p className="field-hint" id={`${id}-hint`}>
        {KEY_ENVIRONMENT_HINT}
      </p>
    </div>
  );
}
