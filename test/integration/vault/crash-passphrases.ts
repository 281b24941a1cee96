/** The passphrases the crash-safety writer changes between; which one opens the vault is part of what it acknowledges. */
export const CRASH_PASSPHRASES = ['correct horse battery staple', 'a second horse, battery and staple'] as const;
