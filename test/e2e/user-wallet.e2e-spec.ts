import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import type { Option, Struct } from '@polkadot/types-codec';
import type { Codec } from '@polkadot/types/types';
import { defaultContractAddresses, startDevnet, type Devnet } from '../../devnet/devnet';
import { NATIVE_TO_ETH_RATIO, type ContractName } from '../../src/contracts';
import {
  DEMO_AMOUNTS,
  DEMO_INTENT_COUNT,
  DEMO_MODEL_REF,
  demoCast,
  playDemo,
  runDemoScenario,
  runDemoTraffic,
  toPlain,
  UserWallet,
  WalletRefusedError,
  type DemoCast,
  type DemoScenarioSummary,
  type DemoTrafficRound,
} from '../../src/demo';

describe('UserWallet: the demo story driven through Polkadot.js on the devnet', () => {
  let devnet: Devnet;
  let api: ApiPromise;
  let cast: DemoCast;
  let summary: DemoScenarioSummary;
  const addresses = defaultContractAddresses();

  /** A getter dry-run as Alice, with Option<Struct> unwrapped into plain camelCase fields. */
  let reader: UserWallet;
  const read = (contract: ContractName, message: string, ...args: unknown[]) =>
    reader.read(contract, message, ...args);
  const record = async (contract: ContractName, message: string, ...args: unknown[]) => {
    const option = (await read(contract, message, ...args)) as Option<Struct>;
    expect(option.isSome).toBe(true);
    const struct = option.unwrap();
    return Object.fromEntries(
      [...struct.keys()].map((key) => [key, toPlain(struct.get(key) as Codec)]),
    ) as Record<string, any>;
  };
  const scalar = async (contract: ContractName, message: string, ...args: unknown[]) =>
    toPlain(await read(contract, message, ...args));

  beforeAll(async () => {
    devnet = await startDevnet({ port: 0, instant: true });
    api = await ApiPromise.create({ provider: new WsProvider(devnet.url), noInitWarn: true });
    cast = demoCast(api, addresses, {});
    reader = new UserWallet(api, new Keyring({ type: 'sr25519' }).addFromUri('//Alice'), addresses);
    await reader.ensureMapped();
    summary = await runDemoScenario(api, addresses);
  });

  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });

  it('submits the job, deposits for it and assigns the provider (default: Charlie)', async () => {
    expect(summary.providerH160).toBe(cast.charlie.h160);
    expect(summary.jobId).toBe(1n);
    const job = await record('aiJobQueue', 'getJob', summary.jobId);
    expect(job).toMatchObject({
      id: 1n,
      owner: cast.bob.h160,
      modelRef: DEMO_MODEL_REF,
      status: 'Assigned',
      assignedProvider: cast.charlie.h160,
      budget: DEMO_AMOUNTS.budgetPlanck * NATIVE_TO_ETH_RATIO,
      privacyRequired: false,
    });
    expect(job['dataRef']).toMatch(/^data:image\/png;base64,/);
    const escrow = await record('paymentEscrow', 'getEscrow', summary.jobId);
    expect(escrow).toEqual({
      owner: cast.bob.h160,
      provider: cast.charlie.h160,
      amount: DEMO_AMOUNTS.escrowPlanck * NATIVE_TO_ETH_RATIO,
      released: false,
      refunded: false,
    });
  });

  it('registers Charlie as a provider with his stake', async () => {
    expect(summary.providerRegistered).toBe(true);
    const profile = await record('computeProviderRegistry', 'getProvider', cast.charlie.h160);
    expect(profile).toMatchObject({
      provider: cast.charlie.h160,
      computeUnits: 8n,
      // 2 PAS an hour, in contract units
      hourlyRate: 2n * 10_000_000_000n * NATIVE_TO_ETH_RATIO,
      isActive: true,
      stake: DEMO_AMOUNTS.stakePlanck * NATIVE_TO_ETH_RATIO,
      reputationScore: 100n,
    });
  });

  it("mints Dave's data NFT and grants Bob access", async () => {
    expect(summary.nftMinted).toBe(true);
    const nft = await record('dataNftRegistry', 'getNft', summary.nftTokenId);
    expect(nft).toMatchObject({
      tokenId: summary.nftTokenId,
      owner: cast.dave.h160,
      // 0.5 PAS, in the contract units grant_access compares the payment with
      accessPrice: 5_000_000_000n * NATIVE_TO_ETH_RATIO,
    });
    expect(await scalar('dataNftRegistry', 'hasAccess', summary.nftTokenId, cast.bob.h160)).toBe(
      true,
    );
    expect(await scalar('dataNftRegistry', 'hasAccess', summary.nftTokenId, cast.eve.h160)).toBe(
      false,
    );
  });

  it('stores the confidential job as the frontend sends it: base64 JSON and the SS58', async () => {
    const job = await record('phalaJobProcessor', 'getJob', summary.confidentialJobId);
    const payload: unknown = JSON.parse(Buffer.from(job['encryptedPayload'], 'base64').toString());
    expect(payload).toMatchObject({ jobId: Number(summary.jobId), model: DEMO_MODEL_REF });
    expect(job['publicKey']).toBe(cast.bob.address);
    expect(job['processed']).toBe(false);
  });

  it("records Eve's five intents", async () => {
    expect(summary.intentIds).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(await scalar('mevProtection', 'getIntentCounter')).toBe(BigInt(DEMO_INTENT_COUNT));
    const intent = await record('mevProtection', 'getIntent', 5n);
    expect(intent).toMatchObject({ intentId: 5n, status: 'Pending' });
  });

  it('returns a block hash for each step and the decoded contract events', async () => {
    expect(Object.values(summary.blocks).every((hash) => /^0x[0-9a-f]{64}$/.test(hash))).toBe(true);
    const result = await cast.eve.submitIntent({
      encryptedIntent: 'e30=',
      tokenIn: 'DOT',
      tokenOut: 'USDT',
      minOutput: 1n,
    });
    expect(result.id).toBe(6n);
    expect(result.events).toEqual([
      { contract: 'mevProtection', name: 'IntentSubmitted', args: { intentId: 6n } },
    ]);
  });

  it('waits for finality when asked', async () => {
    const eve = new UserWallet(api, cast.eve.pair, addresses, { waitFor: 'finalized' });
    const result = await eve.submitIntent({
      encryptedIntent: 'e30=',
      tokenIn: 'PAS',
      tokenOut: 'DOT',
      minOutput: 2n,
    });
    const finalizedHead = await api.rpc.chain.getFinalizedHead();
    const finalized = await api.rpc.chain.getHeader(finalizedHead);
    const included = await api.rpc.chain.getHeader(result.blockHash);
    expect(finalized.number.toNumber()).toBeGreaterThanOrEqual(included.number.toNumber());
    expect((await api.rpc.chain.getBlockHash(included.number.toNumber())).toHex()).toBe(
      result.blockHash,
    );
  });

  it('refuses to assign the job twice, and nothing is submitted or paid', async () => {
    const before = await cast.bob.freeBalance();
    await expect(cast.bob.assignProvider(summary.jobId, cast.eve.h160)).rejects.toThrow(
      WalletRefusedError,
    );
    await expect(cast.bob.assignProvider(summary.jobId, cast.eve.h160)).rejects.toThrow(
      /aiJobQueue\.assignProvider.*nothing was submitted/,
    );
    expect(await cast.bob.freeBalance()).toBe(before);
    expect((await record('aiJobQueue', 'getJob', summary.jobId))['assignedProvider']).toBe(
      cast.charlie.h160,
    );
  });

  it('refuses a deposit on an active escrow, so the value is not trapped', async () => {
    const before = await cast.eve.freeBalance();
    await cast.eve.ensureMapped();
    const afterMapping = await cast.eve.freeBalance();
    expect(afterMapping).toBeLessThanOrEqual(before);
    await expect(cast.eve.depositForJob(summary.jobId, cast.eve.h160, 1_000_000n)).rejects.toThrow(
      WalletRefusedError,
    );
    expect(await cast.eve.freeBalance()).toBe(afterMapping);
    const escrow = await record('paymentEscrow', 'getEscrow', summary.jobId);
    expect(escrow['owner']).toBe(cast.bob.h160);
    expect(escrow['amount']).toBe(DEMO_AMOUNTS.escrowPlanck * NATIVE_TO_ETH_RATIO);
  });

  it('refuses a job without budget (the dry run traps)', async () => {
    await expect(
      cast.bob.submitJob({
        modelRef: DEMO_MODEL_REF,
        dataRef: 'data:,x',
        deadlineBlocks: 10,
        privacyRequired: false,
        budgetPlanck: 0n,
      }),
    ).rejects.toThrow(/dry run failed: revive\.ContractTrapped/);
  });

  it('releases the escrow to Charlie, who receives the deposit', async () => {
    const before = await cast.charlie.freeBalance();
    const result = await cast.bob.releaseToProvider(summary.jobId);
    expect(result.events).toEqual([
      {
        contract: 'paymentEscrow',
        name: 'Released',
        args: {
          jobId: summary.jobId,
          provider: cast.charlie.h160,
          amount: DEMO_AMOUNTS.escrowPlanck * NATIVE_TO_ETH_RATIO,
        },
      },
    ]);
    expect(await cast.charlie.freeBalance()).toBe(before + DEMO_AMOUNTS.escrowPlanck);
    await expect(cast.bob.refundToOwner(summary.jobId)).rejects.toThrow(WalletRefusedError);
  });

  it('runs demo traffic rounds until aborted', async () => {
    const controller = new AbortController();
    const rounds: DemoTrafficRound[] = [];
    const stats = await runDemoTraffic(api, addresses, {
      intervalMs: 60_000,
      signal: controller.signal,
      log: { info: () => undefined, warn: () => undefined },
      onRound: (round) => {
        rounds.push(round);
        controller.abort();
      },
    });
    expect(stats).toEqual({ rounds: 1, failures: 0 });
    expect(rounds[0]).toMatchObject({ round: 1, ok: true });
    const job = await record('aiJobQueue', 'getJob', rounds[0]?.jobId);
    expect(job['status']).toBe('Assigned');
  });

  it('plays the story again on the same chain (npm start restarted) without registering or minting twice', async () => {
    const providers = await scalar('computeProviderRegistry', 'getProviderCount');
    const supply = await scalar('dataNftRegistry', 'totalSupply');
    const controller = new AbortController();
    const rounds: DemoTrafficRound[] = [];
    const played = await playDemo(api, addresses, {
      intervalMs: 0,
      signal: controller.signal,
      log: { info: () => undefined, warn: () => undefined },
      onRound: (round) => {
        rounds.push(round);
        controller.abort();
      },
    });
    expect(played.story).toMatchObject({
      providerRegistered: false,
      nftMinted: false,
      nftTokenId: summary.nftTokenId,
    });
    expect(played.story!.blocks).not.toHaveProperty('registerProvider');
    expect(played.story!.blocks).not.toHaveProperty('mintDataNft');
    expect(played.story!.blocks).not.toHaveProperty('grantAccess');
    expect(played.story!.jobId).toBeGreaterThan(summary.jobId);
    expect(played.story!.intentIds).toHaveLength(DEMO_INTENT_COUNT);
    // then the traffic rounds
    expect(played).toMatchObject({ rounds: 1, failures: 0 });
    expect(rounds[0]?.jobId).toBeGreaterThan(played.story!.jobId);
    expect(await scalar('computeProviderRegistry', 'getProviderCount')).toBe(providers);
    expect(await scalar('dataNftRegistry', 'totalSupply')).toBe(supply);
  });
});
