import type { AppleFetch } from '../../src-main/apple-check/apple-request';
import { routedAppIn } from './routed-app-in';
import { tempFolder } from './temp-vault';

/**
 * The real services behind the real router, as the renderer reaches them, with a fake clipboard and
 * a queue of dialog answers, in a temp folder removed after the test. See routedAppIn.
 */
export function routedApp(options: { now?: () => Date; appleFetch?: AppleFetch } = {}) {
  return routedAppIn(tempFolder(), options);
}
