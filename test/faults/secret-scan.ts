import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A configured secret found where it must never be. */
export interface SecretFinding {
  /** which secret (its name, never its value) */
  readonly secret: string;
  /** a log file or `response GET /route` */
  readonly where: string;
}

/**
 * Knows the secrets the service is configured with (seeds, JWT secret, database password,
 * keystore password) and reports each place one shows up: log files and API answers. Needles
 * shorter than 8 characters are refused (they would match by chance).
 */
export class SecretScanner {
  private readonly needles = new Map<string, string[]>();
  readonly findings: SecretFinding[] = [];
  private readonly seen = new Set<string>();

  add(name: string, value: string): void {
    const forms = new Set([value]);
    if (/^0x[0-9a-fA-F]+$/.test(value)) {
      forms.add(value.slice(2)); // a hex secret printed without its prefix
    }
    const usable = [...forms].filter((form) => form.length >= 8);
    if (usable.length === 0) {
      throw new Error(`secret ${name} is too short to scan for`);
    }
    this.needles.set(name, usable);
  }

  get names(): string[] {
    return [...this.needles.keys()];
  }

  scanText(where: string, text: string): void {
    for (const [name, forms] of this.needles) {
      if (forms.some((form) => text.includes(form))) {
        const key = `${name}@${where}`;
        if (!this.seen.has(key)) {
          this.seen.add(key);
          this.findings.push({ secret: name, where });
        }
      }
    }
  }

  /** Scans every file under `dir` (the harness's log folder). */
  scanDirectory(dir: string): number {
    let files = 0;
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        files += this.scanDirectory(path);
      } else {
        this.scanText(path, readFileSync(path, 'utf8'));
        files++;
      }
    }
    return files;
  }
}
