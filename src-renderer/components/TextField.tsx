import { useId, type ReactNode } from 'react';

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  problem?: string | null;
  placeholder?: string;
  list?: string;
  multiline?: boolean;
  autoFocus?: boolean;
  monospace?: boolean;
}

/** A labelled text input whose hint and problem are announced with it. */
export function TextField({ label, value, onChange, hint, problem, placeholder, list, multiline, autoFocus, monospace }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const describedBy = [hint ? hintId : null, problem ? problemId : null].filter(Boolean).join(' ') || undefined;
  const shared = {
    id,
    value,
    placeholder,
    autoFocus,
    spellCheck: false,
    className: monospace ? 'monospace' : undefined,
    'aria-describedby': describedBy,
    'aria-invalid': problem ? true : undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...shared} rows={3} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input {...shared} type="text" list={list} autoComplete="off" onChange={(event) => onChange(event.target.value)} />
      )}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {problem && (
        <p className="field-hint field-hint--error" id={problemId}>
          {problem}
        </p>
      )}
    </div>
  );
}
