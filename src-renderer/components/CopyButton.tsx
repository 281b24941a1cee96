import type { CopyableKeyField } from '../../src-shared/keys/key-requests';
import { vault } from '../vault-client';
import { ClipboardButton } from './ClipboardButton';

/** Copies one field of a stored key; main reads the value itself. */
export function CopyButton({ keyId, field, label }: { keyId: string; field: CopyableKeyField; label: string }) {
  return <ClipboardButton copy={() => vault().clipboardCopyKeyField({ id: keyId, field })} label={label} />;
}
