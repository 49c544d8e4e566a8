import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { defaultContractAddresses, startDevnet, type Devnet } from '../../devnet/devnet';
import { decodeEvent, decodeReturn, encodeCall, h160FromAccountId } from '../../src/contracts';
import { PolkadotChainClient, type BlockHeader, type ChainClientConfig } from '../../src/chain';
import { PinoLogger } from '../../src/logging';
import { NOOP_LOGGER } from '../../src/shared';
import { devRpc } from '../support/dev-rpc';
import { waitFor } from '../support/wait-for';

const LOG = process.env['CHAIN_E2E_LOG']
  ? PinoLogger.create('e2e', { level: 'debug', format: 'json' })
  : NOOP_LOGGER;
const ADDRESSES = defaultContractAddresses();
/** Deadline of each wait for observable state (the devnets and the client share this process). */
const WAIT_MS = 30_000;
const GAS = { refTime: 100_000_000_000n, proofSize: 1_000_000n };

interface DevInfo {
  best: { number: number; hash: string };
  finalized: { number: number; hash: string };
}

function config(
  endpoints: string[],
  overrides: Partial<ChainClientConfig> = {},
): ChainClientConfig {
  return {
    endpoints,
    expectedBlockTimeMs: 1_000,
    stallBlocks: 600,
    maxFinalityLagBlocks: 3,
    reconnect: { minMs: 50, maxMs: 500 },
    contracts: ADDRESSES,
    // generous: a loaded machine (parallel Jest workers) can take seconds to answer; no test here
    // is about these timeouts
    connectTimeoutMs: 30_000,
    requestTimeoutMs: 30_000,
    startTimeoutMs: 60_000,
    ...overrides,
  };
}

function collectHeads(client: PolkadotChainClient, kind: 'best' | 'finalized'): BlockHeader[] {
  const heads: BlockHeader[] = [];
  client.subscribeHeads(kind, (h) => heads.push(h));
  return heads;
}

function send(tx: SubmittableExtrinsic<'promise'>, who: KeyringPair): Promise<string> {
  return new Promise((resolve, reject) => {
    tx.signAndSend(who, (result) => {
      if (result.dispatchError) {
        reject(new Error(`dispatch error ${result.dispatchError.toString()}`));
      } else if (result.status.isInBlock || result.status.isFinalized) {
        // with a short finality delay Polkadot.js may report Finalized without InBlock
        const hash = result.status.isInBlock ? result.status.asInBlock : result.status.asFinalized;
        resolve(hash.toHex());
      } else if (result.isError) {
        reject(new Error(`tx ${result.status.type}`));
      }
    }).catch(reject);
  });
}

describe('PolkadotChainClient against one devnet', () => {
  let devnet: Devnet;
  let user: ApiPromise;
  let client: PolkadotChainClient;
  const alice = () => new Keyring({ type: 'sr25519' }).addFromUri('//Alice');

  beforeAll(async () => {
    devnet = await startDevnet({ port: 0, instant: true, finalityDelayMs: 20 });
    user = await ApiPromise.create({ provider: new WsProvider(devnet.url), noInitWarn: true });
    client = new PolkadotChainClient(config([devnet.url]), { log: LOG });
    await client.start();
  });

  afterAll(async () => {
    await client?.stop();
    await user?.disconnect();
    await devnet?.stop();
  });

  it('reads genesis, heads and canonical refs that agree with the devnet', async () => {
    await devRpc(devnet.url, 'dev_newBlock', [3]);
    const info = await waitFor(
      async () => {
        const i = await devRpc<DevInfo>(devnet.url, 'dev_info');
        return i.finalized.number === i.best.number && i;
      },
      WAIT_MS,
      'finality to catch up',
    );
    expect(await client.getGenesisHash()).toBe(user.genesisHash.toHex());
    expect(await client.getFinalizedHead()).toEqual({
      number: BigInt(info.finalized.number),
      hash: info.finalized.hash,
    });
    expect(await client.getBestHead()).toEqual({
      number: BigInt(info.best.number),
      hash: info.best.hash,
    });
    expect(await client.getBlockRef(BigInt(info.best.number))).toEqual({
      number: BigInt(info.best.number),
      hash: info.best.hash,
    });
    expect(await client.getBlockRef(BigInt(info.best.number + 100))).toBeNull();
    const header = await client.getHeader(info.best.hash);
    const parent = await client.getBlockRef(BigInt(info.best.number - 1));
    expect(header).toEqual({
      number: BigInt(info.best.number),
      hash: info.best.hash,
      parentHash: parent?.hash,
    });
    expect(client.getEndpointStates()).toEqual([
      expect.objectContaining({
        url: devnet.url,
        status: 'connected',
        isActive: true,
        isTrusted: true,
      }),
    ]);
  });

  it('returns the JobSubmitted raw event of a contract call, decodable with the ABI codecs', async () => {
    const who = alice();
    await send(user.tx['revive']['mapAccount'](), who);
    const best = (await client.getBestHead()).number;
    const input = encodeCall('aiJobQueue', 'submit_job', {
      modelRef: 'm',
      dataRef: 'd',
      deadline: Number(best) + 100,
      privacyRequired: false,
    });
    const call = user.tx['revive']['call'](
      ADDRESSES.aiJobQueue,
      1_000n,
      GAS,
      10n ** 15n,
      u8aToHex(input),
    );
    const blockHash = await send(call, who);
    const header = await client.getHeader(blockHash);
    const events = await client.getContractEvents(header);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      block: { number: header.number, hash: blockHash },
      pallet: 'revive',
      contract: 'aiJobQueue',
      contractAddress: ADDRESSES.aiJobQueue,
      extrinsicIndex: expect.any(Number),
    });
    const records = (await (await user.at(blockHash)).query['system']['events']()) as unknown as {
      event: { section: string; method: string };
    }[];
    expect(records[event!.eventIndex]?.event).toMatchObject({
      section: 'revive',
      method: 'ContractEmitted',
    });
    expect(decodeEvent('aiJobQueue', event!.data, event!.topics)).toEqual({
      ok: true,
      event: {
        contract: 'aiJobQueue',
        name: 'JobSubmitted',
        fields: {
          jobId: 1n,
          owner: h160FromAccountId(u8aToHex(who.publicKey)),
          budget: 1_000n * 100_000_000n,
        },
      },
    });
  });

  it('reports contracts-pallet events with record topics, and ignores unconfigured contracts', async () => {
    const input = encodeCall('phalaJobProcessor', 'submit_confidential_job', {
      encryptedPayload: 'eyJqb2JJZCI6MX0=',
      publicKey: 'pk',
    });
    const call = user.tx['contracts']['call'](
      ADDRESSES.phalaJobProcessor,
      0,
      GAS,
      null,
      u8aToHex(input),
    );
    const blockHash = await send(call, alice());
    const header = await client.getHeader(blockHash);
    const [event, ...rest] = await client.getContractEvents(header);
    expect(rest).toHaveLength(0);
    expect(event).toMatchObject({ pallet: 'contracts', contract: 'phalaJobProcessor' });
    expect(decodeEvent('phalaJobProcessor', event!.data, event!.topics)).toMatchObject({
      ok: true,
      event: { name: 'JobSubmitted', fields: { jobId: 1n } },
    });

    const others = new PolkadotChainClient(
      config([devnet.url], {
        contracts: {
          aiJobQueue: '0x' + '11'.repeat(20),
          phalaJobProcessor: '0x' + '22'.repeat(32),
        },
      }),
    );
    await others.start();
    try {
      expect(await others.getContractEvents(header)).toEqual([]);
    } finally {
      await others.stop();
    }
  });

  it('dry-runs messages: a return value when mapped, AccountUnmapped otherwise', async () => {
    const input = encodeCall('aiJobQueue', 'get_job_counter');
    const ok = await client.dryRun({
      contract: 'aiJobQueue',
      origin: alice().address,
      value: 0n,
      input,
    });
    expect(ok).toMatchObject({ ok: true, isReverted: false });
    expect(ok.ok && decodeReturn('aiJobQueue', 'get_job_counter', ok.data)).toEqual({
      ok: true,
      value: 1n,
    });
    const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
    const unmapped = await client.dryRun({
      contract: 'aiJobQueue',
      origin: bob.address,
      value: 0n,
      input,
    });
    expect(unmapped).toMatchObject({ ok: false, error: 'AccountUnmapped' });
  });

  it('reads account balance and nonce', async () => {
    const account = await client.getAccount(alice().address);
    expect(account.free).toBeGreaterThan(0n);
    expect(account.nonce).toBe(3);
  });

  it('reconnects after dev_dropConnections and keeps delivering heads', async () => {
    const heads = collectHeads(client, 'best');
    await devRpc(devnet.url, 'dev_dropConnections');
    await waitFor(
      () => client.getEndpointStates()[0]?.lastError !== null,
      WAIT_MS,
      'the drop to be noticed',
    );
    await waitFor(
      () => client.getEndpointStates()[0]?.status === 'connected',
      WAIT_MS,
      'a reconnect',
    );
    const hash = await devRpc<string>(devnet.url, 'dev_newBlock', [1]);
    await waitFor(
      () => heads.some((h) => h.hash === hash),
      WAIT_MS,
      'the new head after reconnecting',
    );
    expect((await client.getBestHead()).hash).toBe(hash);
  });
});

/** Two devnets on the same chain: one saved genesis state, restored twice. */
async function startTwins(options: {
  instant: boolean;
  blockTimeMs?: number;
}): Promise<[Devnet, Devnet]> {
  const { mkdtempSync, copyFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(tmpdir(), 'chain-client-e2e-'));
  const first = path.join(dir, 'a.state');
  const second = path.join(dir, 'b.state');
  await (await startDevnet({ port: 0, instant: true, stateFile: first })).stop();
  copyFileSync(first, second);
  const common = { port: 0, finalityLag: 0, ...options };
  return [
    await startDevnet({ ...common, stateFile: first }),
    await startDevnet({ ...common, stateFile: second }),
  ];
}

describe('PolkadotChainClient with several endpoints', () => {
  const started: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const s of started.splice(0).reverse()) {
      await s.stop().catch(() => undefined);
    }
  });

  it('detects a head stall, resubscribes, and heads continue afterwards', async () => {
    const devnet = await startDevnet({ port: 0, blockTimeMs: 100, finalityLag: 0 });
    started.push(devnet);
    const client = new PolkadotChainClient(
      config([devnet.url], { expectedBlockTimeMs: 100, stallBlocks: 3 }),
      { log: LOG },
    );
    started.push(client);
    await client.start();
    const heads = collectHeads(client, 'best');
    await waitFor(() => heads.length >= 2, WAIT_MS, 'heads flowing');
    await devRpc(devnet.url, 'dev_stall', [5_000]);
    await waitFor(
      () => (client.getEndpointStates()[0]?.stallCount ?? 0) >= 1,
      WAIT_MS,
      'stall detection',
    );
    const seen = heads.length;
    await waitFor(() => heads.length > seen + 2, WAIT_MS, 'heads after the stall');
  });

  it('switches to a fresher endpoint when the active one stalls', async () => {
    const [a, b] = await startTwins({ instant: false, blockTimeMs: 100 });
    started.push(a, b);
    const client = new PolkadotChainClient(
      config([a.url, b.url], { expectedBlockTimeMs: 100, stallBlocks: 3 }),
      { log: LOG },
    );
    started.push(client);
    await client.start();
    expect(client.getEndpointStates()[0]?.isActive).toBe(true);
    // long enough that the client sees the stall however slowly it runs; ends with the test
    await devRpc(a.url, 'dev_stall', [60_000]);
    await waitFor(
      () => client.getEndpointStates()[1]?.isActive,
      WAIT_MS,
      'switch to the second endpoint',
    );
    // the switch may come from the scores (b's head is fresher) before the stall check runs on a
    // loaded machine; the stall itself is still detected on the first endpoint
    await waitFor(
      () => (client.getEndpointStates()[0]?.stallCount ?? 0) >= 1,
      WAIT_MS,
      'stall detected on the first endpoint',
    );
    expect(client.getEndpointStates()[1]?.isActive).toBe(true);
  });

  it('fails over when the active endpoint goes away, with finalized heads continuing without gaps', async () => {
    const [a, b] = await startTwins({ instant: false, blockTimeMs: 100 });
    started.push(b);
    const client = new PolkadotChainClient(
      config([a.url, b.url], { expectedBlockTimeMs: 100, stallBlocks: 5 }),
      { log: LOG },
    );
    started.push(client);
    await client.start();
    const heads = collectHeads(client, 'finalized');
    await waitFor(() => heads.length >= 3, WAIT_MS, 'finalized heads from the first endpoint');
    expect(client.getEndpointStates()[0]?.isActive).toBe(true);
    await a.stop();
    await waitFor(() => client.getEndpointStates()[1]?.isActive, WAIT_MS, 'failover');
    const atSwitch = heads.length;
    await waitFor(() => heads.length > atSwitch + 3, WAIT_MS, 'finalized heads after failover');
    heads.forEach((h, i) => {
      const previous = heads[i - 1];
      if (previous) {
        expect(h.number).toBeLessThanOrEqual(previous.number + 1n);
      }
    });
    const last = heads[heads.length - 1]!;
    expect(await client.getBlockRef(last.number)).toEqual({ number: last.number, hash: last.hash });
    expect(client.getEndpointStates()[0]).toMatchObject({
      isTrusted: false,
      status: 'reconnecting',
    });
  });

  it('does not trust an endpoint whose finality lags the others by more than the limit', async () => {
    const [a, b] = await startTwins({ instant: true });
    started.push(a, b);
    const client = new PolkadotChainClient(config([a.url, b.url]), { log: LOG });
    started.push(client);
    await client.start();
    expect(client.getEndpointStates().map((s) => s.isActive)).toEqual([true, false]);

    await devRpc(a.url, 'dev_setFinalityLag', [10]);
    await devRpc(a.url, 'dev_newBlock', [12]);
    await devRpc(b.url, 'dev_newBlock', [12]);
    await waitFor(
      () => client.getEndpointStates()[1]?.isActive,
      WAIT_MS,
      'switch away from the lagging endpoint',
    );
    expect(client.getEndpointStates()[0]).toMatchObject({ isTrusted: false, isActive: false });
    expect(client.getEndpointStates()[0]?.distrustReason).toMatch(/lags/);

    const fresh = new PolkadotChainClient(config([a.url, b.url]), { log: LOG });
    started.push(fresh);
    await fresh.start();
    expect(fresh.getEndpointStates().map((s) => s.isActive)).toEqual([false, true]);
    const finalized = await fresh.getFinalizedHead();
    expect(finalized.number).toBeGreaterThanOrEqual(12n);
  });
});
