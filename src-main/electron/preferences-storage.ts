import ElectronStore from 'electron-store';
import type { Preferences } from '../../src-shared/settings/preferences';
import type { PreferencesStorage } from '../settings/preferences-service';

/** preferences.json in userData, through electron-store; the service validates what it holds. */
export function createPreferencesStorage(): PreferencesStorage {
  const store = new ElectronStore<{ preferences: Preferences | undefined }>({ name: 'preferences' });
  return {
    read: () => store.get('preferences'),
    write: (value) => store.set('preferences', value),
  };
}
