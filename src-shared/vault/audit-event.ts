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
  'token.issued',
  'vault.backed-up',
  'vault.restored',
  'vault.identity-created',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditEvent {
  id: string;
  /** ISO 8601. */
  at: string;
  type: AuditEventType;
  /** One line for the activity screen; never secrets. */
  summary: string;
  itemId?: string;
}

export interface AuditEventPage {
  events: AuditEvent[];
  total: number;
}
