import { useId, useState } from 'react';
import { TextField } from '../components/TextField';

// Not a bundle ID (they have no colon), so it cannot clash with one of the key's.
const ANOTHER = ':another';

interface Props {
  /** The bundle IDs saved on the key. */
  keyBundleIds: readonly string[];
  value: string;
  onChange: (value: string) => void;
  problem: string | null;
}

/**
 * The Sign screen's Bundle ID, by the rule the command line follows (token-bundle-id.ts): the key's only bundle ID
 * arrives filled in; with several, a choice of them plus one typed; with none, typed.
 */
export function SignBundleIdField({ keyBundleIds, value, onChange, problem }: Props) {
  const [typingAnother, setTypingAnother] = useState(false);
  const ids = { select: useId(), hint: useId(), list: useId() };

  if (keyBundleIds.length < 2) {
    const hint = keyBundleIds.length === 1 && value === keyBundleIds[0] ? 'The key’s only bundle ID. Type another to sign for another app.' : undefined;
    return (
      <>
        <TextField label="Bundle ID" value={value} onChange={onChange} problem={problem} hint={hint} list={ids.list} placeholder="com.example.app" />
        <datalist id={ids.list}>
          {keyBundleIds.map((known) => (
            <option key={known} value={known} />
          ))}
        </datalist>
      </>
    );
  }

  const selected = typingAnother ? ANOTHER : keyBundleIds.includes(value) ? value : '';
  function choose(choice: string) {
    setTypingAnother(choice === ANOTHER);
    onChange(choice === ANOTHER ? '' : choice);
  }
  return (
    <>
      <div className="field">
        <label htmlFor={ids.select}>Bundle ID</label>
        <select id={ids.select} value={selected} onChange={(event) => choose(event.target.value)} aria-describedby={ids.hint}>
          <option value="">Choose the app…</option>
          {keyBundleIds.map((known) => (
            <option key={known} value={known}>
              {known}
            </option>
          ))}
          <option value={ANOTHER}>Another bundle ID…</option>
        </select>
        <p className="field-hint" id={ids.hint}>
          This key is used for {keyBundleIds.length} apps; a token names one.
        </p>
      </div>
      {typingAnother && <TextField label="Other bundle ID" value={value} onChange={onChange} problem={problem} placeholder="com.example.app" autoFocus />}
    </>
  );
}
