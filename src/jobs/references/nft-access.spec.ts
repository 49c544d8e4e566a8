import type { H160 } from '../../contracts';
import type { ProjectedNft } from '../../projections';
import { InMemoryProjectionRepository } from '../../projections/testing/in-memory-projection-repository';
import { ProjectionNftAccess } from './nft-access';

const OWNER: H160 = `0x${'aa'.repeat(20)}`;
const GRANTEE: H160 = `0x${'bb'.repeat(20)}`;
const STRANGER: H160 = `0x${'cc'.repeat(20)}`;
const at = { block: 1n, seq: 0 };

function nft(over: Partial<ProjectedNft> = {}): ProjectedNft {
  return {
    tokenId: 7n,
    owner: OWNER,
    dataUri: 'cas:sha256:' + '00'.repeat(32),
    privacyLevel: 0,
    mintedAt: 0n,
    accessPrice: 0n,
    isTransferable: true,
    approved: null,
    isBurned: false,
    mintedBlock: 1n,
    updated: at,
    ...over,
  };
}

async function setup(over: Partial<ProjectedNft> = {}) {
  const repo = new InMemoryProjectionRepository();
  await repo.upsertNft(nft(over));
  await repo.upsertGrant({
    tokenId: 7n,
    grantee: GRANTEE,
    isGranted: true,
    lastPayment: 0n,
    grantedBlock: 1n,
    revokedBlock: null,
    updated: at,
  });
  return new ProjectionNftAccess(repo);
}

describe('ProjectionNftAccess', () => {
  it('gives access to the owner (any case) and to a grantee, not to others', async () => {
    const access = await setup();
    expect(await access.hasAccess(7n, OWNER)).toBe(true);
    expect(await access.hasAccess(7n, OWNER.toUpperCase().replace('0X', '0x') as H160)).toBe(true);
    expect(await access.hasAccess(7n, GRANTEE)).toBe(true);
    expect(await access.hasAccess(7n, STRANGER)).toBe(false);
    expect(await access.hasAccess(8n, OWNER)).toBe(false);
  });

  it('gives nobody access to a burned token, despite its stale grants (§6.6.3)', async () => {
    const access = await setup({ isBurned: true });
    expect(await access.hasAccess(7n, GRANTEE)).toBe(false);
    expect(await access.getNft(7n)).toMatchObject({ isBurned: true });
  });
});
