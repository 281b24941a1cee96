export const AUDIT_EVENT_TYPES = [
  'vault.created',
  'vault.unlocked',
  'vault.passphrase-changed',
  'vault.quick-unlock-changed',
  'key.added',
  'key.edited',
  'key.revoked',
  'key.unrevoked',
  'key.deleted',
  'key.exported',
  'key.checked',
  'key.replacement',
  'token.issued',
  'vault.backed-up',
  'vault.restored',
  'vault.identity-created',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** For the Activity screen's filter. */
export const AUDIT_EVENT_TYPE_LABELS: Record<AuditEventType, string> = {
  'vault.created': 'Vault created',
  'vault.unlocked': 'Unlocked',
  'vault.passphrase-changed': 'Passphrase changed',
  'vault.quick-unlock-changed': 'Quick unlock changed',
  'key.added': 'Key added',
  'key.edited': 'Key edited',
  'key.revoked': 'Key marked revoked',
  'key.unrevoked': 'Revoked mark removed',
  'key.deleted': 'Key deleted',
  'key.exported': 'Key exported',
  'key.checked': 'Checked with Apple',
  'key.replacement': 'Key replacement',
  'token.issued': 'Token or signature issued',
  'vault.backed-up': 'Backed up',
  'vault.restored': 'Restored',
  'vault.identity-created': 'Age identity created',
};

/** Which program wrote an event: the desktop app or the command line. */
export const AUDIT_EVENT_SOURCES = ['app', 'cli'] as const;
export type AuditEventSource = (typeof AUDIT_EVENT_SOURCES)[number];

export interface AuditEvent {
  id: string;
  /** ISO 8601. */
  at: string;
  type: AuditEventType;
  /** One line for the activity screen; never secrets. */
  summary: string;
  itemId?: string;
  /** Absent on events written before the source was recorded. */
  source?: AuditEventSource;
}

/** What the Activity screen asks for; every part optional. */
export interface AuditEventFilter {
  type?: AuditEventType;
  itemId?: string;
  /** Matched, ignoring case, against each event's summary. */
  query?: string;
}

export interface AuditEventPage {
  events: AuditEvent[];
  total: number;
}
