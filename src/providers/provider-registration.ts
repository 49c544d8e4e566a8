import type { Logger } from '../shared';
import type { H160 } from '../contracts';
import { type ProjectionRepository, providerView } from '../projections';
import type { ChainAction, ChainActionRepository, NewChainAction } from '../chain/tx';
import type { ChainCursorRepository } from '../chain/follower';
import {
  applyPatch,
  desiredProvider,
  NO_OVERRIDES,
  type DesiredProvider,
  type ProviderRegistrationConfig,
} from './desired-provider';
import type {
  ProviderAdmin,
  ProviderRegistrationState,
  ProviderSettings,
  ProviderSettingsPatch,
  ProviderSettingsView,
} from './provider-admin';
import {
  planProviderStep,
  refusedStepReason,
  type ObservedProvider,
  type ProviderStep,
} from './provider-registration-plan';
import type { ProviderSettingsRepository } from './provider-settings-repository';
import type { RegistryReader } from './registry-reader';

export interface ProviderRegistrationDeps {
  readonly projections: Pick<ProjectionRepository, 'getProvider'>;
  readonly actions: Pick<ChainActionRepository, 'enqueue' | 'findByKey'>;
  readonly cursors: Pick<ChainCursorRepository, 'get'>;
  readonly settings: ProviderSettingsRepository;
  readonly registry: RegistryReader;
}

export interface ProviderRegistrationOptions {
  /** The worker's H160 (the key that signs with `signerRole`). */
  readonly provider: H160;
  readonly signerRole: string;
  readonly config: ProviderRegistrationConfig;
}

export interface RegistrationOutcome {
  readonly state: Exclude<ProviderRegistrationState, 'unknown'>;
  readonly reason: string | null;
  /** The action enqueued or waited for. */
  readonly actionKey: string | null;
}

/** Retries of an action that failed for another reason than the contract refusing it. */
const MAX_RETRIES = 3;

/**
 * Keeps this service's worker registered in compute_provider_registry as configured (PROVIDER_*
 * plus the operator's persisted overrides): each `tick()` compares the desired profile with the
 * finalized one and enqueues at most one outbox action, then waits until that action settled and
 * the follower projected its block before planning the next. Passes never overlap (`update` and
 * `tick` share one queue). A step the contract refuses (dry run `false`) is not retried: the pass
 * reports `blocked` with the reason until the desired profile or the on-chain one changes.
 */
export class ProviderRegistration implements ProviderAdmin {
  private queue: Promise<unknown> = Promise.resolve();
  private last: RegistrationOutcome | null = null;

  constructor(
    private readonly deps: ProviderRegistrationDeps,
    private readonly options: ProviderRegistrationOptions,
    private readonly log: Logger,
  ) {}

  /** One pass; what it decided. */
  tick(): Promise<RegistrationOutcome> {
    return this.serially(async () => {
      const outcome = await this.pass();
      this.report(outcome);
      this.last = outcome;
      return outcome;
    });
  }

  async view(): Promise<ProviderSettingsView> {
    const stored = await this.deps.settings.get(this.options.provider);
    const desired = desiredProvider(this.options.config, stored?.overrides ?? NO_OVERRIDES);
    const observed = await this.observe().catch((err: unknown) => {
      this.log.warn('provider profile unreadable', { err });
      return null;
    });
    const lastAction =
      stored?.lastActionKey == null
        ? null
        : await this.deps.actions.findByKey(stored.lastActionKey);
    return {
      provider: this.options.provider,
      desired: desired === null ? null : settingsOf(desired),
      onChain:
        observed === null
          ? null
          : {
              endpoint: observed.profile.endpoint,
              computeUnits: observed.profile.computeUnits,
              hourlyRate: observed.profile.hourlyRate,
              active: observed.profile.isActive,
              stake: observed.profile.stake,
              reputation: observed.profile.reputationScore,
            },
      pendingActions:
        lastAction !== null && isUnsettled(lastAction) ? [lastAction.idempotencyKey] : [],
      state: this.last?.state ?? 'unknown',
      blockedReason: this.last?.state === 'blocked' ? this.last.reason : null,
    };
  }

  /** Persists the patch (a restart keeps it), then runs a pass so the first step is enqueued. */
  async update(patch: ProviderSettingsPatch): Promise<ProviderSettingsView> {
    await this.serially(async () => {
      const stored = await this.deps.settings.get(this.options.provider);
      const current = stored?.overrides ?? NO_OVERRIDES;
      const isConfigured = desiredProvider(this.options.config, current) !== null;
      const next = applyPatch(current, patch, isConfigured);
      await this.deps.settings.saveOverrides(this.options.provider, next);
      this.log.info('provider settings changed', {
        endpoint: next.endpoint,
        hourlyRate: next.hourlyRate,
        active: next.active,
      });
    });
    await this.tick();
    return this.view();
  }

  private async pass(): Promise<RegistrationOutcome> {
    const { provider, config } = this.options;
    const stored = await this.deps.settings.get(provider);
    const lastKey = stored?.lastActionKey ?? null;
    const last = lastKey === null ? null : await this.deps.actions.findByKey(lastKey);
    if (last !== null && (isUnsettled(last) || !(await this.isProjected(last)))) {
      return { state: 'pending', reason: null, actionKey: last.idempotencyKey };
    }
    const desired = desiredProvider(config, stored?.overrides ?? NO_OVERRIDES);
    if (desired === null) {
      return { state: 'unconfigured', reason: null, actionKey: null };
    }
    const observed = await this.observe();
    const minStake = observed === null ? await this.readMinStake() : null;
    const plan = planProviderStep(provider, this.options.signerRole, desired, observed, minStake);
    switch (plan.kind) {
      case 'in-sync':
        return { state: 'in-sync', reason: null, actionKey: null };
      case 'blocked':
        return { state: 'blocked', reason: plan.reason, actionKey: null };
      case 'step':
        return this.enqueue(plan.step, plan.action, lastKey);
    }
  }

  private async enqueue(
    step: ProviderStep,
    planned: NewChainAction,
    lastKey: string | null,
  ): Promise<RegistrationOutcome> {
    for (let retry = 0; ; retry++) {
      const key = retry === 0 ? planned.idempotencyKey : `${planned.idempotencyKey}:retry${retry}`;
      const { action, isNew } = await this.deps.actions.enqueue({
        ...planned,
        idempotencyKey: key,
      });
      if (action.status === 'failed') {
        if (isRefusal(action.lastError) || retry >= MAX_RETRIES) {
          return {
            state: 'blocked',
            reason: refusedStepReason(step, action.lastError),
            actionKey: key,
          };
        }
        continue;
      }
      if (key !== lastKey) {
        await this.deps.settings.saveLastActionKey(this.options.provider, key);
      }
      if (isNew) {
        this.log.info('provider registry action enqueued', { step, key, value: planned.value });
      }
      return { state: 'pending', reason: null, actionKey: key };
    }
  }

  /** The finalized projection of our profile; a direct read when the follower has no row. */
  private async observe(): Promise<ObservedProvider | null> {
    const projected = await this.deps.projections.getProvider(this.options.provider);
    if (projected !== null) {
      return {
        profile: providerView(projected),
        version: `${projected.updated.block}:${projected.updated.seq}`,
      };
    }
    const read = await this.deps.registry.finalizedProvider(this.options.provider);
    return read.profile === null ? null : { profile: read.profile, version: `chain@${read.block}` };
  }

  /** A finalized action counts once the follower's finalized cursor reached its block. */
  private async isProjected(action: ChainAction): Promise<boolean> {
    if (action.status !== 'finalized' || action.includedIn === null) {
      return true;
    }
    const cursor = await this.deps.cursors.get('finalized');
    return cursor !== null && cursor.block.number >= action.includedIn.number;
  }

  private async readMinStake(): Promise<bigint | null> {
    try {
      return await this.deps.registry.minStake();
    } catch (err) {
      this.log.warn('registry min_stake unreadable; the dry run will judge the stake', { err });
      return null;
    }
  }

  private report(outcome: RegistrationOutcome): void {
    const previous = this.last;
    if (previous?.state === outcome.state && previous.reason === outcome.reason) {
      return;
    }
    if (outcome.state === 'blocked') {
      this.log.error('provider registration blocked', { reason: outcome.reason });
    } else if (outcome.state === 'in-sync') {
      this.log.info('provider profile in sync', { provider: this.options.provider });
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function settingsOf(desired: DesiredProvider): ProviderSettings {
  return {
    endpoint: desired.endpoint,
    computeUnits: desired.computeUnits,
    hourlyRate: desired.hourlyRate,
    active: desired.active,
  };
}

function isUnsettled(action: ChainAction): boolean {
  return action.status !== 'finalized' && action.status !== 'failed';
}

/** The transaction manager's dry-run verdict for a `false` return (see judgeDryRun). */
function isRefusal(lastError: string | null): boolean {
  return lastError !== null && / would return /.test(lastError);
}
