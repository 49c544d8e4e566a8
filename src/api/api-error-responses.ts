import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './dto/error.dto';

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'invalid parameters (details.fields lists them)',
  401: 'no valid bearer token (or writes are disabled: no JWT_SECRET)',
  403: 'the token lacks the required scope',
  404: 'not known (not on-chain, or not indexed yet)',
  409: 'the current state does not allow it',
  413: 'request body too large',
  429: 'rate limit exceeded (API_RATE_LIMIT per minute per IP)',
  500: 'unexpected error (errorId is logged)',
  503: 'a dependency (the chain, the database) did not answer; try again',
};

/** Documents the error shape for the given statuses. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'error', type: ErrorResponseDto }),
    ),
  );
}
