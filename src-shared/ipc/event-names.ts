/** main → renderer notifications. Like CHANNEL_NAMES, kept apart so the preload stays small. */
export const EVENT_NAMES = ['vault.locked', 'downloads.keyFound', 'downloads.stopped', 'menu.command'] as const;

export type EventName = (typeof EVENT_NAMES)[number];

export const EVENT_CHANNEL_PREFIX = 'event:';
