import { encodeAddress } from '@polkadot/util-crypto';
import {
  h160FromAccountId,
  PASEO_CONTRACT_ADDRESSES,
  CONTRACT_NAMES,
  CONTRACT_PALLET,
  type ContractName,
} from '../src/contracts';
import { DEV_ACCOUNT_BALANCE, DEV_ACCOUNT_NAMES, devAccountIds } from '../devnet/devnet';

/** What the `devnet` and `start` commands report once the devnet listens. */
export interface DevnetBannerInfo {
  url: string;
  /** `instant` or the block interval in ms */
  blocks: 'instant' | number;
  finalityLag: number;
  stateFile?: string;
  requireAccountMapping: boolean;
  /** where each contract lives: H160 (revive) or AccountId32 hex (pallet-contracts) */
  addresses: Readonly<Record<ContractName, string>>;
}

const SS58_PREFIX = 42;
const TOKEN_DECIMALS = 10n;

/** The startup text: ws URL, block production, contract addresses and dev accounts (pure). */
export function formatDevnetBanner(info: DevnetBannerInfo): string {
  const blocks =
    info.blocks === 'instant' ? 'instant (one per extrinsic)' : `every ${info.blocks} ms`;
  const lines = [
    `PolkaMesh devnet listening on ${info.url}`,
    `  blocks: ${blocks}; finality lag: ${info.finalityLag}`,
    `  state: ${info.stateFile ?? 'in memory (lost on exit)'}`,
    `  account mapping (revive.mapAccount) required: ${info.requireAccountMapping ? 'yes' : 'no'}`,
    '',
    'Contracts',
    ...CONTRACT_NAMES.map((name) => formatContract(name, info.addresses[name])),
    '',
    `Dev accounts (sr25519 dev seed, ${formatPas(DEV_ACCOUNT_BALANCE)} PAS each at genesis)`,
    ...formatDevAccounts(),
  ];
  return `${lines.join('\n')}\n`;
}

function formatContract(name: ContractName, address: string): string {
  const pallet = CONTRACT_PALLET[name];
  const display =
    pallet === 'contracts' ? `${encodeAddress(address, SS58_PREFIX)} (${address})` : address;
  const deployed = PASEO_CONTRACT_ADDRESSES[name];
  const paseo =
    (deployed.pallet === 'revive' ? deployed.h160 : deployed.accountId) === address
      ? ''
      : ' [not the Paseo address]';
  return `  ${name.padEnd(24)} ${pallet.padEnd(9)} ${display}${paseo}`;
}

function formatDevAccounts(): string[] {
  const ids = devAccountIds();
  return DEV_ACCOUNT_NAMES.map((name) => {
    const id = ids[name];
    const uri = `//${name.charAt(0).toUpperCase()}${name.slice(1)}`;
    const h160 = h160FromAccountId(id);
    return `  ${uri.padEnd(9)} ${encodeAddress(id, SS58_PREFIX)}  h160 ${h160}`;
  });
}

function formatPas(planck: bigint): string {
  const unit = 10n ** TOKEN_DECIMALS;
  const whole = (planck / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = planck % unit;
  return fraction === 0n
    ? whole
    : `${whole}.${fraction.toString().padStart(Number(TOKEN_DECIMALS), '0')}`;
}
