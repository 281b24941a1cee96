/**
 * Channels only the preload calls, never exposed on window.vault: the renderer cannot name a path to
 * main, so a dropped file's path goes from the preload (Electron's webUtils) straight to main.
 */
export const REGISTER_DROPPED_FILE_CHANNEL = 'preload.registerDroppedFile';
