import type { ExportTargetId } from '../../../src-shared/exports/export-targets';
import type { ExportTarget } from '../export-plan';
import { adaptyTarget } from './adapty';
import { adjustTarget } from './adjust';
import { altoolTarget } from './altool';
import { apphudTarget } from './apphud';
import { ascCliTarget } from './asc-cli';
import { codemagicTarget } from './codemagic';
import { dotenvTarget } from './dotenv';
import { expoEasTarget } from './expo-eas';
import { fastlaneTarget } from './fastlane';
import { githubActionsTarget } from './github-actions';
import { purchaselyTarget } from './purchasely';
import { qonversionTarget } from './qonversion';
import { revenueCatTarget } from './revenuecat';
import { superwallTarget } from './superwall';

/** One module per target; this table is the only place that lists them. */
export const EXPORT_TARGET_MODULES: { [Id in ExportTargetId]: ExportTarget<Id> } = {
  revenuecat: revenueCatTarget,
  adapty: adaptyTarget,
  qonversion: qonversionTarget,
  superwall: superwallTarget,
  apphud: apphudTarget,
  adjust: adjustTarget,
  purchasely: purchaselyTarget,
  fastlane: fastlaneTarget,
  codemagic: codemagicTarget,
  'expo-eas': expoEasTarget,
  'github-actions': githubActionsTarget,
  dotenv: dotenvTarget,
  altool: altoolTarget,
  'asc-cli': ascCliTarget,
};
