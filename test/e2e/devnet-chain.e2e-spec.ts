import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiPromise, HttpProvider, WsProvider } from '@polkadot/api';
import type { AccountInfo } from '@polkadot/types/interfaces';
import { u8aToHex } from '@polkadot/util';
import { DEV_ACCOUNT_BALANCE } from '../../devnet/chain/genesis';
import { startDevnetApi, sendTx, type DevnetApi } from '../support/devnet-api';

async function free(api: ApiPromise, address: string): Promise<bigint> {
  const account = (await api.query.system.account(address)) as unknown as AccountInfo;
  return account.data.free.toBigInt();
}

describe('devnet chain over WebSocket JSON-RPC', () => {
  let ctx: DevnetApi;

  beforeAll(async () => {
    ctx = await startDevnetApi();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('connects like a Substrate node and reports PAS with 10 decimals', async () => {
    expect((await ctx.api.rpc.system.chain()).toString()).toBe('PolkaMesh Devnet');
    const properties = await ctx.api.rpc.system.properties();
    expect(properties.tokenSymbol.unwrap()[0]!.toString()).toBe('PAS');
    expect(properties.tokenDecimals.unwrap()[0]!.toNumber()).toBe(10);
    expect(ctx.api.tx.revive.call).toBeDefined();
    expect(ctx.api.tx.contracts.call).toBeDefined();
    const alice = ctx.keyring.addFromUri('//Alice');
    expect(await free(ctx.api, alice.address)).toBe(DEV_ACCOUNT_BALANCE);
  });

  it('moves a transfer through InBlock then Finalized and charges amount plus fee', async () => {
    const alice = ctx.keyring.addFromUri('//Alice');
    const bob = ctx.keyring.addFromUri('//Bob');
    const [aliceBefore, bobBefore] = [
      await free(ctx.api, alice.address),
      await free(ctx.api, bob.address),
    ];
    const amount = 12_345_000_000n;
    const tx = await ctx.api.tx.balances.transferKeepAlive(bob.address, amount).signAsync(alice);
    // The node's own status stream: signAndSend may skip InBlock on a busy client, because
    // Polkadot.js drops a status whose block events are still being fetched when the next arrives.
    const statuses: string[] = [];
    const finalizedIn = await new Promise<string>((resolve, reject) => {
      ctx.api.rpc.author
        .submitAndWatchExtrinsic(tx, (status) => {
          statuses.push(status.type);
          if (status.isFinalized) {
            resolve(status.asFinalized.toHex());
          } else if (status.isDropped || status.isInvalid) {
            reject(new Error(`transaction ${status.type}`));
          }
        })
        .catch(reject);
    });
    expect(statuses).toEqual(['Ready', 'InBlock', 'Finalized']);
    const events = await (await ctx.api.at(finalizedIn)).query.system.events();
    expect(events.some((r) => ctx.api.events.system.ExtrinsicSuccess.is(r.event))).toBe(true);
    const feePaid = events.find((r) =>
      ctx.api.events.transactionPayment.TransactionFeePaid.is(r.event),
    );
    const fee = BigInt(feePaid!.event.data[1]!.toString());
    const quoted = await ctx.api.rpc.payment.queryInfo(tx.toHex());
    expect(fee).toBe(quoted.partialFee.toBigInt());
    expect(await free(ctx.api, alice.address)).toBe(aliceBefore - amount - fee);
    expect(await free(ctx.api, bob.address)).toBe(bobBefore + amount);
  });

  it('refuses a bad signature, a reused nonce and an unknown method the way Substrate does', async () => {
    const charlie = ctx.keyring.addFromUri('//Charlie');
    const dave = ctx.keyring.addFromUri('//Dave');
    const signed = await ctx.api.tx.balances
      .transferKeepAlive(dave.address, 20_000_000n)
      .signAsync(charlie);
    const bytes = signed.toU8a();
    const tampered = new Uint8Array(bytes);
    const signatureStart = bytes.length - signed.method.toU8a().length - 20;
    tampered[signatureStart] = tampered[signatureStart]! ^ 0xff;
    await expect(ctx.api.rpc.author.submitExtrinsic(u8aToHex(tampered))).rejects.toThrow(
      '1010: Invalid Transaction: Transaction has a bad signature',
    );

    await sendTx(ctx.api.tx.balances.transferKeepAlive(dave.address, 20_000_000n), charlie);
    const stale = await ctx.api.tx.balances
      .transferKeepAlive(dave.address, 20_000_000n)
      .signAsync(charlie, { nonce: 0 });
    await expect(ctx.api.rpc.author.submitExtrinsic(stale.toHex())).rejects.toThrow(
      '1010: Invalid Transaction: Transaction is outdated',
    );

    const provider = new WsProvider(ctx.devnet.url);
    await provider.isReady;
    await expect(provider.send('polkamesh_noSuchMethod', [])).rejects.toThrow(
      '-32601: Method not found',
    );
    await provider.disconnect();
  });

  it("answers JSON-RPC over HTTP POST on the same port, as the README's curl line sends it", async () => {
    const http = ctx.devnet.url.replace(/^ws:/, 'http:');
    const post = (body: string, contentType = 'application/json') =>
      fetch(http, { method: 'POST', headers: { 'content-type': contentType }, body });
    const health = await post('{"jsonrpc":"2.0","method":"system_health","params":[],"id":1}');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: { peers: 0, isSyncing: false, shouldHavePeers: false },
    });
    // Polkadot.js's own HTTP client reads the same chain the WebSocket one does
    const provider = new HttpProvider(http);
    const head = (await ctx.api.rpc.chain.getHeader()).number.toNumber();
    const viaHttp = await provider.send<{ number: string }>('chain_getHeader', []);
    expect(Number(viaHttp.number)).toBeGreaterThanOrEqual(head);
    expect(await provider.send('system_chain', [])).toBe('PolkaMesh Devnet');
    // subscriptions need a connection to send on, as on a Substrate node
    const subscribe = await post('{"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":2}');
    expect(await subscribe.json()).toMatchObject({ id: 2, error: { code: -32601 } });
    expect((await post('{"jsonrpc":')).status).toBe(200);
    expect(await (await post('{"jsonrpc":')).json()).toMatchObject({ error: { code: -32700 } });
    expect((await post('{}', 'text/plain')).status).toBe(415);
    expect((await fetch(http)).status).toBe(405);
  });

  it('reorganises the best chain without touching finalized blocks', async () => {
    const { api, devnet } = ctx;
    const eve = ctx.keyring.addFromUri('//Eve');
    const ferdie = ctx.keyring.addFromUri('//Ferdie');
    await api.rpc('dev_setFinalityLag', 3);
    const finalizedBefore = (await api.rpc.chain.getFinalizedHead()).toHex();
    const orphanedTx = await sendTx(
      api.tx.balances.transferKeepAlive(ferdie.address, 30_000_000n),
      eve,
    );
    const orphanedNumber = (await api.rpc.chain.getHeader(orphanedTx.blockHash)).number.toNumber();
    const eveAfterTransfer = await free(api, eve.address);
    const best = devnet.node.best.number;

    await api.rpc('dev_reorg', best - orphanedNumber + 1);

    const replacement = (await api.rpc.chain.getBlockHash(orphanedNumber)).toHex();
    expect(replacement).not.toBe(orphanedTx.blockHash);
    const eventsAtNew = await api.query.system.events.at(replacement);
    expect(
      (eventsAtNew as unknown as { event: { section: string; method: string } }[]).some(
        (r) => r.event.method === 'Transfer',
      ),
    ).toBe(false);
    expect(await free(api, eve.address)).toBeGreaterThan(eveAfterTransfer);
    const finalizedNumber = (await api.rpc.chain.getHeader(finalizedBefore)).number.toNumber();
    expect((await api.rpc.chain.getBlockHash(finalizedNumber)).toHex()).toBe(finalizedBefore);
    await expect(api.rpc('dev_reorg', devnet.node.best.number)).rejects.toThrow('reorg depth');
    await api.rpc('dev_setFinalityLag', 0);
  });
});

describe('devnet state file', () => {
  it('restarts with the same chain', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'devnet-state-')), 'chain.bin');
    const first = await startDevnetApi({ stateFile: file });
    const alice = first.keyring.addFromUri('//Alice');
    const bob = first.keyring.addFromUri('//Bob');
    await sendTx(
      first.api.tx.balances.transferKeepAlive(bob.address, 50_000_000n),
      alice,
      'finalized',
    );
    const best = (await first.api.rpc.chain.getHeader()).hash.toHex();
    const genesis = first.api.genesisHash.toHex();
    const aliceFree = await free(first.api, alice.address);
    await first.close();

    const second = await startDevnetApi({ stateFile: file });
    expect(second.api.genesisHash.toHex()).toBe(genesis);
    expect((await second.api.rpc.chain.getHeader()).hash.toHex()).toBe(best);
    expect(await free(second.api, alice.address)).toBe(aliceFree);
    await sendTx(second.api.tx.balances.transferKeepAlive(bob.address, 50_000_000n), alice);
    await second.close();
  });
});

describe('devnet interval mode', () => {
  it('produces blocks on a timer and finalizes them a fixed depth behind', async () => {
    const ctx = await startDevnetApi({ instant: false, blockTimeMs: 50, finalityLag: 2 });
    const heads: number[] = [];
    await new Promise<void>((resolve) => {
      void ctx.api.rpc.chain.subscribeFinalizedHeads((header) => {
        heads.push(header.number.toNumber());
        if (heads.length >= 3) {
          resolve();
        }
      });
    });
    const best = (await ctx.api.rpc.chain.getHeader()).number.toNumber();
    const finalized = (
      await ctx.api.rpc.chain.getHeader(await ctx.api.rpc.chain.getFinalizedHead())
    ).number.toNumber();
    expect(best - finalized).toBeGreaterThanOrEqual(2);
    expect(heads).toEqual([...heads].sort((a, b) => a - b));
    await ctx.close();
  });
});
