import { safeStorage } from 'electron';
import type { KeychainPort } from '../vault/keychain';

/**
 * The vault key kept by Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet). Linux's
 * basic_text backend only obfuscates with a fixed password, so it is refused.
 */
export const safeStorageKeychain: KeychainPort = {
  unavailableReason() {
    if (!safeStorage.isEncryptionAvailable()) return 'this system offers no keychain to the app.';
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return 'no keyring (GNOME Keyring or KWallet) is running, so the system would store the key with a fixed, public password.';
    }
    return null;
  },
  // safeStorage works on strings, so the key travels as base64 for the length of the call.
  encrypt: (plaintext) => safeStorage.encryptString(plaintext.toString('base64')),
  decrypt: (ciphertext) => Buffer.from(safeStorage.decryptString(ciphertext), 'base64'),
};
