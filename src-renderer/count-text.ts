/** “1 key”, “3 keys”: a count with its noun in the right number. */
export function countText(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
