import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import { formatServicePublicKey } from '../../confidential';
import { AppError, type Clock } from '../../shared';
import { ApiErrorResponses } from '../api-error-responses';
import { ownerReadMessageFor } from '../auth/owner-read-message';
import { OWNER_SIGNATURE_HEADER } from '../auth/owner-signature-header';
import { API_SERVICE_KEYS, type ServiceKeys } from '../auth/private-job-providers';
import { JobIdParamDto } from '../dto/jobs.dto';
import {
  AccessChallengeResponseDto,
  ConfidentialKeyResponseDto,
  type AccessChallengeBody,
  type ConfidentialKeyBody,
} from '../dto/private-jobs.dto';
import { API_CLOCK } from '../tokens';

/**
 * What a private job's owner needs (ADR 0013): the key to seal its payload to, and the message to
 * sign to read its references and result back. Neither is a secret; both need the job engine.
 */
@ApiTags('jobs')
@Controller()
export class PrivateAccessController {
  constructor(
    @Inject(API_SERVICE_KEYS) private readonly keys: ServiceKeys | null,
    @Inject(API_CLOCK) private readonly clock: Clock,
  ) {}

  @Get('jobs/:id/access-challenge')
  @ApiOperation({
    summary: "The message a private job's owner signs to read it, valid for 5 minutes",
    description:
      'Sign `<Bytes>` + message + `</Bytes>` (polkadot-js signRaw with type bytes, or Keyring pair.sign(u8aWrapBytes(message))) with the key that submitted the job, and send `X-PolkaMesh-Owner-Signature: signer=<SS58>; message=<message>; signature=<0x…>`. Nothing is stored: the message binds the chain, the queue contract, this service, the job and the expiry.',
  })
  @ApiParam({ name: 'id', description: 'ai_job_queue job id (u128, decimal)' })
  @ZodResponse({ status: 200, type: AccessChallengeResponseDto })
  @ApiErrorResponses(400, 404, 429, 500)
  challenge(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
  ): AccessChallengeBody {
    const { message, expiresAt } = ownerReadMessageFor(
      this.require().readContext,
      params.id,
      this.clock.now(),
    );
    return {
      jobId: params.id.toString(),
      message,
      expiresAt: expiresAt.toISOString(),
      header: OWNER_SIGNATURE_HEADER,
      headerFormat: 'signer=<SS58 or 0x public key>; message=<message>; signature=<0x signature>',
    };
  }

  @Get('confidential-key')
  @ApiOperation({
    summary: 'The X25519 key to seal confidential payloads to (pmenc1:), and the provider H160',
  })
  @ZodResponse({ status: 200, type: ConfidentialKeyResponseDto })
  @ApiErrorResponses(404, 429, 500)
  confidentialKey(): ConfidentialKeyBody {
    const keys = this.require();
    return {
      version: 'pmenc1',
      publicKey: formatServicePublicKey(keys.confidentialPublicKey),
      provider: keys.readContext.provider,
    };
  }

  private require(): ServiceKeys {
    if (this.keys === null) {
      throw new AppError(
        'NOT_FOUND',
        'this instance runs no job engine: it opens no confidential payloads and holds no private results',
      );
    }
    return this.keys;
  }
}
