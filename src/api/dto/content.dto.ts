import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const contentDigestParamSchema = z.object({
  digest: z
    .string()
    .regex(
      /^(?:cas:)?(?:sha256:)?[0-9a-fA-F]{64}$/,
      'expected sha256:<64 hex> (or the bare hex, or a cas: ref)',
    )
    .transform((v) => `sha256:${v.slice(-64).toLowerCase()}` as const),
});

export class ContentDigestParamDto extends createZodDto(contentDigestParamSchema) {}

export const contentUploadSchema = z.object({
  ref: z.string().describe('the data_ref to put in a job: cas:sha256:<hex>'),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  size: z.number().int().nonnegative().describe('bytes'),
  mediaType: z.string().describe('as stored (the first upload of these bytes wins)'),
  modelRef: z.string().describe('the model_ref of these bytes as an ONNX model: onnx:sha256:<hex>'),
});

export type ContentUploadBody = z.infer<typeof contentUploadSchema>;

export class ContentUploadResponseDto extends createZodDto(contentUploadSchema) {}
