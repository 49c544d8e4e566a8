import type { H160, QueueJob } from '../../src/contracts';
import {
  U128_MAX,
  U128_OVERFLOW_TRAP,
  returned,
  saturatingAdd,
  trapped,
  valueAsU128,
  type ContractModel,
} from './contract-model';
import { defineModel, messageBuilder } from './define-model';

/** Storage of `ai_job_queue` (spec §3.3). */
export interface AiJobQueueState {
  /** the deployer; no getter exists */
  owner: H160;
  minBudget: bigint;
  /** the last assigned job ID (0 before any job) */
  jobCounter: bigint;
  jobs: Map<bigint, QueueJob>;
}

/** Constructor argument of the deployment (spec §1.2): `new(1000)`, in contract units. */
export const AI_JOB_QUEUE_MIN_BUDGET = 1000n;

const m = messageBuilder<AiJobQueueState>();

/**
 * `ai_job_queue` (spec §3). Only `submit_job` panics; every other failure returns `false`.
 * Budgets are never paid out (§3.7.1); cancel is repeatable and re-emits (§3.7.4).
 */
export const aiJobQueueModel: ContractModel<AiJobQueueState> = defineModel<AiJobQueueState>({
  name: 'aiJobQueue',
  genesis: (admin) => ({
    owner: admin,
    minBudget: AI_JOB_QUEUE_MIN_BUDGET,
    jobCounter: 0n,
    jobs: new Map(),
  }),
  messages: {
    submit_job: m.payable(
      { modelRef: 'string', dataRef: 'string', deadline: 'u32', privacyRequired: 'bool' },
      (s, a, ctx) => {
        const budget = valueAsU128(ctx);
        if (budget === null) {
          return trapped(U128_OVERFLOW_TRAP);
        }
        if (budget < s.minBudget) {
          return trapped('Insufficient payment');
        }
        if (a.deadline <= ctx.blockNumber) {
          return trapped('Invalid deadline');
        }
        const owner = ctx.caller;
        // saturating: at u128::MAX the last job is overwritten, as on-chain
        const id = saturatingAdd(s.jobCounter, 1n, U128_MAX);
        s.jobCounter = id;
        s.jobs.set(id, {
          id,
          owner,
          modelRef: a.modelRef,
          dataRef: a.dataRef,
          budget,
          status: 'Registered',
          assignedProvider: null,
          deadline: a.deadline,
          privacyRequired: a.privacyRequired,
        });
        return returned(id, [
          { contract: 'aiJobQueue', name: 'JobSubmitted', fields: { jobId: id, owner, budget } },
        ]);
      },
    ),

    get_job: m.plain({ jobId: 'u128' }, (s, a) => returned(copyJob(s.jobs.get(a.jobId)))),

    assign_provider: m.plain({ jobId: 'u128', provider: 'h160' }, (s, a, ctx) => {
      const job = s.jobs.get(a.jobId);
      if (job === undefined || job.owner !== ctx.caller || job.status !== 'Registered') {
        return returned(false);
      }
      job.assignedProvider = a.provider;
      job.status = 'Assigned';
      return returned(true, [
        {
          contract: 'aiJobQueue',
          name: 'JobAssigned',
          fields: { jobId: a.jobId, provider: a.provider },
        },
      ]);
    }),

    mark_in_progress: m.plain({ jobId: 'u128' }, (s, a, ctx) => {
      const job = s.jobs.get(a.jobId);
      if (job === undefined || job.assignedProvider !== ctx.caller || job.status !== 'Assigned') {
        return returned(false);
      }
      job.status = 'InProgress';
      return returned(true, [
        {
          contract: 'aiJobQueue',
          name: 'JobStatusChanged',
          fields: { jobId: a.jobId, newStatus: 'InProgress' },
        },
      ]);
    }),

    mark_completed: m.plain({ jobId: 'u128', resultHash: 'string' }, (s, a, ctx) => {
      const job = s.jobs.get(a.jobId);
      if (job === undefined || job.assignedProvider !== ctx.caller || job.status !== 'InProgress') {
        return returned(false);
      }
      job.status = 'Completed'; // the result hash is emitted, never stored (§3.7.5)
      return returned(true, [
        {
          contract: 'aiJobQueue',
          name: 'JobCompleted',
          fields: { jobId: a.jobId, provider: ctx.caller, resultHash: a.resultHash },
        },
      ]);
    }),

    cancel_job: m.plain({ jobId: 'u128' }, (s, a, ctx) => {
      const job = s.jobs.get(a.jobId);
      if (job === undefined || job.owner !== ctx.caller || job.status === 'Completed') {
        return returned(false);
      }
      job.status = 'Cancelled'; // also from Cancelled: true again and re-emitted; no refund
      return returned(true, [
        { contract: 'aiJobQueue', name: 'JobCancelled', fields: { jobId: a.jobId } },
      ]);
    }),

    get_job_counter: m.plain({}, (s) => returned(s.jobCounter)),

    get_min_budget: m.plain({}, (s) => returned(s.minBudget)),

    set_min_budget: m.plain({ newMinBudget: 'u128' }, (s, a, ctx) => {
      if (ctx.caller !== s.owner) {
        return returned(false);
      }
      s.minBudget = a.newMinBudget;
      return returned(true);
    }),
  },
});

function copyJob(job: QueueJob | undefined): QueueJob | null {
  return job === undefined ? null : { ...job };
}
