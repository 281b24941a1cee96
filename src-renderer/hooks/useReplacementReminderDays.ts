import { REPLACEMENT_REMINDER_DAYS } from '../../src-shared/keys/replacement-reminder';
import { vault } from '../vault-client';
import { useVaultQuery } from './useVaultQuery';

const loadPreferences = () => vault().settingsGet();

/** The reminder to replace keys after N days (Settings), read when the screen opens; 0 while off or not yet known. */
export function useReplacementReminderDays(): number {
  const { value } = useVaultQuery(loadPreferences);
  return value?.replaceKeysAfterDays ?? REPLACEMENT_REMINDER_DAYS.off;
}
