import type { Clock } from '../clock';

/** A clock that moves only when told to (unit and integration tests). */
export class ManualClock implements Clock {
  private current: number;

  constructor(start = Date.parse('2025-01-01T00:00:00.000Z')) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
