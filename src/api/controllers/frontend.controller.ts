import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import { ContractActivityQuery, ContractProbe, ServiceStatusQuery } from '../../observability';
import { ApiErrorResponses } from '../api-error-responses';
import { toContractsBody } from '../bodies/contracts-body';
import { toStatusBody } from '../bodies/status-body';
import {
  ApiContractsDto,
  ApiStatusDto,
  FrontendAttestationDto,
  FrontendDataNftsDto,
  FrontendJobDto,
  FrontendJobListDto,
  FrontendJobListQueryDto,
  FrontendProvidersDto,
  MevSavingsDto,
  PhalaStatusDto,
  type ApiContractsBody,
  type ApiStatusBody,
  type FrontendAttestationBody,
  type FrontendDataNftsBody,
  type FrontendJobBody,
  type FrontendJobListBody,
  type FrontendProvidersBody,
  type MevSavingsBody,
  type PhalaStatusBody,
} from '../dto/frontend.dto';
import { JobIdParamDto } from '../dto/jobs.dto';
import { DataNftListing } from '../queries/data-nft-listing';
import { FrontendJobQuery } from '../queries/frontend-job-query';
import { MevSavingsQuery } from '../queries/mev-savings-query';
import { PhalaStatusQuery } from '../queries/phala-status-query';
import { ProviderListing } from '../queries/provider-listing';

const ID_PARAM = { name: 'id', description: 'ai_job_queue job id (u128, decimal)' };

/** The routes the PolkaMesh web frontend calls under `{API}` = `/api`, in the shapes it reads. */
@ApiTags('frontend')
@Controller('api')
export class FrontendController {
  constructor(
    @Inject(FrontendJobQuery) private readonly jobs: FrontendJobQuery,
    @Inject(ProviderListing) private readonly providers: ProviderListing,
    @Inject(DataNftListing) private readonly nfts: DataNftListing,
    @Inject(PhalaStatusQuery) private readonly phala: PhalaStatusQuery,
    @Inject(MevSavingsQuery) private readonly mev: MevSavingsQuery,
    @Inject(ServiceStatusQuery) private readonly status: ServiceStatusQuery,
    @Inject(ContractProbe) private readonly contracts: ContractProbe,
    @Inject(ContractActivityQuery) private readonly activity: ContractActivityQuery,
  ) {}

  @Get('jobs')
  @ApiOperation({
    summary: "A user's jobs (lib/api.ts listJobs): `owner` as SS58, AccountId32 hex or H160",
  })
  @ZodResponse({ status: 200, type: FrontendJobListDto })
  @ApiErrorResponses(400, 429, 500)
  listJobs(
    @Query(new ZodValidationPipe(FrontendJobListQueryDto)) query: FrontendJobListQueryDto,
  ): Promise<FrontendJobListBody> {
    return this.jobs.list(query);
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'Job status for JobStatusMonitor: `data` wrapper plus flat fields' })
  @ApiParam(ID_PARAM)
  @ZodResponse({ status: 200, type: FrontendJobDto })
  @ApiErrorResponses(400, 404, 429, 500)
  job(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
  ): Promise<FrontendJobBody> {
    return this.jobs.job(params.id);
  }

  @Get('jobs/:id/attestation')
  @ApiOperation({ summary: 'The on-chain attestation of a confidential job naming this job' })
  @ApiParam(ID_PARAM)
  @ZodResponse({ status: 200, type: FrontendAttestationDto })
  @ApiErrorResponses(400, 404, 429, 500)
  attestation(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
  ): Promise<FrontendAttestationBody> {
    return this.jobs.attestation(params.id);
  }

  @Get('providers')
  @ApiOperation({ summary: 'Registered compute providers for the marketplace' })
  @ZodResponse({ status: 200, type: FrontendProvidersDto })
  @ApiErrorResponses(429, 500)
  listProviders(): Promise<FrontendProvidersBody> {
    return this.providers.list();
  }

  @Get('data-nfts')
  @ApiOperation({ summary: 'Live data NFTs, under both `dataNfts` and `nfts`' })
  @ZodResponse({ status: 200, type: FrontendDataNftsDto })
  @ApiErrorResponses(429, 500)
  listDataNfts(): Promise<FrontendDataNftsBody> {
    return this.nfts.list();
  }

  @Get('phala/status')
  @ApiOperation({ summary: 'Confidential-job counts; no TEE fields (no CVM is monitored)' })
  @ZodResponse({ status: 200, type: PhalaStatusDto })
  @ApiErrorResponses(429, 500)
  phalaStatus(): Promise<PhalaStatusBody> {
    return this.phala.read();
  }

  @Get('mev/savings')
  @ApiOperation({ summary: 'MEV savings computed from the executed batch results' })
  @ZodResponse({ status: 200, type: MevSavingsDto })
  @ApiErrorResponses(429, 500)
  mevSavings(): Promise<MevSavingsBody> {
    return this.mev.read();
  }

  @Get('status')
  @ApiOperation({ summary: 'GET /status wrapped in `{success, data}`' })
  @ZodResponse({ status: 200, type: ApiStatusDto })
  @ApiErrorResponses(429, 500)
  async getStatus(): Promise<ApiStatusBody> {
    return { success: true, data: toStatusBody(await this.status.read()) };
  }

  @Get('contracts')
  @ApiOperation({ summary: 'GET /contracts wrapped in `{success, data}`' })
  @ZodResponse({ status: 200, type: ApiContractsDto })
  @ApiErrorResponses(429, 500)
  async getContracts(): Promise<ApiContractsBody> {
    return {
      success: true,
      data: toContractsBody(
        ...(await Promise.all([this.contracts.probeAll(), this.activity.read()])),
      ),
    };
  }
}
