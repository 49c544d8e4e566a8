import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApiApp } from './api-server';
import { buildOpenApiDocument } from './openapi';
import { FakeApiWorld, TEST_API_CONFIG } from './testing/fake-api-dependencies';

const COMMITTED = join(__dirname, '..', '..', 'openapi.json');

/** The committed openapi.json must equal the document generated from code (STYLE §10). */
describe('openapi.json', () => {
  it('matches the document generated from the controllers and DTOs', async () => {
    const app = await createApiApp(new FakeApiWorld().deps(), TEST_API_CONFIG);
    const generated = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
    await app.close();
    if (process.env['OPENAPI_WRITE'] === '1') {
      writeFileSync(COMMITTED, generated);
    }
    const committed = readFileSync(COMMITTED, 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(generated));
    expect(committed).toBe(generated);
  });
});
