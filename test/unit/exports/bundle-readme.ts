import { readFileSync } from 'node:fs';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';

/** The README's "Bundle format" subsection, as a person writing a bundle by hand reads it. */
export interface ReadmeBundleFormat {
  /** The field table: `keys[].kind` for a field of each key. */
  rows: Array<{ field: string; type: string; required: string; description: string }>;
  /** The example JSON, parsed. */
  example: unknown;
}

const README = new URL('../../../README.md', import.meta.url);

export function readmeBundleFormat(): ReadmeBundleFormat {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf('\n### Bundle format\n');
  if (start === -1) throw new Error('README has no "### Bundle format" subsection');
  const rest = readme.slice(start + 1);
  const end = rest.slice(1).search(/\n#{2,3} /);
  const section = end === -1 ? rest : rest.slice(0, end + 1);
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      // A cell may hold an escaped pipe, as in a shell command.
      const [field = '', type = '', required = '', description = ''] = line
        .slice(1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim());
      return { field: field.replace(/^`|`$/g, ''), type, required, description };
    });
  const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (json === undefined) throw new Error('README\'s "Bundle format" has no ```json example');
  return { rows, example: JSON.parse(json) as unknown };
}

/** The README's example with a fresh P-256 key, in App Store Connect's own .p8 form, in place of each placeholder. */
export function readmeExampleWithFreshKeys(): { payload: { keys: Array<Record<string, unknown>> } & Record<string, unknown>; p8s: string[] } {
  const payload = structuredClone(readmeBundleFormat().example) as { keys: Array<Record<string, unknown>> } & Record<string, unknown>;
  const p8s = payload.keys.map((entry) => {
    const p8 = appStoreConnectP8(generateP256Key());
    entry.privateKeyPem = p8;
    return p8;
  });
  return { payload, p8s };
}
