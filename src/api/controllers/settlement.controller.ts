import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import type { SettlementCall, SettlementCallService } from '../../settlement';
import { AppError } from '../../shared';
import { ApiErrorResponses } from '../api-error-responses';
import { JobIdParamDto } from '../dto/jobs.dto';
import { SettlementCallResponseDto, type SettlementCallBody } from '../dto/settlement.dto';

/** DI token of the settlement call reader (ApiJobServices.settlement; null when the engine is off). */
export const API_SETTLEMENT_CALLS = Symbol('ApiSettlementCalls');

export type SettlementCallReader = Pick<SettlementCallService, 'forJob'>;

/** The user-signed flow: what a job's depositor must sign to release or refund its escrow. */
@ApiTags('jobs')
@Controller('jobs')
export class SettlementController {
  constructor(
    @Inject(API_SETTLEMENT_CALLS) private readonly settlement: SettlementCallReader | null,
  ) {}

  @Get(':id/settlement')
  @ApiOperation({
    summary:
      "The escrow call the job's depositor must sign now (release after a finalized attestation, refund after a failure), with the prepared revive.call",
  })
  @ApiParam({ name: 'id', description: 'ai_job_queue job id (u128, decimal)' })
  @ZodResponse({ status: 200, type: SettlementCallResponseDto })
  @ApiErrorResponses(400, 404, 429, 500, 503)
  async get(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
  ): Promise<SettlementCallBody> {
    if (this.settlement === null) {
      throw new AppError('NOT_FOUND', 'the job engine is off on this instance: no jobs to settle');
    }
    return settlementCallBody(await this.settlement.forJob(params.id));
  }
}

function settlementCallBody(found: SettlementCall): SettlementCallBody {
  const call = found.call;
  const extrinsic = call?.extrinsic;
  return {
    jobId: found.jobId.toString(),
    action: found.action,
    reason: found.reason,
    settlement: found.settlement,
    signer: found.signer,
    call:
      call === null || extrinsic === undefined
        ? null
        : {
            contract: call.contract,
            pallet: call.pallet,
            message: call.message,
            selector: call.selector,
            args: { jobId: call.args.jobId.toString() },
            callData: call.callData,
            value: call.value.toString(),
            extrinsic: extrinsic.ok
              ? {
                  ok: true,
                  method: extrinsic.method,
                  callHex: extrinsic.callHex,
                  gasLimit: {
                    refTime: extrinsic.gasLimit.refTime.toString(),
                    proofSize: extrinsic.gasLimit.proofSize.toString(),
                  },
                  storageDepositLimit: extrinsic.storageDepositLimit.toString(),
                }
              : { ok: false, reason: extrinsic.reason },
          },
  };
}
