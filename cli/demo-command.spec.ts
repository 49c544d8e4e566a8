import { InvalidArgumentError } from 'commander';
import { formatRound, formatScenarioSummary } from './demo-command';
import { parseRpcUrl } from './rpc-connection';

describe('demo output', () => {
  it('summarises the full story with every id', () => {
    const text = formatScenarioSummary({
      user: { ss58: '5FHne', h160: '0x41dc' },
      providerH160: '0xe223',
      jobId: 3n,
      blocks: {},
      providerRegistered: true,
      nftTokenId: 1n,
      nftMinted: true,
      confidentialJobId: 4n,
      intentIds: [1n, 2n],
    });
    expect(text).toBe(
      [
        'user 5FHne (0x41dc)',
        'provider 0xe223 registered',
        'job 3 submitted, escrow deposited, assigned to 0xe223',
        'data NFT 1 minted, access granted to 0x41dc',
        'confidential job 4 submitted',
        'intents 1, 2 submitted',
        '',
      ].join('\n'),
    );
  });

  it('prints a traffic round, failed ones with the reason', () => {
    expect(formatRound({ round: 2, ok: true, jobId: 9n })).toBe(
      'round 2: job 9 submitted, funded and assigned\n',
    );
    expect(formatRound({ round: 3, ok: false, error: new Error('refused x') })).toBe(
      'round 3 failed: refused x\n',
    );
  });
});

describe('parseRpcUrl', () => {
  it('accepts ws and wss endpoints', () => {
    expect(parseRpcUrl(' ws://127.0.0.1:9944 ')).toBe('ws://127.0.0.1:9944');
    expect(parseRpcUrl('wss://rpc1.paseo.popnetwork.xyz')).toBe('wss://rpc1.paseo.popnetwork.xyz');
  });

  it.each(['', '127.0.0.1:9944', 'http://127.0.0.1:9944', 'ws//x'])('refuses %j', (raw) => {
    expect(() => parseRpcUrl(raw)).toThrow(InvalidArgumentError);
  });
});

describe('demo output on a chain that has the story already', () => {
  it('says what was found instead of sent', () => {
    const text = formatScenarioSummary({
      user: { ss58: '5FHne', h160: '0x41dc' },
      providerH160: '0xe223',
      jobId: 7n,
      blocks: {},
      providerRegistered: false,
      nftTokenId: 1n,
      nftMinted: false,
      confidentialJobId: 8n,
      intentIds: [6n],
    });
    expect(text).toContain('provider 0xe223 (already registered)\n');
    expect(text).toContain('data NFT 1 (already minted), access granted to 0x41dc\n');
  });
});
