// `npm run checksums -- --out FILE`: writes the SHA-256 of every installer in release/ to FILE (beside them),
// and fails when there is none, so a build that made nothing cannot pass for one that did.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatChecksums, releaseArtifacts, sha256OfFile } from './checksums';

const { values } = parseArgs({ options: { dir: { type: 'string', default: 'release' }, out: { type: 'string' } } });
const dir = path.resolve(values.dir);
const out = path.resolve(values.out ?? path.join(dir, `SHA256SUMS-${process.platform}-${process.arch}.txt`));

const artifacts = releaseArtifacts(readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isFile()));
if (artifacts.length === 0) {
  console.error(`No installers in ${dir}: run \`npm run package\` first.`);
  process.exit(1);
}
const checksums = await Promise.all(artifacts.map(async (name) => ({ name, sha256: await sha256OfFile(path.join(dir, name)) })));
const text = formatChecksums(checksums);
writeFileSync(out, text);
process.stdout.write(text);
console.log(`Wrote ${out}`);
