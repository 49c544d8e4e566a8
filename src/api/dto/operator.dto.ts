import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { JOB_WORK_STATES, SETTLEMENT_STATES } from '../../jobs/engine';
import { decimalString, isoTime } from './wire';

export const workStateSchema = z.object({
  jobId: decimalString,
  state: z.enum(JOB_WORK_STATES),
  attempts: z.number().int().nonnegative(),
  reason: z.string().nullable(),
  settlement: z.enum(SETTLEMENT_STATES),
  finishedAt: isoTime.nullable(),
});

export type WorkStateBody = z.infer<typeof workStateSchema>;

export class WorkStateResponseDto extends createZodDto(workStateSchema) {}
