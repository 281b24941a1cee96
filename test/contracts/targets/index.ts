import type { ExportTargetId } from '../../../src-shared/exports/export-targets';
import type { ConsumerContract } from '../contract';
import { adaptyContract } from './adapty';
import { adjustContract } from './adjust';
import { altoolContract } from './altool';
import { apphudContract } from './apphud';
import { ascCliContract } from './asc-cli';
import { codemagicContract } from './codemagic';
import { dotenvContract } from './dotenv';
import { expoEasContract } from './expo-eas';
import { fastlaneContract } from './fastlane';
import { githubActionsContract } from './github-actions';
import { purchaselyContract } from './purchasely';
import { qonversionContract } from './qonversion';
import { revenueCatContract } from './revenuecat';
import { superwallContract } from './superwall';

/** One consumer contract per export target; the type makes a new target without one a compile error. */
export const CONSUMER_CONTRACTS: { [Id in ExportTargetId]: ConsumerContract<Id> } = {
  revenuecat: revenueCatContract,
  adapty: adaptyContract,
  qonversion: qonversionContract,
  superwall: superwallContract,
  apphud: apphudContract,
  adjust: adjustContract,
  purchasely: purchaselyContract,
  fastlane: fastlaneContract,
  codemagic: codemagicContract,
  'expo-eas': expoEasContract,
  'github-actions': githubActionsContract,
  dotenv: dotenvContract,
  altool: altoolContract,
  'asc-cli': ascCliContract,
};
