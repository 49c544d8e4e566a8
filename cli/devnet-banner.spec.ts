import { defaultContractAddresses } from '../devnet/devnet';
import { formatDevnetBanner } from './devnet-banner';

describe('formatDevnetBanner', () => {
  const base = {
    url: 'ws://127.0.0.1:9944',
    blocks: 'instant' as const,
    finalityLag: 0,
    requireAccountMapping: true,
    addresses: defaultContractAddresses(),
  };

  it('lists the URL, the six contracts and the six dev accounts', () => {
    const text = formatDevnetBanner(base);
    expect(text).toContain('PolkaMesh devnet listening on ws://127.0.0.1:9944');
    expect(text).toMatch(/aiJobQueue +revive +0xa44639cd0d0e6c6607491088c9c549e184456122\n/);
    expect(text).toMatch(/phalaJobProcessor +contracts +5\w+ \(0x[0-9a-f]{64}\)\n/);
    expect(text).toContain('//Alice');
    expect(text).toContain('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    expect(text).toContain('1,000,000 PAS');
    expect(text).toContain('state: in memory');
    expect(text).not.toContain('not the Paseo address');
  });

  it('shows interval block production and the state file', () => {
    const text = formatDevnetBanner({ ...base, blocks: 1000, finalityLag: 2, stateFile: 'x.bin' });
    expect(text).toContain('blocks: every 1000 ms; finality lag: 2');
    expect(text).toContain('state: x.bin');
  });

  it('marks an address that differs from the Paseo deployment', () => {
    const addresses = { ...base.addresses, aiJobQueue: `0x${'11'.repeat(20)}` };
    expect(formatDevnetBanner({ ...base, addresses })).toContain('[not the Paseo address]');
  });
});
