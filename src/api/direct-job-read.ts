import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ZodSerializationException, ZodValidationException } from 'nestjs-zod';
import { AppError } from '../shared';
import { readCredentialsOf } from './auth/private-read-decorators';
import type { PrivateJobAccess } from './auth/private-job-access';
import { DirectRequestLog } from './direct-request-log';
import { jobIdParamSchema, jobSchema } from './dto/jobs.dto';
import { answerException } from './error.filter';
import { readJob } from './queries/job-read';
import type { JobsQuery } from './queries/jobs-query';
import { RATE_LIMITED_MESSAGE, type RouteThrottle } from './route-throttle';

/**
 * The route answered by a plain Fastify handler instead of Nest's pipeline (ADR 0022), with the
 * HEAD route Fastify derives from it.
 */
export const DIRECT_JOB_READ = { methods: ['GET', 'HEAD'], url: '/jobs/:id' } as const;

/** What the handler reads with; resolved from the built app on the first request. */
export interface DirectJobReadServices {
  readonly jobs: JobsQuery;
  readonly access: PrivateJobAccess;
  readonly isStorageOutage: (err: unknown) => boolean;
}

/**
 * GET /jobs/:id keeps its Nest declaration (path, OpenAPI documentation, JobsController.get), but
 * Fastify runs this handler in place of Nest's: the same steps in the same order, without the
 * router context, guards, interceptors and rxjs around them. The rate limit (RouteThrottle, the
 * store and limit of the ThrottlerGuard), the id validation (the route's zod schema), the private
 * read decision (readJob), the response validation (the response schema, as the serializer
 * interceptor does), the error answers (the ErrorFilter's) and the request line (pino-http's) are
 * the ones the Nest routes use. Call before the routes are registered (app.init()).
 */
export function serveJobReadDirectly(
  fastify: FastifyInstance,
  throttle: RouteThrottle,
  resolve: () => DirectJobReadServices,
): void {
  let services: DirectJobReadServices | undefined;
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    services ??= resolve();
    const log = new DirectRequestLog(request.raw, reply.raw);
    try {
      if (!(await throttle.admit(request, reply))) {
        throw new AppError('RATE_LIMITED', RATE_LIMITED_MESSAGE);
      }
      const params = jobIdParamSchema.safeParse(request.params);
      if (!params.success) {
        throw new ZodValidationException(params.error);
      }
      const credentials = readCredentialsOf(request.headers);
      const body = await readJob(services.jobs, services.access, params.data.id, credentials);
      const wire = jobSchema.safeParse(body);
      if (!wire.success) {
        throw new ZodSerializationException(wire.error);
      }
      return await reply.send(wire.data);
    } catch (err) {
      answerException(reply, err, services.isStorageOutage, log);
      return reply;
    }
  };
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const methods: readonly string[] = DIRECT_JOB_READ.methods;
    if (route.url === DIRECT_JOB_READ.url && methods.includes(String(route.method))) {
      route.handler = handler;
    }
  });
}
