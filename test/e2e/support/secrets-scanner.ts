/**
 * The secrets-hygiene check: every IPC response, pushed event and main-process log line of an e2e
 * run is scanned for PEM armour, the base64 bodies of the run's test keys, and its passphrases.
 */
export class SecretsScanner {
  private readonly secrets = new Set<string>();

  /**
   * Registers a passphrase, or a private-key PEM whose every body line is then a secret of its own.
   * Lines that also stand in the key's public half (a .p8 ends with the public point) are public.
   */
  add(secret: string, publicKeyPem = ''): void {
    const bodyLines = secret.split(/\r?\n/).filter((line) => /^[A-Za-z0-9+/=]{16,}$/.test(line) && !publicKeyPem.includes(line));
    if (bodyLines.length > 0) {
      bodyLines.forEach((line) => this.secrets.add(line));
      this.secrets.add(bodyLines.join(''));
    } else {
      this.secrets.add(secret);
    }
  }

  /** Returns a description of every hit; an empty list means the texts are clean. */
  findLeaks(texts: Iterable<string>): string[] {
    const leaks: string[] = [];
    for (const text of texts) {
      if (/-----(BEGIN|END) [A-Z ]*PRIVATE KEY-----|PRIVATE KEY/.test(text)) leaks.push(`PEM armour in: ${text.slice(0, 120)}`);
      for (const secret of this.secrets) if (text.includes(secret)) leaks.push(`a registered secret (${secret.slice(0, 6)}…) in: ${text.slice(0, 120)}`);
    }
    return leaks;
  }
}
