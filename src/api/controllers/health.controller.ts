import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { ReadinessQuery, ServiceHealthQuery } from '../../observability';
import type { Clock } from '../../shared';
import { ApiErrorResponses } from '../api-error-responses';
import { toHealthBody } from '../bodies/health-body';
import {
  HealthResponseDto,
  ReadinessResponseDto,
  type HealthBody,
  type ReadinessBody,
} from '../dto/health.dto';
import { API_CLOCK } from '../tokens';

@ApiTags('health')
@SkipThrottle()
@Controller()
export class HealthController {
  constructor(
    @Inject(ServiceHealthQuery) private readonly health: ServiceHealthQuery,
    @Inject(ReadinessQuery) private readonly readiness: ReadinessQuery,
    @Inject(API_CLOCK) private readonly clock: Clock,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness and a summary from stored data; always 200' })
  @ZodResponse({ status: 200, type: HealthResponseDto })
  @ApiErrorResponses(500)
  async getHealth(): Promise<HealthBody> {
    return toHealthBody(await this.health.read(), this.clock.now());
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when ready, 503 with the reasons otherwise' })
  @ZodResponse({ status: 200, type: ReadinessResponseDto })
  @ApiResponse({ status: 503, description: 'not ready', type: ReadinessResponseDto })
  async getReady(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessBody> {
    const readiness = await this.readiness.read();
    void reply.status(readiness.isReady ? 200 : 503);
    return {
      status: readiness.isReady ? 'ready' : readiness.isDraining ? 'draining' : 'not_ready',
      reasons: readiness.reasons.map((r) => ({ code: r.code, message: r.message })),
      lagBlocks: readiness.lagBlocks,
      maxLagBlocks: this.readiness.maxLagBlocks,
    };
  }
}
