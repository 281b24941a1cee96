import { z } from 'zod';
import { isReplacementReminderDays, REPLACEMENT_REMINDER_DAYS } from '../keys/replacement-reminder';

const editable = {
  /** 0 turns idle locking off; suspend and screen lock still lock. */
  autoLockMinutes: z.number().int().min(0).max(240),
  clipboardClearSeconds: z.number().int().min(10).max(600),
  theme: z.enum(['system', 'light', 'dark']),
  /** Where the Downloads watcher looks; empty means the OS Downloads folder. */
  downloadsFolder: z.string().max(4096),
  /** Off until the user turns it on after reading what is sent; nothing reaches Apple while it is off. */
  appleCheckEnabled: z.boolean(),
  /** Days after which a key still in use is shown as due for replacement, in this app only; 0 turns the reminder off. */
  replaceKeysAfterDays: z
    .number()
    .int()
    .refine(isReplacementReminderDays, `expected 0 (off) or a whole number of days from ${REPLACEMENT_REMINDER_DAYS.min} to ${REPLACEMENT_REMINDER_DAYS.max}`),
};

/** Preferences kept with electron-store. Never a secret: no passphrase, key, token or vault key. */
export const PreferencesSchema = z.object({
  autoLockMinutes: editable.autoLockMinutes.default(10),
  clipboardClearSeconds: editable.clipboardClearSeconds.default(60),
  theme: editable.theme.default('system'),
  downloadsFolder: editable.downloadsFolder.default(''),
  appleCheckEnabled: editable.appleCheckEnabled.default(false),
  replaceKeysAfterDays: editable.replaceKeysAfterDays.default(REPLACEMENT_REMINDER_DAYS.off),
  windowBounds: z
    .object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(320), height: z.number().int().min(240) })
    .optional(),
});

export type Preferences = z.output<typeof PreferencesSchema>;

/**
 * What the renderer may change (window bounds are the shell's). No defaults here: a partial update
 * must not reset the fields it leaves out.
 */
export const PreferencesUpdateSchema = z.object(editable).partial().strict();
export type PreferencesUpdate = z.input<typeof PreferencesUpdateSchema>;
