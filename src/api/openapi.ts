import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { BEARER_SCHEME } from './auth/require-scopes';

/** Bump on breaking API changes (STYLE §10). */
export const API_VERSION = '0.1.0';

/** The OpenAPI document, generated from the controllers and DTOs. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('PolkaMesh Backend API')
    .setDescription(
      'Health, readiness, chain status, contracts and stored contract events of the PolkaMesh service. ' +
        'Errors are `{error: {code, message, errorId, details?}}`; block numbers and amounts are decimal strings. ' +
        'Mutating routes need `Authorization: Bearer <JWT>` (HS256 signed with JWT_SECRET, claims `sub`, ' +
        '`scopes`, `iss` polkamesh-backend, `aud` polkamesh-api, `iat`, `exp` at most 366 days after `iat`; ' +
        'mint one with `polkamesh token`): 401 without a valid token, 403 without the scope, both before the body is read.',
    )
    .setVersion(API_VERSION)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'polkamesh token' },
      BEARER_SCHEME,
    )
    .build();
  return cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
}

/**
 * Swagger UI at /docs; the document at /docs-json and /openapi.json. `document` runs once, on the
 * first request that needs it, and both setups serve that one copy.
 */
export function serveOpenApi(app: INestApplication, document: () => OpenAPIObject): void {
  let built: OpenAPIObject | undefined;
  const once = (): OpenAPIObject => (built ??= document());
  SwaggerModule.setup('docs', app, once, {
    raw: ['json'],
    jsonDocumentUrl: 'openapi.json',
  });
  SwaggerModule.setup('docs', app, once, { ui: false, raw: ['json'] });
}
