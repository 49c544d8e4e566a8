import type { ApiPromise } from '@polkadot/api';
import { ContractPromise } from '@polkadot/api-contract';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { AccountInfo, EventRecord } from '@polkadot/types/interfaces';
import { defaultContractAddresses } from '../../devnet/devnet';
import {
  accountIdFromH160,
  h160FromAccountId,
  loadAbiJson,
  NATIVE_TO_ETH_RATIO,
  type ContractName,
} from '../../src/contracts';
import { startDevnetApi, sendTx, type DevnetApi } from '../support/devnet-api';

const GAS = { refTime: 100_000_000_000, proofSize: 1_000_000 };

describe('the six contracts on the devnet, through Polkadot.js ContractPromise', () => {
  let ctx: DevnetApi;
  let contract: (name: ContractName) => ContractPromise;
  let alice: KeyringPair;
  let bob: KeyringPair;
  const addresses = defaultContractAddresses();
  const h160 = (pair: KeyringPair) => h160FromAccountId(pair.publicKey);

  const options = (api: ApiPromise, value = 0n) => ({
    gasLimit: api.registry.createType('WeightV2', GAS),
    storageDepositLimit: null,
    value,
  });
  const query = async (
    name: ContractName,
    message: string,
    from: KeyringPair,
    ...args: unknown[]
  ) => {
    const result = await contract(name).query[message]!(from.address, options(ctx.api), ...args);
    expect(result.result.isOk).toBe(true);
    return (result.output!.toJSON() as { ok: unknown }).ok;
  };
  const call = (
    name: ContractName,
    message: string,
    from: KeyringPair,
    value: bigint,
    ...args: unknown[]
  ) => sendTx(contract(name).tx[message]!(options(ctx.api, value), ...args), from);
  const decoded = (name: ContractName, events: EventRecord[]) =>
    events
      .filter((r) => r.event.method === 'ContractEmitted')
      .map((r) => contract(name).abi.decodeEvent(r))
      .map((e) => ({
        name: e.event.identifier.split('::').pop(),
        args: e.args.map((a) => a.toString()),
      }));
  const free = async (accountId: string | Uint8Array) =>
    (
      (await ctx.api.query.system.account(accountId)) as unknown as AccountInfo
    ).data.free.toBigInt();

  beforeAll(async () => {
    ctx = await startDevnetApi();
    const cache = new Map<ContractName, ContractPromise>();
    contract = (name) => {
      if (!cache.has(name)) {
        cache.set(name, new ContractPromise(ctx.api, loadAbiJson(name), addresses[name]));
      }
      return cache.get(name)!;
    };
    alice = ctx.keyring.addFromUri('//Alice');
    bob = ctx.keyring.addFromUri('//Bob');
    for (const who of [alice, bob]) {
      expect((await sendTx(ctx.api.tx.revive.mapAccount(), who)).success).toBe(true);
    }
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('answers queries from each revive contract with its deployed state', async () => {
    expect(await query('aiJobQueue', 'getMinBudget', alice)).toBe(1000);
    expect(await query('aiJobQueue', 'getJobCounter', alice)).toBe(0);
    expect(await query('computeProviderRegistry', 'getMinStake', alice)).toBe(500);
    expect(await query('computeProviderRegistry', 'getAdmin', alice)).toBe(h160(alice));
    expect(await query('paymentEscrow', 'getAdmin', alice)).toBe(h160(alice));
    expect(await query('dataNftRegistry', 'totalSupply', alice)).toBe(0);
  });

  it('refuses revive calls from an account that never called map_account', async () => {
    const charlie = ctx.keyring.addFromUri('//Charlie');
    const result = await contract('aiJobQueue').query['getJobCounter']!(
      charlie.address,
      options(ctx.api),
    );
    expect(ctx.api.registry.findMetaError(result.result.asErr.asModule).name).toBe(
      'AccountUnmapped',
    );
  });

  it('emits JobSubmitted through revive.ContractEmitted with the caller H160 and value × 1e8', async () => {
    const head = (await ctx.api.rpc.chain.getHeader()).number.toNumber();
    const value = 2_500_000_000n;
    const outcome = await call(
      'aiJobQueue',
      'submitJob',
      bob,
      value,
      'ocr:pp-ocrv4',
      'data:,hi',
      head + 50,
      false,
    );
    expect(outcome.success).toBe(true);
    expect(outcome.events.some((r) => ctx.api.events.revive.ContractEmitted.is(r.event))).toBe(
      true,
    );
    expect(decoded('aiJobQueue', outcome.events)).toEqual([
      { name: 'JobSubmitted', args: ['1', h160(bob), (value * NATIVE_TO_ETH_RATIO).toString()] },
    ]);
    const job = (await query('aiJobQueue', 'getJob', alice, 1)) as {
      owner: string;
      status: string;
    };
    expect(job).toMatchObject({ owner: h160(bob), status: 'Registered' });
  });

  it('traps submit_job without value and reverts it', async () => {
    const head = (await ctx.api.rpc.chain.getHeader()).number.toNumber();
    const before = await query('aiJobQueue', 'getJobCounter', alice);
    const outcome = await call('aiJobQueue', 'submitJob', bob, 0n, 'm', 'd', head + 50, false);
    expect(outcome).toMatchObject({ success: false, error: 'revive.ContractTrapped' });
    expect(await query('aiJobQueue', 'getJobCounter', alice)).toBe(before);
  });

  it('keeps the value of a deposit on an active escrow, and ignores a release by a non-depositor', async () => {
    const escrowAccount = accountIdFromH160(addresses.paymentEscrow);
    const first = await call(
      'paymentEscrow',
      'depositForJob',
      bob,
      1_000_000_000n,
      77,
      h160(alice),
    );
    expect(decoded('paymentEscrow', first.events).map((e) => e.name)).toEqual(['Deposited']);
    const held = await free(escrowAccount);

    const dryRun = await contract('paymentEscrow').query['depositForJob']!(
      alice.address,
      options(ctx.api, 5_000_000_000n),
      77,
      h160(alice),
    );
    expect((dryRun.output!.toJSON() as { ok: unknown }).ok).toBe(false);
    const second = await call(
      'paymentEscrow',
      'depositForJob',
      alice,
      5_000_000_000n,
      77,
      h160(alice),
    );
    expect(second.success).toBe(true);
    expect(decoded('paymentEscrow', second.events)).toEqual([]);
    expect(await free(escrowAccount)).toBe(held + 5_000_000_000n);
    const escrow = (await query('paymentEscrow', 'getEscrow', alice, 77)) as {
      owner: string;
      amount: string;
    };
    expect(escrow.owner).toBe(h160(bob));
    expect(BigInt(escrow.amount)).toBe(1_000_000_000n * NATIVE_TO_ETH_RATIO);

    const release = await call('paymentEscrow', 'releaseToProvider', alice, 0n, 77);
    expect(release.success).toBe(true);
    expect(decoded('paymentEscrow', release.events)).toEqual([]);

    const aliceBefore = await free(alice.address);
    const real = await call('paymentEscrow', 'releaseToProvider', bob, 0n, 77);
    expect(decoded('paymentEscrow', real.events).map((e) => e.name)).toEqual(['Released']);
    expect(await free(alice.address)).toBe(aliceBefore + 1_000_000_000n);
  });

  it('runs pallet-contracts calls with the topics in the EventRecord', async () => {
    const payload = Buffer.from(JSON.stringify({ jobId: 1, model: 'm', data: 'd' })).toString(
      'base64',
    );
    const outcome = await call(
      'phalaJobProcessor',
      'submitConfidentialJob',
      bob,
      0n,
      payload,
      bob.address,
    );
    const emitted = outcome.events.filter((r) =>
      ctx.api.events.contracts.ContractEmitted.is(r.event),
    );
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.topics).toHaveLength(2);
    expect(decoded('phalaJobProcessor', outcome.events)).toEqual([
      { name: 'JobSubmitted', args: ['1'] },
    ]);
    expect(await query('phalaJobProcessor', 'getJob', alice, 1)).toMatchObject({
      encryptedPayload: payload,
      processed: false,
    });
  });

  it('returns 0 for a batch below the minimum size and re-emits a repeated cancel', async () => {
    for (let i = 0; i < 4; i++) {
      await call('mevProtection', 'submitIntent', bob, 0n, 'enc', 'PAS', 'USDT', 100 + i);
    }
    const dry = await contract('mevProtection').query['createBatch']!(
      bob.address,
      options(ctx.api),
      [1, 2, 3, 4],
      'route',
    );
    expect((dry.output!.toJSON() as { ok: unknown }).ok).toBe(0);
    const cancel1 = await call('aiJobQueue', 'cancelJob', bob, 0n, 1);
    const cancel2 = await call('aiJobQueue', 'cancelJob', bob, 0n, 1);
    expect(decoded('aiJobQueue', cancel1.events)).toEqual([{ name: 'JobCancelled', args: ['1'] }]);
    expect(decoded('aiJobQueue', cancel2.events)).toEqual([{ name: 'JobCancelled', args: ['1'] }]);
  });
  it('runs a utility.batchAll of contract calls in one extrinsic, each call with its own events', async () => {
    const before = Number(await query('mevProtection', 'getIntentCounter', bob));
    const calls = [0, 1, 2].map((i) =>
      contract('mevProtection').tx['submitIntent']!(options(ctx.api), `enc-${i}`, 'PAS', 'USDT', i),
    );
    const outcome = await sendTx(ctx.api.tx.utility.batchAll(calls), bob);
    expect(outcome.success).toBe(true);
    expect(outcome.events.map((r) => `${r.event.section}.${r.event.method}`)).toEqual([
      'balances.Withdraw',
      ...[0, 1, 2].flatMap(() => [
        'contracts.ContractEmitted',
        'contracts.Called',
        'utility.ItemCompleted',
      ]),
      'utility.BatchCompleted',
      'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicSuccess',
    ]);
    expect(decoded('mevProtection', outcome.events)).toEqual(
      [1, 2, 3].map((n) => ({ name: 'IntentSubmitted', args: [String(before + n)] })),
    );
    expect(await query('mevProtection', 'getIntentCounter', bob)).toBe(before + 3);
  });
});
