import { describe, expect, it } from 'vitest';
import { PreferencesService } from '../../../src-main/settings/preferences-service';
import type { Preferences } from '../../../src-shared/settings/preferences';

function serviceWith(initial: unknown) {
  const storage = { value: initial as unknown, read: () => storage.value, write: (value: Preferences) => (storage.value = value) };
  return { service: new PreferencesService(storage), storage };
}

describe('preferences', () => {
  it('starts from the defaults: 10 idle minutes, 60 s clipboard clearing, system theme, no checks with Apple', () => {
    expect(serviceWith(undefined).service.get()).toEqual({ autoLockMinutes: 10, clipboardClearSeconds: 60, theme: 'system', downloadsFolder: '', appleCheckEnabled: false, replaceKeysAfterDays: 0 });
  });

  it('saves a valid update and keeps the other values', () => {
    const { service, storage } = serviceWith(undefined);
    service.update({ autoLockMinutes: 5 });
    service.update({ theme: 'dark' });
    expect(service.get()).toMatchObject({ autoLockMinutes: 5, theme: 'dark', clipboardClearSeconds: 60 });
    expect(storage.value).toMatchObject({ autoLockMinutes: 5, theme: 'dark' });
  });

  it('refuses an out-of-range update and stores nothing', () => {
    const { service, storage } = serviceWith(undefined);
    expect(() => service.update({ clipboardClearSeconds: 1 })).toThrow();
    expect(storage.value).toBeUndefined();
  });

  it('keeps the reminder to replace keys off until set, and refuses a number of days outside 30 to 3650 with what it takes', () => {
    const { service, storage } = serviceWith(undefined);
    service.update({ replaceKeysAfterDays: 365 });
    expect(service.get().replaceKeysAfterDays).toBe(365);
    expect(() => service.update({ replaceKeysAfterDays: 7 })).toThrow('expected 0 (off) or a whole number of days from 30 to 3650');
    expect(storage.value).toMatchObject({ replaceKeysAfterDays: 365 });
    service.update({ replaceKeysAfterDays: 0 });
    expect(service.get().replaceKeysAfterDays).toBe(0);
  });

  it('falls back to the defaults when the stored file was edited into nonsense', () => {
    expect(serviceWith({ autoLockMinutes: 'never' }).service.get().autoLockMinutes).toBe(10);
  });
});

describe('preferences update schema', () => {
  it('leaves out what an update does not name, so it cannot reset other preferences', async () => {
    const { PreferencesUpdateSchema } = await import('../../../src-shared/settings/preferences');
    expect(PreferencesUpdateSchema.parse({ autoLockMinutes: 5 })).toEqual({ autoLockMinutes: 5 });
  });
});
