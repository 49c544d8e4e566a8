import { Abi } from '@polkadot/api-contract';
import { compactStripLength, hexToU8a, u8aToHex } from '@polkadot/util';
import { loadAbiJson } from './abi-json';
import { encodeCall } from './call-codec';
import { CONTRACT_SPECS } from './contract-catalogue';
import { encodeEvent } from './event-codec';
import { readAbiFile } from './testing/abi-file';
import { kitchensinkEventRecords } from './testing/event-record';
import { polkadotPrimitive } from './testing/polkadot-primitive';
import { sampleValue } from './testing/sample-value';
import { CONTRACT_NAMES, CONTRACT_PALLET, type ContractEvent } from './types';

const deployments = readAbiFile('paseo-deployments.json') as unknown as {
  contracts: Record<string, { address: string; codeHash: string }>;
};

describe('loadAbiJson', () => {
  it.each(CONTRACT_NAMES)(
    '%s: loads into Polkadot.js Abi on the right pallet, with the deployed code hash',
    (contract) => {
      const abi = new Abi(loadAbiJson(contract));
      expect(abi.isRevive).toBe(CONTRACT_PALLET[contract] === 'revive');
      expect(abi.info.source.wasmHash.toHex()).toBe(deployments.contracts[contract]?.codeHash);
    },
  );

  it('returns a fresh copy each time', () => {
    const first = loadAbiJson('aiJobQueue');
    first['version'] = 99;
    expect(loadAbiJson('aiJobQueue')['version']).toBe(6);
  });
});

describe('hand-written payment_escrow.v6.json', () => {
  const json = loadAbiJson('paymentEscrow');
  const abi = new Abi(json);
  const ALICE_H160 = '0x9621dde636de098b43efb0fa9b61facfe328f99d';

  it('is ink! v6 metadata for pallet-revive with the code hash of the deployed escrow', () => {
    expect(json['version']).toBe(6);
    expect(abi.isRevive).toBe(true);
    expect(abi.info.source.wasmHash.toHex()).toBe(
      '0x7bfff2dbd2e6783b711fa04a552b3646809e52d70cf35f13ed9f0ee27346bcb4',
    );
    expect(abi.info.source.language.toString()).toBe('ink! 6.0.0-alpha.4');
  });

  it('encodes deposit_for_job(7, H160) exactly like encodeCall and like spec §2.1 describes', () => {
    const viaAbi = compactStripLength(
      abi.findMessage('deposit_for_job').toU8a([7n, ALICE_H160]),
    )[1];
    const ours = encodeCall('paymentEscrow', 'deposit_for_job', {
      jobId: 7n,
      provider: ALICE_H160,
    });
    expect(u8aToHex(viaAbi)).toBe(u8aToHex(ours));
    expect(u8aToHex(ours)).toBe('0x3ef41400' + '07' + '00'.repeat(15) + ALICE_H160.slice(2));
    expect(abi.findMessage('deposit_for_job').isPayable).toBe(true);
    expect(abi.findMessage('get_admin').returnType?.type).toContain('H160');
  });

  it('types Escrow.amount and the event amounts as U256', () => {
    expect(abi.findMessage('get_escrow').returnType?.type).toMatch(/Escrow/);
    const deposited = abi.events.find((e) => e.identifier.endsWith('::Deposited'));
    expect(deposited?.args.map((a) => `${a.name}:${a.type.type}:${String(a.indexed)}`)).toEqual([
      'jobId:u128:true',
      'owner:H160:true',
      'provider:H160:true',
      'amount:U256:false',
    ]);
  });
});

describe('Abi.decodeEvent on EventRecords built with the kitchensink metadata', () => {
  const records = kitchensinkEventRecords();

  it('finds Revive.ContractEmitted at pallet 80, variant 0', () => {
    expect(records.indices.Revive).toEqual([80, 0]);
  });

  it('decodes a synthetic escrow Deposited event', () => {
    const abi = new Abi(loadAbiJson('paymentEscrow'));
    const { data, topics } = encodeEvent({
      contract: 'paymentEscrow',
      name: 'Deposited',
      fields: {
        jobId: 7n,
        owner: '0x9621dde636de098b43efb0fa9b61facfe328f99d',
        provider: `0x${'11'.repeat(20)}`,
        amount: 10n ** 18n,
      },
    });
    const record = records.revive(
      hexToU8a('0x5a86a13ef7fc1c5e58f022be183de015dfb702ae'),
      data,
      topics,
    );
    expect(`${record.event.section}.${record.event.method}`).toBe('revive.ContractEmitted');
    const decoded = abi.decodeEvent(record);
    expect(decoded.event.identifier).toBe('payment_escrow::payment_escrow::Deposited');
    expect(decoded.args.map((a) => a.toString())).toEqual([
      '7',
      '0x9621dde636de098b43efb0fa9b61facfe328f99d',
      `0x${'11'.repeat(20)}`,
      '1000000000000000000',
    ]);
  });

  it.each(CONTRACT_NAMES)(
    '%s: every event we encode is recognised by Abi.decodeEvent from its topics',
    (contract) => {
      const abi = new Abi(loadAbiJson(contract));
      const address = new Uint8Array(CONTRACT_PALLET[contract] === 'revive' ? 20 : 32).fill(1);
      for (const spec of CONTRACT_SPECS[contract].events) {
        const fields = Object.fromEntries(spec.fields.map((f) => [f.name, sampleValue(f.type, 2)]));
        const { data, topics } = encodeEvent({
          contract,
          name: spec.name,
          fields,
        } as unknown as ContractEvent);
        const record =
          CONTRACT_PALLET[contract] === 'revive'
            ? records.revive(address, data, topics)
            : records.contracts(address, data, topics);
        const decoded = abi.decodeEvent(record);
        expect(decoded.event.identifier.split('::').pop()).toBe(spec.name);
        expect(decoded.args.map((a) => a.toPrimitive())).toEqual(
          spec.fields.map((f) => polkadotPrimitive(f.type, fields[f.name])),
        );
      }
    },
  );
});
