import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const errorBodySchema = z.object({
  error: z.object({
    code: z
      .string()
      .describe(
        'VALIDATION_FAILED | INVALID_CURSOR | BAD_REQUEST | NOT_FOUND | UNAUTHORIZED | FORBIDDEN | CONFLICT | PAYLOAD_TOO_LARGE | RATE_LIMITED | UNAVAILABLE | STORAGE_UNAVAILABLE | INTERNAL',
      ),
    message: z.string(),
    errorId: z.string().describe('also in the service logs, with the request id'),
    details: z.record(z.unknown()).optional(),
  }),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;

export class ErrorResponseDto extends createZodDto(errorBodySchema) {}
