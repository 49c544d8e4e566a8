import type { IncomingHttpHeaders } from 'node:http';
import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ErrorResponseDto } from '../dto/error.dto';
import { OWNER_SIGNATURE_HEADER } from './owner-signature-header';
import type { PrivateReadCredentials } from './private-job-access';

/**
 * The request's owner signature and bearer token, for PrivateJobAccess. (Nest's own `@Headers()`
 * would document each header as a required parameter; PrivateRead documents them as optional.)
 */
export const ReadCredentials = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): PrivateReadCredentials =>
    readCredentialsOf(ctx.switchToHttp().getRequest<FastifyRequest>().headers),
);

const OWNER_SIGNATURE_KEY = OWNER_SIGNATURE_HEADER.toLowerCase();

/** The owner signature and bearer token among a request's headers (Nest and Fastify handlers). */
export function readCredentialsOf(headers: IncomingHttpHeaders): PrivateReadCredentials {
  const signature = headers[OWNER_SIGNATURE_KEY];
  return {
    authorization: headers.authorization,
    // a repeated header arrives as a list: joined, it fails to parse rather than pick one
    ownerSignature: Array.isArray(signature) ? signature.join(', ') : signature,
  };
}

const OWNER_SIGNATURE_DESCRIPTION =
  "a private job's owner: signer=<SS58 or 0x public key>; message=<from GET /jobs/{id}/access-challenge>; signature=<0x sr25519/ed25519 signature of <Bytes>message</Bytes>>. Operators send Authorization: Bearer <token with jobs:read-private> instead.";

/**
 * Documents a route that shows private jobs' fields only to their owner or an operator token
 * (ADR 0013). `listing`: no per-job signature, only the token; `required`: without either, a
 * private job is refused (401) rather than shown with its fields withheld.
 */
export function PrivateRead(
  options: { listing?: boolean; required?: boolean } = {},
): MethodDecorator {
  const unauthorized = options.required
    ? 'a private job, and no (or an invalid, expired or misdirected) owner signature or token'
    : 'an owner signature or token was sent and does not hold (without one, private fields read "withheld")';
  return applyDecorators(
    ...(options.listing
      ? []
      : [
          ApiHeader({
            name: OWNER_SIGNATURE_HEADER,
            required: false,
            description: OWNER_SIGNATURE_DESCRIPTION,
          }),
        ]),
    ApiResponse({ status: 401, description: unauthorized, type: ErrorResponseDto }),
    ApiResponse({
      status: 403,
      description: options.listing
        ? 'the token lacks jobs:read-private'
        : 'a valid signature by someone other than the owner, or a token without jobs:read-private',
      type: ErrorResponseDto,
    }),
  );
}
