import { InvalidInputError } from '../executor';

/** Mono samples in [-1, 1] and the rate they were recorded at. */
export interface MonoAudio {
  readonly sampleRate: number;
  readonly samples: Float32Array;
}

/** Longer recordings are refused before their samples are decoded. */
export const MAX_WAV_DURATION_S = 600;
export const MIN_WAV_SAMPLE_RATE = 8_000;
export const MAX_WAV_SAMPLE_RATE = 192_000;
export const MAX_WAV_CHANNELS = 8;

const FORMAT_PCM = 0x0001;
const FORMAT_IEEE_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;
/** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID (the first two hold the format tag). */
const EXTENSIBLE_GUID_TAIL = [
  0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
];

// Global lookups are slow inside Jest's vm context, so the per-sample code uses locals.
const { max, min } = Math;
const { isFinite } = Number;

type SampleFormat = 'int' | 'float';

interface WavFormat {
  readonly sampleFormat: SampleFormat;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
  readonly blockAlign: number;
}

/**
 * Decodes a RIFF/WAVE file strictly: the RIFF size must fit in the bytes, every chunk must fit in
 * the RIFF size, `fmt ` must come once and before `data`, and the format fields must agree with
 * each other. Supports PCM 8/16/24/32-bit integer and 32-bit float with 1..8 channels, which are
 * averaged to mono. Unknown chunks (`LIST`, `fact`, …) are skipped; bytes after the RIFF chunk are
 * ignored. Throws `InvalidInputError` for anything else or for audio over `MAX_WAV_DURATION_S`.
 */
export function decodeWav(bytes: Uint8Array): MonoAudio {
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') {
    throw new InvalidInputError('input is not a RIFF/WAVE file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > bytes.length) {
    throw new InvalidInputError('WAV file is truncated: the RIFF chunk is longer than the input');
  }
  let format: WavFormat | undefined;
  let offset = 12;
  while (offset + 8 <= riffEnd) {
    const id = ascii(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (body + size > riffEnd) {
      throw new InvalidInputError(`WAV chunk "${printable(id)}" is truncated`);
    }
    if (id === 'fmt ') {
      if (format) {
        throw new InvalidInputError('WAV file has more than one fmt chunk');
      }
      format = parseFormat(new DataView(bytes.buffer, bytes.byteOffset + body, size));
    } else if (id === 'data') {
      if (!format) {
        throw new InvalidInputError('WAV data chunk comes before the fmt chunk');
      }
      return { sampleRate: format.sampleRate, samples: decodeSamples(view, body, size, format) };
    }
    offset = body + size + (size % 2);
  }
  throw new InvalidInputError(
    format ? 'WAV file has no data chunk' : 'WAV file has no fmt or data chunk',
  );
}

function parseFormat(fmt: DataView): WavFormat {
  if (fmt.byteLength < 16) {
    throw new InvalidInputError('WAV fmt chunk is shorter than 16 bytes');
  }
  const tag = fmt.getUint16(0, true);
  const channels = fmt.getUint16(2, true);
  const sampleRate = fmt.getUint32(4, true);
  const byteRate = fmt.getUint32(8, true);
  const blockAlign = fmt.getUint16(12, true);
  const bitsPerSample = fmt.getUint16(14, true);
  const sampleFormat = sampleFormatOf(tag === FORMAT_EXTENSIBLE ? extensibleTag(fmt) : tag);
  const supportedBits = sampleFormat === 'float' ? [32] : [8, 16, 24, 32];
  if (!supportedBits.includes(bitsPerSample)) {
    throw new InvalidInputError(
      `WAV ${sampleFormat} samples of ${bitsPerSample} bits are not supported ` +
        `(supported: ${supportedBits.join(', ')})`,
    );
  }
  if (channels < 1 || channels > MAX_WAV_CHANNELS) {
    throw new InvalidInputError(
      `WAV file has ${channels} channels; 1 to ${MAX_WAV_CHANNELS} are supported`,
    );
  }
  if (sampleRate < MIN_WAV_SAMPLE_RATE || sampleRate > MAX_WAV_SAMPLE_RATE) {
    throw new InvalidInputError(
      `WAV sample rate ${sampleRate} Hz is outside ${MIN_WAV_SAMPLE_RATE}..${MAX_WAV_SAMPLE_RATE} Hz`,
    );
  }
  if (blockAlign !== channels * (bitsPerSample / 8) || byteRate !== sampleRate * blockAlign) {
    throw new InvalidInputError('WAV fmt chunk is inconsistent (block align or byte rate)');
  }
  return { sampleFormat, channels, sampleRate, bitsPerSample, blockAlign };
}

/** WAVE_FORMAT_EXTENSIBLE keeps the real format tag in the first two bytes of a sub-format GUID. */
function extensibleTag(fmt: DataView): number {
  if (fmt.byteLength < 40 || fmt.getUint16(16, true) < 22) {
    throw new InvalidInputError('WAV extensible fmt chunk is shorter than 40 bytes');
  }
  const validBits = fmt.getUint16(18, true);
  if (validBits > fmt.getUint16(14, true)) {
    throw new InvalidInputError('WAV extensible fmt chunk has more valid bits than bits');
  }
  for (let i = 0; i < EXTENSIBLE_GUID_TAIL.length; i += 1) {
    if (fmt.getUint8(26 + i) !== EXTENSIBLE_GUID_TAIL[i]) {
      throw new InvalidInputError('WAV extensible sub-format is not PCM or IEEE float');
    }
  }
  return fmt.getUint16(24, true);
}

function sampleFormatOf(tag: number): SampleFormat {
  if (tag === FORMAT_PCM) {
    return 'int';
  }
  if (tag === FORMAT_IEEE_FLOAT) {
    return 'float';
  }
  throw new InvalidInputError(
    `WAV format 0x${tag.toString(16).padStart(4, '0')} is not supported (only PCM and IEEE float)`,
  );
}

function decodeSamples(view: DataView, start: number, size: number, format: WavFormat) {
  if (size === 0 || size % format.blockAlign !== 0) {
    throw new InvalidInputError(
      size === 0
        ? 'WAV data chunk is empty'
        : 'WAV data chunk does not hold a whole number of sample frames',
    );
  }
  const frames = size / format.blockAlign;
  if (frames > MAX_WAV_DURATION_S * format.sampleRate) {
    throw new InvalidInputError(`WAV audio is longer than ${MAX_WAV_DURATION_S} s`);
  }
  const read = sampleReader(view, format);
  const bytesPerSample = format.bitsPerSample / 8;
  const samples = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame += 1) {
    let sum = 0;
    for (let channel = 0; channel < format.channels; channel += 1) {
      sum += read(start + frame * format.blockAlign + channel * bytesPerSample);
    }
    samples[frame] = sum / format.channels;
  }
  return samples;
}

function sampleReader(view: DataView, format: WavFormat): (at: number) => number {
  if (format.sampleFormat === 'float') {
    return (at) => {
      const value = view.getFloat32(at, true);
      if (!isFinite(value)) {
        throw new InvalidInputError('WAV float samples contain NaN or infinity');
      }
      return max(-1, min(1, value));
    };
  }
  switch (format.bitsPerSample) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128;
    case 16:
      return (at) => view.getInt16(at, true) / 32_768;
    case 24:
      return (at) => ((view.getInt8(at + 2) << 16) | view.getUint16(at, true)) / 8_388_608;
    default:
      return (at) => view.getInt32(at, true) / 2_147_483_648;
  }
}

function ascii(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

function printable(id: string): string {
  return id.replace(/[^\x20-\x7e]/g, '?');
}
