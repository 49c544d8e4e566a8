import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A small tmpfs mounted for the SQLite file's directory, which the harness fills to the last
 * block for a while (disk full) and empties again. Needs root and a kernel that lets it mount;
 * otherwise `mount` says why not and the disk-full fault is skipped.
 */
export class SmallDisk {
  private filled = false;

  private constructor(readonly dir: string) {}

  /** Mounts a tmpfs of `sizeMb` at `dir`; the reason when it cannot. */
  static mount(dir: string, sizeMb: number): SmallDisk | { skipped: string } {
    mkdirSync(dir, { recursive: true });
    if (process.getuid?.() !== 0) {
      return { skipped: 'not root: cannot mount a tmpfs for the SQLite directory' };
    }
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'tmpfs', dir], {
        stdio: 'pipe',
      });
    } catch (err) {
      const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
      return { skipped: `mount -t tmpfs failed: ${stderr || (err as Error).message}` };
    }
    return new SmallDisk(dir);
  }

  private fillers: string[] = [];

  freeBytes(): number {
    const stat = statfsSync(this.dir);
    return Number(stat.bavail) * Number(stat.bsize);
  }

  /**
   * Takes every free block (fallocate, so no page of zeros goes through this process). The service
   * writes meanwhile: a block it takes between the measure and the fallocate makes that fallocate
   * fail with ENOSPC, so measure again and take what is left, a few times.
   */
  fill(): number {
    let taken = 0;
    for (let tries = 0; tries < 5; tries++) {
      const free = this.freeBytes();
      if (free === 0) {
        break;
      }
      const filler = join(this.dir, `disk-filler-${this.fillers.length}`);
      this.fillers.push(filler);
      try {
        execFileSync('fallocate', ['-l', String(free), filler], { stdio: 'pipe' });
        taken += free;
      } catch (err) {
        const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
        if (!stderr.includes('No space left')) {
          throw err;
        }
      }
    }
    this.filled = true;
    return taken;
  }

  release(): void {
    for (const filler of this.fillers) {
      rmSync(filler, { force: true });
    }
    this.fillers = [];
    this.filled = false;
  }

  get isFull(): boolean {
    return this.filled;
  }

  unmount(): void {
    this.release();
    try {
      execFileSync('umount', [this.dir], { stdio: 'pipe' });
    } catch {
      // still busy (a process holds a file): detach it, the kernel frees it once closed
      execFileSync('umount', ['-l', this.dir], { stdio: 'pipe' });
    }
  }
}
