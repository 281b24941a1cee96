import type { ApplePage } from '../../src-shared/apple/apple-pages';
import type { KeyKind } from '../../src-shared/keys/key-kind';
import type { WalkthroughStepId } from './steps';

/** A page the walkthrough offers to open, with the button's label. */
export interface PageLink {
  page: ApplePage;
  label: string;
}

/**
 * What the walkthrough says for one kind of key, step by step. Apple changes its pages now and
 * then: each kind's table is the one place to follow such a change.
 */
export interface KeyKindGuide {
  kind: KeyKind;
  /** The option shown when a purpose leads to more than one kind (team or individual). */
  choice: { label: string; detail: string };
  /** Replaces a step's default title where this kind needs its own. */
  stepTitles?: Partial<Record<WalkthroughStepId, string>>;
  role: {
    requirement: string;
    notes: string[];
    /** Team keys only: the Access level chosen while generating, and who needs which. */
    accessLevels?: Array<{ level: string; usedFor: string }>;
    ifNot: string;
    confirmLabel: string;
  };
  open: {
    link: PageLink;
    /** Where the key is made in App Store Connect, as a path of menu names. */
    location: string;
    clicks: string[];
  };
  download: {
    /** The file name Apple gives the download, with … for the Key ID. */
    fileName: string;
    clicks: string[];
    note?: string;
  };
  keyId: { hint: string; confirmLabel: string };
  /** Null for kinds without an Issuer ID. */
  issuerId: { hint: string; whenMissing: string; link?: PageLink } | null;
  bundleIdsHint: string;
  lost: { link: PageLink; revokeClicks: string[] };
}
