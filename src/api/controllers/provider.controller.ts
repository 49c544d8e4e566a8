import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import {
  InvalidProviderSettingsError,
  type ProviderAdmin,
  type ProviderSettings,
  type ProviderSettingsView,
} from '../../providers';
import { AppError } from '../../shared';
import { ApiErrorResponses } from '../api-error-responses';
import { RequireScopes } from '../auth/require-scopes';
import { API_PROVIDER_ADMIN } from '../auth/write-api-providers';
import {
  ProviderPatchDto,
  ProviderViewResponseDto,
  type ProviderViewBody,
} from '../dto/provider.dto';

/** This service's own provider profile in compute_provider_registry. */
@ApiTags('provider')
@Controller('provider')
export class ProviderController {
  constructor(@Inject(API_PROVIDER_ADMIN) private readonly admin: ProviderAdmin | null) {}

  @Get()
  @ApiOperation({ summary: 'The provider profile: as configured, as on-chain, changes pending' })
  @ZodResponse({ status: 200, type: ProviderViewResponseDto })
  @ApiErrorResponses(404, 429, 500)
  async view(): Promise<ProviderViewBody> {
    return viewBody(await this.requireAdmin().view());
  }

  @Patch()
  @RequireScopes('provider:write')
  @ApiOperation({
    summary:
      'Changes endpoint, hourlyRate or active; answers once the on-chain changes are enqueued (see pendingActions)',
  })
  @ZodResponse({ status: 200, type: ProviderViewResponseDto })
  @ApiErrorResponses(400, 404, 429, 500)
  async update(
    @Body(new ZodValidationPipe(ProviderPatchDto)) patch: ProviderPatchDto,
  ): Promise<ProviderViewBody> {
    const admin = this.requireAdmin();
    try {
      return viewBody(await admin.update(patch));
    } catch (err) {
      if (err instanceof InvalidProviderSettingsError) {
        throw new AppError('BAD_REQUEST', err.message, undefined, { cause: err });
      }
      throw err;
    }
  }

  private requireAdmin(): ProviderAdmin {
    if (this.admin === null) {
      throw new AppError(
        'NOT_FOUND',
        'no provider profile: the job engine (WORKER_SEED) is off on this instance',
      );
    }
    return this.admin;
  }
}

function viewBody(view: ProviderSettingsView): ProviderViewBody {
  return {
    provider: view.provider,
    desired: view.desired === null ? null : settingsBody(view.desired),
    onChain:
      view.onChain === null
        ? null
        : {
            ...settingsBody(view.onChain),
            stake: view.onChain.stake.toString(),
            reputation: view.onChain.reputation,
          },
    pendingActions: [...view.pendingActions],
    state: view.state ?? 'unknown',
    blockedReason: view.blockedReason ?? null,
  };
}

function settingsBody(settings: ProviderSettings) {
  return {
    endpoint: settings.endpoint,
    computeUnits: settings.computeUnits.toString(),
    hourlyRate: settings.hourlyRate.toString(),
    active: settings.active,
  };
}
