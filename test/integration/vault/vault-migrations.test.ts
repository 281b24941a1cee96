import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../../src-main/vault/vault';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/vault/schema';
import { FIXTURE_V1 } from '../../fixtures/vault-v1';
import { tempFolder } from '../../helpers/temp-vault';

describe('vault migrations', () => {
  it('opens a vault written by schema version 1 and brings it to the latest version with its data', async () => {
    const file = path.join(tempFolder(), 'vault.sqlite');
    copyFileSync(new URL('../../fixtures/vault-v1.sqlite', import.meta.url), file);

    const vault = new Vault({ path: file, kdfCost: FIXTURE_V1.kdfCost });
    await vault.unlock(FIXTURE_V1.passphrase);
    const [item] = vault.listItems();
    expect(item?.data).toEqual(FIXTURE_V1.item.data);
    expect(vault.withSecret(item!.id, (secret) => secret)).toEqual(FIXTURE_V1.item.secret);
    expect(vault.events(0, 10).events.map((event) => event.type)).toEqual(['vault.unlocked', 'key.added', 'vault.created']);
    vault.lock();

    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });
});
