import type { ExportKeyMaterial } from './export-plan';

/**
 * The key as PEM text for pasting or embedding (JSON, .env, CI variables): the .p8 written out,
 * without a byte order mark, with LF line ends and one final newline. parseP8 accepted the file as a
 * single PEM block, so nothing else is in it.
 */
export function pemTextOf(material: Pick<ExportKeyMaterial, 'p8Bytes'>): string {
  const text = new TextDecoder('utf-8').decode(material.p8Bytes);
  return `${text.replace(/\r\n?/g, '\n').trim()}\n`;
}
