import type { KeyKind } from '../../src-shared/keys/key-kind';
import { ASC_INDIVIDUAL_GUIDE } from './asc-individual';
import { ASC_TEAM_GUIDE } from './asc-team';
import type { KeyKindGuide } from './guide';
import { IN_APP_PURCHASE_GUIDE } from './in-app-purchase';

export const KEY_KIND_GUIDES: Record<KeyKind, KeyKindGuide> = {
  'in-app-purchase': IN_APP_PURCHASE_GUIDE,
  'asc-team': ASC_TEAM_GUIDE,
  'asc-individual': ASC_INDIVIDUAL_GUIDE,
};
