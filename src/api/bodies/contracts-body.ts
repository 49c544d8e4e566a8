import type { ContractActivity, ContractProbe } from '../../observability';
import type { ContractsBody } from '../dto/contracts.dto';

type ContractStates = Awaited<ReturnType<ContractProbe['probeAll']>>;

export function toContractsBody(
  states: ContractStates,
  activity: ContractActivity | null,
): ContractsBody {
  return {
    items: states.map((s) => ({
      name: s.name,
      pallet: s.pallet,
      address: s.address,
      ss58: s.ss58,
      codeHash: s.codeHash,
      reachable: s.isReachable,
      state: s.health,
      getter: s.getter,
      reachError: s.reachError,
      lastEventBlock: activity?.[s.name]?.toString() ?? null,
    })),
  };
}
