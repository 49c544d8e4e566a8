import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import { isValidMediaType, type ContentStore } from '../../content-store';
import { AppError } from '../../shared';
import { ApiErrorResponses } from '../api-error-responses';
import { RequireScopes } from '../auth/require-scopes';
import { API_CONTENTS } from '../auth/write-api-providers';
import {
  ContentDigestParamDto,
  ContentUploadResponseDto,
  type ContentUploadBody,
} from '../dto/content.dto';

const UPLOAD_PATH = '/content';
const DEFAULT_MEDIA_TYPE = 'application/octet-stream';
/** Default of ApiConfig.maxUploadBytes (JOB_MAX_INPUT_BYTES). */
export const DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

type UploadRequest = FastifyRequest & { uploadMediaType?: string | null };

/**
 * POST /content takes the raw body whatever its type, up to `maxBytes` (the JSON routes keep the
 * server's 64 KiB): the route's Content-Type is kept aside and the body parsed as bytes. Call before
 * the routes are registered (app.init()), after guardBeforeBody.
 */
export function registerContentUploads(fastify: FastifyInstance, maxBytes: number): void {
  fastify.addContentTypeParser(DEFAULT_MEDIA_TYPE, { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url !== UPLOAD_PATH || !methods.includes('POST')) {
      return;
    }
    route.bodyLimit = maxBytes;
    const keepMediaType = (request: UploadRequest, _reply: FastifyReply, done: () => void) => {
      request.uploadMediaType = request.headers['content-type'] ?? null;
      request.raw.headers['content-type'] = DEFAULT_MEDIA_TYPE;
      done();
    };
    // The token was checked before (guardBeforeBody): keep the type for the stored blob.
    route.onRequest = [
      ...(route.onRequest === undefined ? [] : [route.onRequest].flat()),
      keepMediaType,
    ] as RouteOptions['onRequest'];
  });
}

@ApiTags('content')
@Controller('content')
export class ContentController {
  constructor(@Inject(API_CONTENTS) private readonly contents: ContentStore | null) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('content:write')
  @ApiOperation({
    summary:
      'Stores the raw body in the content store (idempotent by SHA-256); use the ref as a data_ref, or onnx:<digest> as a model_ref',
  })
  @ApiConsumes(DEFAULT_MEDIA_TYPE, '*/*')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ZodResponse({ status: 201, type: ContentUploadResponseDto })
  @ApiErrorResponses(400, 413, 429, 500)
  async upload(@Req() request: UploadRequest): Promise<ContentUploadBody> {
    const store = this.requireStore();
    const body: unknown = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new AppError('BAD_REQUEST', 'the request body (the bytes to store) is empty');
    }
    const mediaType = request.uploadMediaType ?? DEFAULT_MEDIA_TYPE;
    if (!isValidMediaType(mediaType)) {
      throw new AppError('VALIDATION_FAILED', 'invalid Content-Type', { mediaType });
    }
    // content:write is the scope allowed to create models (ADR 0011): the upload may run as onnx:.
    const digest = await store.put(body, mediaType, { asModel: true });
    const stat = await store.stat(digest);
    return {
      ref: `cas:${digest}`,
      digest,
      size: body.length,
      mediaType: stat?.mediaType ?? mediaType,
      modelRef: `onnx:${digest}`,
    };
  }

  @Get(':digest')
  @RequireScopes('content:read')
  @ApiOperation({ summary: 'The stored bytes, with the media type of their first upload' })
  @ApiParam({ name: 'digest', description: 'sha256:<64 hex> (or the bare hex)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the bytes', schema: { type: 'string', format: 'binary' } })
  @ApiErrorResponses(400, 404, 429, 500)
  async read(
    @Param(new ZodValidationPipe(ContentDigestParamDto)) params: ContentDigestParamDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const stored = await this.requireStore().get(params.digest);
    if (stored === null) {
      throw new AppError('NOT_FOUND', `no content ${params.digest}`);
    }
    // Stored types come from uploaders: never let a browser render them on this origin.
    void reply
      .header('content-type', stored.mediaType)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('content-disposition', 'attachment')
      .header('etag', `"${stored.digest}"`)
      .header('cache-control', 'private, max-age=31536000, immutable');
    return Buffer.from(stored.bytes);
  }

  private requireStore(): ContentStore {
    if (this.contents === null) {
      throw new AppError('NOT_FOUND', 'this instance has no content store');
    }
    return this.contents;
  }
}
