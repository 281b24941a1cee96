/** The guided setup's steps, in order; the stepper and the navigation read this table. */
export const WALKTHROUGH_STEPS = [
  { id: 'purpose', label: 'Purpose', title: 'What is the key for?', blockedHint: 'Choose what the key is for to continue.' },
  { id: 'role', label: 'Role', title: 'Check that you can generate it', blockedHint: 'Confirm your role to continue.' },
  { id: 'open', label: 'Generate', title: 'Generate the key in App Store Connect', blockedHint: '' },
  { id: 'download', label: 'Download', title: 'Download the file, once', blockedHint: 'Continue is available once a valid key file of this kind has arrived.' },
  { id: 'identifiers', label: 'IDs', title: 'Copy the Key ID and Issuer ID', blockedHint: 'Fill in and confirm the IDs to continue.' },
  { id: 'details', label: 'Details', title: 'Add details (optional)', blockedHint: 'Correct the bundle IDs to continue.' },
  { id: 'save', label: 'Save', title: 'Save and secure', blockedHint: '' },
] as const;

export type WalkthroughStepId = (typeof WALKTHROUGH_STEPS)[number]['id'];
