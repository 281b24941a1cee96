/** An ISO 8601 time as the inspector writes every time: to the second, in UTC, the zone named ("2026-12-04 16:20:05 UTC"). */
export function utcTimeText(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
