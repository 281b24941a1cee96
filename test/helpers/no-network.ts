import type { AppleFetch } from '../../src-main/apple-check/apple-request';

/** For harnesses that never check with Apple: any request is a test failure, never a real one. */
export const refuseNetwork: AppleFetch = (url) => Promise.reject(new Error(`a test tried to reach ${url}`));
