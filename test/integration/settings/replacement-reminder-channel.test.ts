import { describe, expect, it } from 'vitest';
import { routedApp } from '../../helpers/routed-app';

describe('the reminder to replace keys through the router', () => {
  it('is off by default, takes a number of days, and refuses one outside 30 to 3650 (or not whole) with what it takes, keeping the last', async () => {
    const app = routedApp();
    expect(await app.call('settings.get')).toMatchObject({ ok: true, value: { replaceKeysAfterDays: 0 } });
    expect(await app.call('settings.update', { replaceKeysAfterDays: 365 })).toMatchObject({ ok: true, value: { replaceKeysAfterDays: 365 } });
    for (const replaceKeysAfterDays of [29, 3651, -1, 90.5, '365', null]) {
      expect(await app.call('settings.update', { replaceKeysAfterDays })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('replaceKeysAfterDays') } });
    }
    expect(await app.call('settings.update', { replaceKeysAfterDays: 29 })).toMatchObject({
      ok: false,
      error: { message: 'The field "replaceKeysAfterDays" is not valid: expected 0 (off) or a whole number of days from 30 to 3650.' },
    });
    expect(await app.call('settings.get')).toMatchObject({ ok: true, value: { replaceKeysAfterDays: 365 } });
    expect(await app.call('settings.update', { replaceKeysAfterDays: 0 })).toMatchObject({ ok: true, value: { replaceKeysAfterDays: 0 } });
  });
});
