/**
 * The names of every renderer → main channel. Kept apart from the schemas so the preload bundle
 * stays free of the validation library; `CHANNELS` must have exactly one row per name.
 */
export const CHANNEL_NAMES = [
  'vault.status',
  'vault.create',
  'vault.unlock',
  'vault.quickUnlock',
  'vault.setQuickUnlock',
  'vault.lock',
  'vault.changePassphrase',
  'vault.events',
  'keys.list',
  'keys.get',
  'keys.issuerIds',
  'keys.chooseFile',
  'keys.inspect',
  'keys.import',
  'keys.update',
  'keys.revoke',
  'keys.unrevoke',
  'keys.delete',
  'keys.deleteSourceFile',
  'clipboard.copyKeyField',
  'clipboard.copyText',
  'sign.token',
  'sign.offer',
  'sign.inspect',
  'downloads.watch',
  'app.openApplePage',
  'settings.get',
  'settings.update',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
