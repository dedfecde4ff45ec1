// Every /api route declares who may call it (`config.access`, plus `config.partnerScope` to
// share it with partner platforms); this one hook authenticates the bearer token and enforces
// that declaration. A route under /api without a declaration refuses to register, so nothing
// is open by accident.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../../http/errors';
import type { AuthService } from './auth-service';
import type { Access, PartnerPrincipal, PartnerScope, Principal } from './principal';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Also open to partner API keys holding this scope (besides `access`). */
    partnerScope?: PartnerScope;
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
    if (route.config?.partnerScope && !Array.isArray(route.config.access)) {
      throw new Error(`Route ${route.method} ${route.url}: partnerScope needs staff roles in config.access`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const { access, partnerScope } = request.routeOptions.config;
    if (access === undefined || access === 'public') return;
    request.principal = await auth.authenticate(bearerToken(request));
    if (request.principal.kind === 'partner') ensurePartnerAllowed(request.principal, partnerScope);
    else ensureAllowed(request.principal, access);
  });
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw new UnauthorizedError();
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new UnauthorizedError('The Authorization header must be "Bearer <token>".');
  return match[1]!;
}

function ensurePartnerAllowed(principal: PartnerPrincipal, scope: PartnerScope | undefined): void {
  if (scope === undefined) {
    throw new ForbiddenError(
      'A partner API key cannot be used here; this route is not shared with partners.',
    );
  }
  if (!principal.partner.scopes.includes(scope)) {
    throw new ForbiddenError(`This partner API key lacks the scope "${scope}" that this route needs.`);
  }
}

function ensureAllowed(
  principal: Exclude<Principal, PartnerPrincipal>,
  access: Exclude<Access, 'public'>,
): void {
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
  if (request.principal?.kind === 'partner') {
    throw new ForbiddenError('This needs a signed-in person; a partner API key cannot do it.');
  }
  if (request.principal?.kind !== 'user') throw new UnauthorizedError();
  return request.principal;
}

export function requireDevice(request: FastifyRequest) {
  if (request.principal?.kind !== 'device') throw new UnauthorizedError();
  return request.principal;
}
