import { NOT_JUDGED_PROBLEMS, type AppleCheckResult } from '../../src-shared/apple-check/apple-check';
import { AppleCheckService } from '../apple-check/apple-check-service';
import type { AppleFetch } from '../apple-check/apple-request';
import { EXIT, type ExitCode } from './exit-codes';
import { formatTable, keyJson, oneLine, type CommandOutput } from './output';
import { resolveKey } from './resolve-key';
import { UsageError } from './usage-error';
import { withUnlockedVault, type VaultTarget } from './vault-session';

export const ALLOW_NETWORK_REQUIRED =
  '`check` sends Apple a token signed with the key (and nothing else), to Apple’s API hosts only. ' +
  'The command line does not read the app’s settings, so say yes with --allow-network.';

/**
 * Asks Apple whether KEY works and keeps the answer on the key. Without --allow-network it is refused before the
 * passphrase is asked, and nothing is sent.
 */
export async function checkKey(target: VaultTarget, reference: string, allowNetwork: boolean, fetch: AppleFetch): Promise<CommandOutput> {
  if (!allowNetwork) throw new UsageError(ALLOW_NETWORK_REQUIRED);
  return withUnlockedVault(target, async ({ keys }) => {
    const key = resolveKey(keys.listKeys(), reference);
    const result = await new AppleCheckService({ keys, fetch, isEnabled: () => true }).check(key.id);
    const exitCode = checkExitCode(result);
    return { json: checkJson(result), text: checkText(result), ...(exitCode === EXIT.ok ? {} : { exitCode }) };
  });
}

/** 0 when Apple accepted the key; 8 when it refused it; 9 when the answer says nothing about the key; 4 when it could not be asked. */
export function checkExitCode(result: Pick<AppleCheckResult, 'works' | 'problem'>): ExitCode {
  if (result.works || result.problem === undefined) return EXIT.ok;
  if (result.problem === 'no-bundle-id') return EXIT.invalidInput;
  return NOT_JUDGED_PROBLEMS.includes(result.problem) ? EXIT.appleNotReached : EXIT.appleRefused;
}

function checkJson(result: AppleCheckResult): Record<string, unknown> {
  return {
    key: keyJson(result.key),
    works: result.works,
    problem: result.problem ?? null,
    summary: result.summary,
    checkedAt: result.checkedAt,
    explanations: [...result.explanations],
    apps: result.apps.map(({ name, bundleId, appleId }) => ({ name, bundleId, appleId })),
    moreApps: result.moreApps,
    bundleIdsToAdd: [...result.bundleIdsToAdd],
    attempts: result.attempts.map(({ label, url, status, works, problem, detail }) => ({ label, url, status, works, problem: problem ?? null, detail: detail ?? null })),
  };
}

function checkText(result: AppleCheckResult): string {
  const { key } = result;
  const lines = [`"${oneLine(key.name)}" (${key.keyId}): ${result.summary}`];
  if (result.apps.length > 0) {
    lines.push('', formatTable(['NAME', 'BUNDLE ID', 'APPLE ID'], result.apps.map((app) => [app.name, app.bundleId, app.appleId])).trimEnd());
  }
  if (result.bundleIdsToAdd.length > 0) {
    lines.push('', `Not on the key yet: ${result.bundleIdsToAdd.join(', ')} (add them with \`update ${key.keyId} --bundle-id …\`).`);
  }
  if (result.explanations.length > 0) lines.push('', ...result.explanations.map(oneLine));
  const details = result.attempts.filter((entry) => entry.detail !== undefined);
  if (details.length > 0) {
    lines.push('', 'Apple’s answers:');
    for (const entry of details) lines.push(`  ${entry.label}: ${entry.status ?? 'no answer'} ${oneLine(entry.detail ?? '')}`);
  }
  return `${lines.join('\n')}\n`;
}
