import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

/** Bump on breaking API changes (STYLE §10). */
export const API_VERSION = '0.1.0';

/** The OpenAPI document, generated from the controllers and DTOs. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('PolkaMesh Backend API')
    .setDescription(
      'Health, readiness, chain status, contracts and stored contract events of the PolkaMesh service. ' +
        'Errors are `{error: {code, message, errorId, details?}}`; block numbers and amounts are decimal strings.',
    )
    .setVersion(API_VERSION)
    .build();
  return cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
}

/** Serves the document at /docs-json and /openapi.json (Swagger UI needs @fastify/static: off). */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: 'openapi.json',
  });
  SwaggerModule.setup('docs', app, document, { ui: false, raw: ['json'] });
}
