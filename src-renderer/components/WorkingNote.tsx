/**
 * What main is doing while a slow call runs (a key derivation takes about half a second, a large vault
 * longer): an indeterminate progress bar and a line the screen reader announces.
 */
export function WorkingNote({ text }: { text: string }) {
  return (
    <p className="working-note muted" role="status">
      <progress className="working-note__bar" aria-label={text} />
      <span>{text}</span>
    </p>
  );
}
