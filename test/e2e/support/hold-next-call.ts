import type { Page } from 'playwright-core';

/** Holds the page's next call of a channel until released, so the test sees the page while main works; gives the request body. */
export async function holdNextCall(page: Page, channel: string): Promise<{ request: Promise<unknown>; release: () => void }> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let sent: (body: unknown) => void = () => undefined;
  const request = new Promise<unknown>((resolve) => (sent = resolve));
  await page.route(
    (url) => url.pathname === `/ipc/${channel}`,
    async (route) => {
      sent(route.request().postDataJSON());
      await released;
      await route.continue();
    },
    { times: 1 },
  );
  return { request, release };
}
