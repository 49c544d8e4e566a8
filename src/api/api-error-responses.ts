import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './dto/error.dto';

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'invalid parameters (details.fields lists them)',
  404: 'not known (not on-chain, or not indexed yet)',
  429: 'rate limit exceeded (API_RATE_LIMIT per minute per IP)',
  500: 'unexpected error (errorId is logged)',
};

/** Documents the error shape for the given statuses. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'error', type: ErrorResponseDto }),
    ),
  );
}
