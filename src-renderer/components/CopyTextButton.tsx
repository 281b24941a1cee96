import { vault } from '../vault-client';
import { ClipboardButton } from './ClipboardButton';

/** Copies text the renderer already shows (a token, a curl line) through main, which clears it later. */
export function CopyTextButton({ text, label }: { text: string; label: string }) {
  return <ClipboardButton copy={() => vault().clipboardCopyText({ text })} text={label} />;
}
