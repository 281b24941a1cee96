import { TextField } from '../../components/TextField';
import type { KeyKindGuide } from '../../walkthrough/guide';

interface Props {
  guide: KeyKindGuide;
  defaultName: string;
  bundleIds: string;
  onBundleIds: (value: string) => void;
  bundleIdsProblem: string | null;
  name: string;
  onName: (value: string) => void;
  notes: string;
  onNotes: (value: string) => void;
}

/** Step 6: what the vault should remember about the key besides its IDs. */
export function DetailsStep({ guide, defaultName, bundleIds, onBundleIds, bundleIdsProblem, name, onName, notes, onNotes }: Props) {
  return (
    <>
      <TextField label="Bundle IDs (optional)" value={bundleIds} onChange={onBundleIds} problem={bundleIdsProblem} hint={guide.bundleIdsHint} />
      <TextField label="Name (optional)" value={name} onChange={onName} hint={`Shown in the key list. Left empty: “${defaultName}”.`} />
      <TextField label="Notes (optional)" value={notes} onChange={onNotes} multiline hint="Where the key is used, who asked for it, when to rotate it." />
    </>
  );
}
