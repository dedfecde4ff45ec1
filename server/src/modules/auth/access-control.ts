// Every /api route declares who may call it (`config.access`); this one hook
// authenticates the bearer token and enforces that declaration. A route under
// /api without a declaration refuses to register, so nothing is open by accident.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../../http/errors';
import type { AuthService } from './auth-service';
import type { Access, Principal } from './principal';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function registerAccessControl(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    const isApi = route.url.startsWith('/api/');
    if (isApi && route.config?.access === undefined) {
      throw new Error(`Route ${route.method} ${route.url} does not declare config.access`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    request.principal = await auth.authenticate(bearerToken(request));
    ensureAllowed(request.principal, access);
  });
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw new UnauthorizedError();
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new UnauthorizedError('The Authorization header must be "Bearer <token>".');
  return match[1]!;
}

function ensureAllowed(principal: Principal, access: Exclude<Access, 'public'>): void {
  if (access === 'device') {
    if (principal.kind !== 'device') {
      throw new ForbiddenError('This route is for devices; present the device token.');
    }
    return;
  }
  if (principal.kind !== 'user') {
    throw new ForbiddenError('A device token cannot be used here; sign in as a person.');
  }
  if (!access.includes(principal.user.role)) {
    throw new ForbiddenError(
      `Your role (${principal.user.role}) may not do this; it needs: ${access.join(', ')}.`,
    );
  }
}

/** For handlers behind a staff-only access declaration. */
export function requireUser(request: FastifyRequest) {
  if (request.principal?.kind !== 'user') throw new UnauthorizedError();
  return request.principal;
}

export function requireDevice(request: FastifyRequest) {
  if (request.principal?.kind !== 'device') throw new UnauthorizedError();
  return request.principal;
}
