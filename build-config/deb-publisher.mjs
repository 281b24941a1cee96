// The deb package's Maintainer and Homepage fields name the publisher. They are release inputs, like the
// signing and notarization credentials, so the repository does not carry them: `npm run package` reads
// them from the environment and hands them to electron-builder as config overrides.

export const MAINTAINER_VARIABLE = 'ASC_VAULT_MAINTAINER';
export const HOMEPAGE_VARIABLE = 'ASC_VAULT_HOMEPAGE';

const MAINTAINER_SHAPE = /^[^<>@\n]+ <[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>$/;
const PLATFORM_FLAGS = { linux: ['--linux', '-l'], other: ['--mac', '--macos', '-m', '-o', '--win', '--windows', '-w'] };

function isHttpsAddress(text) {
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The electron-builder arguments that set the deb package's publisher, from the environment:
 * `{ args }` (empty when neither variable is set) or `{ problem }` saying what to fix.
 */
export function debPublisherArguments(env) {
  const maintainer = env[MAINTAINER_VARIABLE]?.trim();
  const homepage = env[HOMEPAGE_VARIABLE]?.trim();
  if (!maintainer && !homepage) return { args: [] };
  if (!maintainer || !MAINTAINER_SHAPE.test(maintainer)) {
    return {
      problem: `${MAINTAINER_VARIABLE} must read "Name <email>", for example "Jane Appleseed <jane@example.com>": it becomes the deb package's Maintainer field.`,
    };
  }
  if (!homepage || !isHttpsAddress(homepage)) {
    return { problem: `${HOMEPAGE_VARIABLE} must be the project's https:// address: it becomes the deb package's Homepage field.` };
  }
  return { args: [`-c.linux.maintainer=${maintainer}`, `-c.extraMetadata.homepage=${homepage}`] };
}

export const MISSING_PUBLISHER = [
  `The deb package names its publisher, and the repository does not keep that contact: set ${MAINTAINER_VARIABLE}`,
  `to "Name <email>" and ${HOMEPAGE_VARIABLE} to the project's https:// address, or build only the AppImage`,
  'with `npm run package -- --linux AppImage`.',
].join(' ');

/** Linux targets named after `--linux`/`-l` (or `--linux=deb`), without their `:arch`; empty means the config's own. */
function linuxTargetsNamed(args) {
  const at = args.findIndex((arg) => PLATFORM_FLAGS.linux.includes(arg) || arg.startsWith('--linux='));
  if (at === -1) return null;
  const inline = args[at].startsWith('--linux=') ? [args[at].slice('--linux='.length)] : [];
  const following = [];
  for (const arg of args.slice(at + 1)) {
    if (arg.startsWith('-')) break;
    following.push(arg);
  }
  return [...inline, ...following].map((target) => target.split(':')[0]).filter(Boolean);
}

/**
 * Whether these electron-builder arguments would build the deb package, as electron-builder reads them:
 * targets named after `--linux` win; otherwise `--dir` builds none, `--linux` builds the config's
 * (AppImage and deb), and no platform flag means the host's platform with the config's targets.
 */
export function buildsDebPackage(args, hostPlatform) {
  const named = linuxTargetsNamed(args);
  if (named !== null && named.length > 0) return named.includes('deb');
  if (args.includes('--dir')) return false;
  if (named !== null) return true;
  if (args.some((arg) => PLATFORM_FLAGS.other.includes(arg))) return false;
  return hostPlatform === 'linux';
}
