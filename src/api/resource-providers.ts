import type { Provider } from '@nestjs/common';
import type { ApiConfig, ApiDependencies } from './api-options';
import { DataNftListing } from './queries/data-nft-listing';
import { FrontendJobQuery } from './queries/frontend-job-query';
import { JobAttestationQuery } from './queries/job-attestation-query';
import { JobTimelineQuery } from './queries/job-timeline-query';
import { JobsQuery } from './queries/jobs-query';
import { MevSavingsQuery } from './queries/mev-savings-query';
import { NotificationFeed } from './queries/notification-feed';
import { PhalaStatusQuery } from './queries/phala-status-query';
import { ProviderListing } from './queries/provider-listing';

/** Defaults of ApiConfig.notifications. */
export const NOTIFICATION_DEFAULTS = { pollMs: 500, heartbeatMs: 15_000 } as const;

/** The queries over the contracts' read models and the notification feed. */
export function resourceProviders(deps: ApiDependencies, config: ApiConfig): Provider[] {
  const { events, projections, cursors } = deps.store;
  const jobs = new JobsQuery(projections);
  const work = deps.jobs?.work ?? null;
  const attestations = new JobAttestationQuery(
    work,
    projections,
    deps.jobs?.attestationPublicKey ?? null,
  );
  return [
    { provide: JobsQuery, useValue: jobs },
    { provide: JobTimelineQuery, useValue: new JobTimelineQuery(jobs, events, work) },
    { provide: JobAttestationQuery, useValue: attestations },
    {
      provide: FrontendJobQuery,
      useValue: new FrontendJobQuery(jobs, projections, attestations),
    },
    { provide: ProviderListing, useValue: new ProviderListing(projections) },
    { provide: DataNftListing, useValue: new DataNftListing(projections, events) },
    {
      provide: PhalaStatusQuery,
      useValue: new PhalaStatusQuery(projections, events, deps.contracts.phalaJobProcessor),
    },
    { provide: MevSavingsQuery, useValue: new MevSavingsQuery(projections, events) },
    {
      provide: NotificationFeed,
      useValue: new NotificationFeed(
        { events, cursors, projections },
        config.notifications ?? NOTIFICATION_DEFAULTS,
        deps.log.child('api:notifications'),
      ),
    },
  ];
}
