/**
 * Attestation sign + verify per second: sr25519 through @polkadot/wasm-crypto directly (what
 * Sr25519AttestationSigner and verifyAttestation use) against util-crypto's pure-JS
 * sr25519Sign / sr25519Verify (@scure/sr25519), same key and same v1 payload, in one run.
 * Also the whole path: sign an envelope (validate + encode + sign) and verifyAttestation it.
 * Usage: npx tsx bench/attestation.bench.ts [--seconds 3] [--quick]   (npm run bench:attestation)
 */
import {
  sr25519PairFromSeed,
  sr25519Sign as jsSign,
  sr25519Verify as jsVerify,
} from '@polkadot/util-crypto';
import { hexToU8a } from '@polkadot/util';
import {
  sr25519KeypairFromSeed,
  sr25519Sign,
  sr25519Verify,
  waitReady,
} from '@polkadot/wasm-crypto';
import {
  type AttestationEnvelope,
  buildAttestationPayload,
  Sr25519AttestationSigner,
  verifyAttestation,
} from '../src/attestation';
import { Secret } from '../src/shared/secret';
import { commandLine, isQuick, numberArg, reportResult, runBench } from './support/bench-result';

const SEED = '0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';

/**
 * Rounds per second of each of `rounds`, measured in alternating slices of `sliceMs` (after a
 * short warm-up of each) until each has run `seconds` in all: a change of the machine's load
 * during the run then weighs on every candidate alike, and their ratios hold.
 */
async function rates<K extends string>(
  seconds: number,
  rounds: Record<K, () => unknown>,
  sliceMs = 100,
): Promise<Record<K, number>> {
  const names = Object.keys(rounds) as K[];
  const count = {} as Record<K, number>;
  const spent = {} as Record<K, number>;
  for (const name of names) {
    const warmUpEnd = performance.now() + 300;
    while (performance.now() < warmUpEnd) {
      await rounds[name]();
    }
    count[name] = 0;
    spent[name] = 0;
  }
  while (names.some((name) => spent[name] < seconds * 1000)) {
    for (const name of names) {
      const start = performance.now();
      const end = start + sliceMs;
      let done = 0;
      while (performance.now() < end) {
        await rounds[name]();
        done += 1;
      }
      count[name] += done;
      spent[name] += performance.now() - start;
    }
  }
  const result = {} as Record<K, number>;
  for (const name of names) {
    result[name] = count[name] / (spent[name] / 1000);
  }
  return result;
}

function check(ok: boolean, what: string): void {
  if (!ok) {
    throw new Error(`${what}: signature did not verify`);
  }
}

async function main(): Promise<void> {
  const seconds = numberArg('seconds', isQuick() ? 0.5 : 3);
  await waitReady();
  const signer = await Sr25519AttestationSigner.fromSecret(new Secret(SEED));
  const envelope: AttestationEnvelope = {
    version: 1,
    genesisHash: `0x${'ab'.repeat(32)}`,
    contract: `0x${'11'.repeat(20)}`,
    queueJobId: 123_456n,
    confidentialJobId: 42n,
    inputDigest: `sha256:${'01'.repeat(32)}`,
    modelDigest: `sha256:${'02'.repeat(32)}`,
    outputDigest: `sha256:${'03'.repeat(32)}`,
    executor: { name: 'onnx-runner', version: '1.4.2' },
    workerPublicKey: signer.publicKey,
    block: { number: 1_234_567n, hash: `0x${'cd'.repeat(32)}` },
    issuedAt: '2026-11-28T09:15:30.123Z',
  };
  const payload = buildAttestationPayload(envelope);
  const wasmPair = sr25519KeypairFromSeed(hexToU8a(SEED));
  const wasmSecret = wasmPair.slice(0, 64);
  const wasmPublic = wasmPair.slice(64);
  const jsPair = sr25519PairFromSeed(hexToU8a(SEED));

  const measured = await rates(seconds, {
    wasm: () => {
      check(
        sr25519Verify(sr25519Sign(wasmPublic, wasmSecret, payload), payload, wasmPublic),
        'wasm',
      );
    },
    whole: async () => {
      const signed = await signer.sign(envelope);
      check((await verifyAttestation(signed.envelope, signed.signature)).ok, 'envelope');
    },
  });
  const { wasm, whole } = measured;
  // the pure-JS path is several times slower: measured on its own, after the two above
  const { js } = await rates(seconds, {
    js: () => {
      check(jsVerify(payload, jsSign(payload, jsPair), jsPair.publicKey), 'js');
    },
  });

  const row = (name: string, perSecond: number): string =>
    `${name.padEnd(52)} ${perSecond.toFixed(0).padStart(8)} sign+verify/s  ${(1e6 / perSecond).toFixed(0).padStart(6)} µs each`;
  process.stdout.write(
    [
      `attestation payload: ${payload.length} bytes; ${seconds} s per measurement; node ${process.version}`,
      row('@polkadot/wasm-crypto sr25519 (direct)', wasm),
      row('@polkadot/util-crypto sr25519 (pure JS, @scure/sr25519)', js),
      row('signer.sign(envelope) + verifyAttestation (wasm)', whole),
      `ratio wasm / pure JS: ${(wasm / js).toFixed(2)}×`,
      '',
    ].join('\n'),
  );
  const raw = { name: 'raw @polkadot/wasm-crypto sr25519 sign + verify', value: wasm };
  reportResult({
    bench: 'attestation',
    title: 'Attestation sign + verify',
    command: commandLine('bench/attestation.bench.ts'),
    figures: [
      { name: raw.name, value: wasm, unit: 'sign+verify/s' },
      {
        name: "the service's path: signer.sign(envelope) + verifyAttestation",
        value: whole,
        unit: 'sign+verify/s',
        baseline: raw,
        better: 'higher',
      },
      {
        name: '@polkadot/util-crypto pure-JS sr25519 (@scure/sr25519)',
        value: js,
        unit: 'sign+verify/s',
        baseline: raw,
        better: 'higher',
      },
    ],
    notes: [
      `payload ${payload.length} bytes, the same key throughout; ${seconds} s per measurement; ` +
        'raw wasm and the service path measured in alternating 100 ms slices (the pure-JS path after them)',
      "target (issue 11): the service's path ≥ 0.9× raw",
    ],
  });
}

runBench('attestation', main);
