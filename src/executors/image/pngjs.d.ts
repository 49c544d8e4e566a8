// pngjs ships no types and @types/pngjs is not installed; only the sync API used here is declared.
declare module 'pngjs' {
  export interface PngImage {
    width: number;
    height: number;
    /** RGBA, 8 bits per channel (16-bit images are rescaled unless `skipRescale`). */
    data: Buffer;
  }

  export interface PngReadOptions {
    checkCRC?: boolean;
    skipRescale?: boolean;
  }

  export interface PngWriteOptions {
    colorType?: number;
    inputColorType?: number;
    inputHasAlpha?: boolean;
  }

  export const PNG: {
    sync: {
      read(buffer: Buffer, options?: PngReadOptions): PngImage;
      write(
        png: { width: number; height: number; data: Buffer | Uint8Array },
        options?: PngWriteOptions,
      ): Buffer;
    };
  };
}
