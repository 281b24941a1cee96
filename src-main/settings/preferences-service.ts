import { PreferencesSchema, type Preferences, type PreferencesUpdate } from '../../src-shared/settings/preferences';

/** The storage under the service: electron-store in the app, a plain object in tests. */
export interface PreferencesStorage {
  read(): unknown;
  write(value: Preferences): void;
}

export class PreferencesService {
  constructor(private readonly storage: PreferencesStorage) {}

  /** A stored value that no longer fits the schema falls back to the defaults rather than failing start-up. */
  get(): Preferences {
    const parsed = PreferencesSchema.safeParse(this.storage.read() ?? {});
    return parsed.success ? parsed.data : PreferencesSchema.parse({});
  }

  /** The shell's own: where the window was, so it opens there next time. */
  saveWindowBounds(bounds: NonNullable<Preferences['windowBounds']>): void {
    const next = PreferencesSchema.safeParse({ ...this.get(), windowBounds: bounds });
    if (next.success) this.storage.write(next.data);
  }

  update(update: PreferencesUpdate): Preferences {
    const next = PreferencesSchema.parse({ ...this.get(), ...update });
    this.storage.write(next);
    return next;
  }
}
