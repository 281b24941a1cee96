import { InvalidArgumentError } from 'commander';
import { BUNDLE_METADATA_FIELDS, type BundleMetadataField } from '../../src-shared/exports/bundle';
import { EXPORT_NAME_FIELDS, type ExportNameField } from '../../src-shared/exports/export-options';
import type { ExportNames } from './export-commands';

/** How option values are spelled on the command line; commander reports a refusal with the option's name. */

/** A repeatable option, collected into a list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A whole number from min to max; `why` (a clause) says where the limit comes from when a refusal should. */
export function integerFrom(min: number, max: number, why?: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || number < min || number > max) {
      throw new InvalidArgumentError(`Give a whole number from ${min} to ${max}${why === undefined ? '' : `: ${why}`}.`);
    }
    return number;
  };
}

/** `FIELD=NAME` for --secret-name and --variable-name, repeated and collected into one object. */
export function exportName(value: string, previous: ExportNames | undefined): ExportNames {
  const match = /^([A-Za-z]+)=(.*)$/.exec(value);
  const field = match?.[1] as ExportNameField | undefined;
  if (!match || field === undefined || !EXPORT_NAME_FIELDS.includes(field)) {
    throw new InvalidArgumentError(`Write it as FIELD=NAME, FIELD one of ${EXPORT_NAME_FIELDS.join(', ')}: e.g. keyId=ASC_KEY_ID.`);
  }
  if (previous?.[field] !== undefined) throw new InvalidArgumentError(`${field} is named twice.`);
  return { ...previous, [field]: match[2] ?? '' };
}

/** `--metadata bundleIds,tags`: the optional fields a bundle carries; "" for none of them. */
export function bundleMetadata(value: string): BundleMetadataField[] {
  const fields = value
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  const unknown = fields.filter((field) => !(BUNDLE_METADATA_FIELDS as readonly string[]).includes(field));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`Unknown ${unknown.join(', ')}: choose from ${BUNDLE_METADATA_FIELDS.join(', ')}, comma-separated ("" for none).`);
  }
  return [...new Set(fields as BundleMetadataField[])];
}
