const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO 8601 time as the user's locale writes a date and time, e.g. “Nov 25, 2026, 12:50 PM”. */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}
