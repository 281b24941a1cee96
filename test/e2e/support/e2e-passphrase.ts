/** The vault passphrase of the e2e runs; the secrets scanner must never find it in the traffic. */
export const E2E_PASSPHRASE = 'violet anchor seventy lantern';
