// Runs Electronegativity (Doyensec's Electron security linter) over what ships (dist/main, dist/preload,
// dist/renderer), the Electron shell's sources (src-main/electron) and package.json, offline. Fails on a
// finding missing from .electronegativity-allowlist.json, on an allowlist entry nothing matches any more,
// and on a file it cannot parse; prints every allowlisted finding with its reason.
//
// This drives the package's parser and checks directly, the same steps as its runner.js, because the
// runner (1) downloads translations before every scan, (2) skips .cjs files, which both our bundles
// are, and (3) cannot walk the private class fields in the main bundle (Babel's estree plugin needs
// `classFeatures`). That is why package.json pins the version exactly.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const toolDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const requireFromTool = createRequire(path.join(toolDir, 'package.json'));

const allowlistFile = '.electronegativity-allowlist.json';
const allowlist = JSON.parse(readFileSync(path.join(root, allowlistFile), 'utf8'));

/** Every file the scan reads, relative to the repository; a missing build is an error, not an empty scan. */
function inputFiles() {
  const walk = (dir) =>
    readdirSync(path.join(root, dir)).flatMap((name) => {
      const relative = `${dir}/${name}`;
      return statSync(path.join(root, relative)).isDirectory() ? walk(relative) : [relative];
    });
  for (const bundle of ['dist/main/main.cjs', 'dist/preload/preload.cjs', 'dist/renderer/index.html']) {
    try {
      statSync(path.join(root, bundle));
    } catch {
      throw new Error(`${bundle} is missing: run \`npm run build\` first.`);
    }
  }
  return [
    ...walk('dist/main'),
    ...walk('dist/preload'),
    ...walk('dist/renderer').filter((file) => /\.(js|html)$/.test(file)),
    ...walk('src-main/electron').filter((file) => file.endsWith('.ts')),
    'package.json',
  ];
}

/** The parser picks JavaScript, HTML or JSON from the extension and does not know .cjs. */
const parserName = (file) => file.replace(/\.cjs$/, '.js');

function configureMessages() {
  // The English messages that ship in the package, without the runner's download of a newer copy.
  requireFromTool('i18n').configure({
    locales: ['en-US'],
    defaultLocale: 'en-US',
    directory: path.join(toolDir, 'dist', 'locales'),
    updateFiles: false,
    objectNotation: true,
    register: globalThis,
  });
}

async function scan(files) {
  configureMessages();
  const { Parser } = requireFromTool('./dist/parser');
  const { Finder, GlobalChecks } = requireFromTool('./dist/finder');
  const parser = new Parser(false, true);
  parser.babelPlugins = parser.babelPlugins.map((plugin) => (plugin === 'estree' ? ['estree', { classFeatures: true }] : plugin));
  const excluded = allowlist.excludedChecks.map(({ check }) => check.toLowerCase());
  const finder = new Finder([], excluded.filter((check) => !check.endsWith('globalcheck')));
  const globalChecks = new GlobalChecks([], excluded.filter((check) => check.endsWith('globalcheck')));
  const electronVersion = require('electron/package.json').version;

  const issues = [];
  const unreadable = [];
  for (const file of files) {
    try {
      const [type, data, content] = parser.parse(parserName(file), readFileSync(path.join(root, file)));
      if (data === null) throw new Error('not a JavaScript, TypeScript, HTML or JSON file');
      issues.push(...(await finder.find(file, data, type, content, null, electronVersion)));
    } catch (error) {
      unreadable.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const results = await globalChecks.getResults(issues);
  const visible = results.filter((issue) => !issue.visibility || (!issue.visibility.inlineDisabled && !issue.visibility.globalCheckDisabled));
  return { checks: finder._enabled_checks.length + globalChecks._enabled_checks.length, issues: visible, unreadable };
}

const matches = (entry, issue) =>
  entry.check === issue.id && entry.file === issue.file && (entry.line === undefined || (issue.sample ?? '').includes(entry.line));
const where = (issue) => (issue.file === 'N/A' ? '(whole app)' : `${issue.file}:${issue.location.line}`);

const files = inputFiles();
const { checks, issues, unreadable } = await scan(files);
const used = new Set();
const unexpected = [];
let allowed = 0;
for (const issue of issues) {
  const entry = allowlist.findings.find((candidate) => matches(candidate, issue));
  if (!entry) {
    unexpected.push(issue);
    continue;
  }
  used.add(entry);
  allowed += 1;
  console.log(`allowed  ${issue.id}  ${where(issue)}\n         ${entry.reason}`);
}
for (const { check, reason } of allowlist.excludedChecks) console.log(`skipped  ${check}\n         ${reason}`);

const stale = allowlist.findings.filter((entry) => !used.has(entry));
for (const issue of unexpected) {
  console.error(`FINDING  ${issue.id}  ${where(issue)}  (${issue.severity.name}, ${issue.confidence.name})`);
  console.error(`         ${issue.description}${issue.sample ? `\n         > ${issue.sample.slice(0, 160)}` : ''}\n         ${issue.shortenedURL}`);
}
for (const entry of stale) console.error(`STALE    ${entry.check}  ${entry.file}: no finding matches this ${allowlistFile} entry any more; remove it.`);
for (const line of unreadable) console.error(`UNREAD   ${line}`);

const failures = unexpected.length + stale.length + unreadable.length;
console.log(`Electronegativity: ${checks} checks over ${files.length} files; ${allowed} allowlisted, ${failures} problem(s).`);
if (failures > 0) process.exit(1);
