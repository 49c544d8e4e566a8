import fc from 'fast-check';
import { InvalidInputError } from '../executor';
import { decodeWav, MAX_WAV_DURATION_S } from './decode-wav';

interface FmtFields {
  tag?: number;
  channels?: number;
  sampleRate?: number;
  byteRate?: number;
  blockAlign?: number;
  bits?: number;
}

/** A 16-byte fmt chunk body; derived fields follow the others unless overridden. */
function fmtBody(fields: FmtFields = {}): Buffer {
  const channels = fields.channels ?? 1;
  const sampleRate = fields.sampleRate ?? 16_000;
  const bits = fields.bits ?? 16;
  const blockAlign = fields.blockAlign ?? (channels * bits) / 8;
  const body = Buffer.alloc(16);
  body.writeUInt16LE(fields.tag ?? 1, 0);
  body.writeUInt16LE(channels, 2);
  body.writeUInt32LE(sampleRate, 4);
  body.writeUInt32LE(fields.byteRate ?? sampleRate * blockAlign, 8);
  body.writeUInt16LE(blockAlign, 12);
  body.writeUInt16LE(bits, 14);
  return body;
}

/** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt body whose sub-format GUID carries `subTag`. */
function extensibleFmtBody(subTag: number, bits: number, channels = 1): Buffer {
  const head = fmtBody({ tag: 0xfffe, bits, channels });
  const extension = Buffer.alloc(24);
  // KSDATAFORMAT_SUBTYPE_*: the format tag, then the fixed GUID tail.
  Buffer.from('000000001000800000aa00389b71', 'hex').copy(extension, 10);
  extension.writeUInt16LE(22, 0);
  extension.writeUInt16LE(bits, 2);
  extension.writeUInt32LE(channels === 1 ? 4 : 3, 4);
  extension.writeUInt16LE(subTag, 8);
  return Buffer.concat([head, extension]);
}

function chunk(id: string, body: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body, body.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + body.length, 4);
  header.write('WAVE', 8, 'latin1');
  return Buffer.concat([header, body]);
}

function int16(...values: number[]): Buffer {
  const data = Buffer.alloc(values.length * 2);
  values.forEach((value, i) => data.writeInt16LE(value, i * 2));
  return data;
}

function wav16(values: number[], fields: FmtFields = {}): Buffer {
  return riff(chunk('fmt ', fmtBody(fields)), chunk('data', int16(...values)));
}

function samplesOf(bytes: Uint8Array): number[] {
  return Array.from(decodeWav(bytes).samples);
}

describe('decodeWav', () => {
  it('decodes 16-bit PCM to [-1, 1] and reports the sample rate', () => {
    const audio = decodeWav(wav16([0, 16_384, -32_768, 32_767], { sampleRate: 22_050 }));
    expect(audio.sampleRate).toBe(22_050);
    expect(Array.from(audio.samples)).toEqual([0, 0.5, -1, 32_767 / 32_768]);
  });

  it('decodes unsigned 8-bit PCM around 128', () => {
    const bytes = riff(
      chunk('fmt ', fmtBody({ bits: 8 })),
      chunk('data', Buffer.from([128, 192, 0])),
    );
    expect(samplesOf(bytes)).toEqual([0, 0.5, -1]);
  });

  it('decodes signed 24-bit PCM', () => {
    const data = Buffer.from([0x00, 0x00, 0x40, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff]);
    const bytes = riff(chunk('fmt ', fmtBody({ bits: 24 })), chunk('data', data));
    expect(samplesOf(bytes)).toEqual([0.5, -1, -1 / 8_388_608]);
  });

  it('decodes signed 32-bit PCM', () => {
    const data = Buffer.alloc(8);
    data.writeInt32LE(0x40000000, 0);
    data.writeInt32LE(-0x80000000, 4);
    const bytes = riff(chunk('fmt ', fmtBody({ bits: 32 })), chunk('data', data));
    expect(samplesOf(bytes)).toEqual([0.5, -1]);
  });

  it('decodes 32-bit float and clamps it to [-1, 1]', () => {
    const data = Buffer.alloc(12);
    [0.25, -0.75, 1.5].forEach((value, i) => data.writeFloatLE(value, i * 4));
    const bytes = riff(chunk('fmt ', fmtBody({ tag: 3, bits: 32 })), chunk('data', data));
    expect(samplesOf(bytes)).toEqual([0.25, -0.75, 1]);
  });

  it('averages the channels to mono', () => {
    const stereo = wav16([16_384, -8_192, 0, 32_767], { channels: 2 });
    expect(samplesOf(stereo)).toEqual([0.125, 32_767 / 65_536]);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE with a PCM or float sub-format', () => {
    const pcm = riff(chunk('fmt ', extensibleFmtBody(1, 16, 2)), chunk('data', int16(16_384, 0)));
    expect(samplesOf(pcm)).toEqual([0.25]);
    const float = Buffer.alloc(4);
    float.writeFloatLE(-0.5, 0);
    const ieee = riff(chunk('fmt ', extensibleFmtBody(3, 32)), chunk('data', float));
    expect(samplesOf(ieee)).toEqual([-0.5]);
  });

  it('skips unknown chunks, including odd-sized ones with their pad byte', () => {
    const bytes = riff(
      chunk('LIST', Buffer.from('INFOabc')),
      chunk('fmt ', fmtBody()),
      chunk('fact', Buffer.alloc(4)),
      chunk('data', int16(-16_384)),
    );
    expect(samplesOf(bytes)).toEqual([-0.5]);
  });

  it('ignores bytes after the RIFF chunk', () => {
    expect(samplesOf(Buffer.concat([wav16([16_384]), Buffer.from('trailing')]))).toEqual([0.5]);
  });

  describe('refuses', () => {
    const fmt = chunk('fmt ', fmtBody());
    const data = chunk('data', int16(1, 2));
    const cases: [string, Uint8Array][] = [
      ['empty input', new Uint8Array(0)],
      ['a PNG', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
      ['RIFF that is not WAVE', Buffer.from('RIFF\x04\x00\x00\x00AVI ', 'latin1')],
      ['a RIFF size beyond the input', wav16([1, 2]).subarray(0, 40)],
      ['a chunk longer than the RIFF chunk', riff(fmt, chunk('data', int16(1, 2)).subarray(0, 10))],
      ['a data chunk before fmt', riff(data, fmt)],
      ['no data chunk', riff(fmt)],
      ['no chunks at all', riff()],
      ['two fmt chunks', riff(fmt, fmt, data)],
      ['a short fmt chunk', riff(chunk('fmt ', fmtBody().subarray(0, 14)), data)],
      ['ADPCM', riff(chunk('fmt ', fmtBody({ tag: 2, bits: 4, blockAlign: 1 })), data)],
      ['12-bit PCM', riff(chunk('fmt ', fmtBody({ bits: 12, blockAlign: 2 })), data)],
      [
        '64-bit float',
        riff(chunk('fmt ', fmtBody({ tag: 3, bits: 64 })), chunk('data', Buffer.alloc(8))),
      ],
      ['16-bit float', riff(chunk('fmt ', fmtBody({ tag: 3, bits: 16 })), data)],
      ['zero channels', riff(chunk('fmt ', fmtBody({ channels: 0, blockAlign: 2 })), data)],
      [
        'nine channels',
        riff(chunk('fmt ', fmtBody({ channels: 9 })), chunk('data', Buffer.alloc(18))),
      ],
      ['a 4 kHz sample rate', riff(chunk('fmt ', fmtBody({ sampleRate: 4_000 })), data)],
      ['a 384 kHz sample rate', riff(chunk('fmt ', fmtBody({ sampleRate: 384_000 })), data)],
      ['a wrong block align', riff(chunk('fmt ', fmtBody({ blockAlign: 4 })), data)],
      ['a wrong byte rate', riff(chunk('fmt ', fmtBody({ byteRate: 1 })), data)],
      ['a partial sample frame', riff(fmt, chunk('data', Buffer.alloc(3)))],
      ['an empty data chunk', riff(fmt, chunk('data', Buffer.alloc(0)))],
      [
        'an extensible sub-format that is not PCM',
        riff(chunk('fmt ', extensibleFmtBody(2, 16)), data),
      ],
      [
        'a truncated extensible fmt chunk',
        riff(chunk('fmt ', extensibleFmtBody(1, 16).subarray(0, 24)), data),
      ],
    ];

    it.each(cases)('%s', (_name, bytes) => {
      expect(() => decodeWav(bytes)).toThrow(InvalidInputError);
    });

    it('NaN float samples', () => {
      const nan = Buffer.alloc(4);
      nan.writeFloatLE(Number.NaN, 0);
      const bytes = riff(chunk('fmt ', fmtBody({ tag: 3, bits: 32 })), chunk('data', nan));
      expect(() => decodeWav(bytes)).toThrow(/NaN/);
    });

    it(`audio longer than ${MAX_WAV_DURATION_S} s, before decoding it`, () => {
      const frames = MAX_WAV_DURATION_S * 8_000 + 1;
      const bytes = riff(
        chunk('fmt ', fmtBody({ bits: 8, sampleRate: 8_000 })),
        chunk('data', Buffer.alloc(frames)),
      );
      expect(() => decodeWav(bytes)).toThrow(/longer than 600 s/);
      const atLimit = riff(
        chunk('fmt ', fmtBody({ bits: 8, sampleRate: 8_000 })),
        chunk('data', Buffer.alloc(frames - 1, 128)),
      );
      expect(decodeWav(atLimit).samples).toHaveLength(frames - 1);
    });
  });

  it('throws only InvalidInputError for arbitrary bytes and for corrupted valid files', () => {
    const valid = riff(
      chunk('LIST', Buffer.from('INFO')),
      chunk('fmt ', fmtBody()),
      chunk('data', int16(1, -1, 3)),
    );
    const corrupted = fc
      .array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 })
      .map((edits) => {
        const copy = Buffer.from(valid);
        edits.forEach(([at, value]) => (copy[at] = value));
        return copy;
      });
    const truncated = fc.nat(valid.length).map((length) => valid.subarray(0, length));
    const withRiffHeader = fc
      .uint8Array({ maxLength: 64 })
      .map((tail) => Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from(tail)]));
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 64 }), corrupted, truncated, withRiffHeader),
        (bytes) => {
          try {
            decodeWav(bytes);
          } catch (err) {
            expect(err).toBeInstanceOf(InvalidInputError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
