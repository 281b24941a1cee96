import { net } from 'electron';
import type { AppleFetch } from '../apple-check/apple-request';

/** Checks with Apple go through Chromium's network stack, so the system's proxy settings and certificates apply. */
export const electronAppleFetch: AppleFetch = (url, init) => net.fetch(url, { ...init, credentials: 'omit', cache: 'no-store' });
