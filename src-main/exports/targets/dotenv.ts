import { dotenvVariableNamesOf } from '../../../src-shared/exports/export-options';
import { KEY_KIND_LABELS } from '../../../src-shared/keys/key-kind';
import { defineExportTarget } from '../export-plan';
import { pemTextOf } from '../pem-text';
import { field, keyIn, textFile } from './target-parts';

/**
 * A .env file for your own scripts and servers. The PEM is either one double-quoted value spanning
 * several lines (dotenv and most loaders read it so) or the .p8 base64-encoded on one line.
 * Individual keys have no Issuer ID, so their file has no Issuer ID line.
 */
export const dotenvTarget = defineExportTarget({
  id: 'dotenv',
  layout: ({ keys, options }) => {
    const key = keyIn(keys, 'key');
    const names = dotenvVariableNamesOf(options.variableNames, options.pemStyle);
    const file = textFile(options.fileName, 'Key ID, Issuer ID and the private key as variables.', true);
    const fields = [field.keyId(names.keyId, key)];
    if (key.issuerId !== undefined) fields.push(field.issuerId(names.issuerId, key));
    const decode =
      options.pemStyle === 'base64'
        ? [`${names.privateKey} is the .p8 file in base64: decode it before use, e.g. Buffer.from(process.env.${names.privateKey}, 'base64').toString('utf8') in Node.`]
        : [`${names.privateKey} holds the PEM on several lines inside double quotes; dotenv (Node), python-dotenv and Docker Compose read it as one value.`];
    return {
      files: [file],
      fields: [...fields, field.privateKey(names.privateKey, 'key', { form: options.pemStyle === 'base64' ? 'base64' : 'pem', file: file.name })],
      checklist: [`Add ${options.fileName} to .gitignore before committing anything.`, ...decode, 'Load it with your tool’s .env support.'],
      commands: [],
      notices: key.issuerId === undefined ? [`${KEY_KIND_LABELS[key.kind]}s have no Issuer ID, so the file has no ${names.issuerId} line.`] : [],
    };
  },
  composeTexts: ({ keys, materials, options }) => {
    const key = keyIn(keys, 'key');
    const material = materials.key;
    if (!material) throw new Error('dotenv: no key material');
    const names = dotenvVariableNamesOf(options.variableNames, options.pemStyle);
    const privateKey =
      options.pemStyle === 'base64' ? Buffer.from(material.p8Bytes).toString('base64') : `"${pemTextOf(material).trimEnd()}"`;
    const lines = [
      `# ${KEY_KIND_LABELS[key.kind]} "${key.name.replace(/[\r\n]+/g, ' ')}" (${key.keyId}), exported by ASC Key Vault. Keep this file private.`,
      `${names.keyId}=${key.keyId}`,
      ...(key.issuerId === undefined ? [] : [`${names.issuerId}=${key.issuerId}`]),
      `${names.privateKey}=${privateKey}`,
      '',
    ];
    return { [options.fileName]: lines.join('\n') };
  },
});
