// The app as a plugin tree that tests build: infrastructure, then access control,
// then routes. It receives an open database; main.ts owns the process.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { DatabaseHandle } from './db/client';
import { registerErrorHandler, routeNotFound } from './http/error-handler';
import { validatorCompiler } from './http/validators';
import { alertsRoutes } from './modules/alerts/alerts.routes';
import { inspectionsRoutes } from './modules/inspections/inspections.routes';
import { taskCategoriesRoutes } from './modules/tasks/task-categories.routes';
import { tasksRoutes } from './modules/tasks/tasks.routes';
import { dutyRoutes } from './modules/duty/duty.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { registerAccessControl } from './modules/auth/access-control';
import { authRoutes } from './modules/auth/auth.routes';
import { devicesRoutes } from './modules/devices/devices.routes';
import { gridsRoutes } from './modules/grids/grids.routes';
import { healthRoutes } from './modules/health/health.routes';
import { mapRoutes } from './modules/map/map.routes';
import { attachMediaSockets } from './modules/media/media-sockets';
import { mediaRoutes } from './modules/media/media.routes';
import { recordingsRoutes } from './modules/recordings/recordings.routes';
import { uploadsRoutes } from './modules/recordings/uploads.routes';
import { casesRoutes } from './modules/cases/cases.routes';
import { replayRoutes } from './modules/replay/replay.routes';
import { ingestRoutes } from './modules/media/ingest.routes';
import { officersRoutes } from './modules/officers/officers.routes';
import { partnersRoutes } from './modules/partners/partners.routes';
import { photosRoutes } from './modules/photos/photos.routes';
import { devicePositionsRoutes } from './modules/positions/device-positions.routes';
import { attachPositionSockets } from './modules/positions/position-sockets';
import { attachTaskSockets } from './modules/tasks/task-sockets';
import { statisticsRoutes } from './modules/statistics/statistics.routes';
import { tracksRoutes } from './modules/tracks/tracks.routes';
import { usersRoutes } from './modules/users/users.routes';
import { createServices, type Services } from './services';

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  log: Logger;
}

export type App = FastifyInstance & { services: Services };

export async function buildApp({ config, database, log }: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);

  const services = createServices(database, config, log);
  app.decorate('services', services);
  registerErrorHandler(app);

  // ── infrastructure ──
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Field command centre API', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  registerAccessControl(app, services.auth);

  // ── routes ──
  await app.register(healthRoutes, { database });
  await app.register(mapRoutes, { prefix: '/api', services, config });
  await app.register(authRoutes, {
    prefix: '/api/auth',
    services,
    loginAttemptsPerMinute: config.loginAttemptsPerMinute,
  });
  await app.register(usersRoutes, { prefix: '/api/users', services });
  await app.register(officersRoutes, { prefix: '/api/officers', services });
  await app.register(devicesRoutes, { prefix: '/api', services });
  await app.register(gridsRoutes, { prefix: '/api/grids', services });
  await app.register(auditRoutes, { prefix: '/api/audit', services });
  await app.register(devicePositionsRoutes, { prefix: '/api', services });
  await app.register(tracksRoutes, { prefix: '/api', services });
  await app.register(alertsRoutes, { prefix: '/api/alerts', services });
  await app.register(partnersRoutes, { prefix: '/api/partners', services });
  await app.register(tasksRoutes, { prefix: '/api', services });
  await app.register(taskCategoriesRoutes, { prefix: '/api/task-categories', services });
  await app.register(inspectionsRoutes, { prefix: '/api', services });
  await app.register(dutyRoutes, { prefix: '/api', services });
  await app.register(statisticsRoutes, { prefix: '/api/statistics', services });
  await app.register(mediaRoutes, { prefix: '/api', services });
  await app.register(recordingsRoutes, { prefix: '/api', services });
  await app.register(uploadsRoutes, { prefix: '/api', services });
  await app.register(casesRoutes, { prefix: '/api', services });
  await app.register(replayRoutes, { prefix: '/api', services });
  await app.register(ingestRoutes, { prefix: '/api', services });
  await app.register(photosRoutes, { prefix: '/api', dir: path.join(config.dataDir, 'photos') });
  await registerDashboard(app, config.dashboardDir);

  // ── realtime and background work ──
  const sockets = attachPositionSockets(app.server, services, config.positions.liveIntervalMs, log);
  attachTaskSockets(sockets.io, services, log.child({ module: 'tasks' }));
  attachMediaSockets(sockets.io, services, log.child({ module: 'media' }));
  app.addHook('onReady', async () => {
    await services.positions.partitions.start();
    await services.silenceWatch.start();
    await services.partners.start();
    services.taskTimers.start();
    await services.recordings.start();
    await services.deviceUploads.start();
    await services.media.start();
    services.recordingRetention.start();
    services.recordingIntegrity.start();
    services.uploadExpiry.start();
    await services.mediaIngest.start();
  });
  app.addHook('preClose', async () => {
    services.positions.partitions.stop();
    await services.silenceWatch.stop();
    await services.partners.stop();
    await services.taskTimers.stop();
    await services.mediaIngest.stop();
    await services.media.stop();
    await services.recordings.stop();
    await services.recordingRetention.stop();
    await services.recordingIntegrity.stop();
    await services.uploadExpiry.stop();
    await sockets.close();
  });

  return app as unknown as App;
}

/**
 * Serves the built dashboard; unknown non-API GET paths get index.html (client-side routes),
 * except /officer, the officer app for phones, a second entry of the same build.
 */
async function registerDashboard(app: FastifyInstance, dashboardDir: string): Promise<void> {
  const hasDashboard = fs.existsSync(path.join(dashboardDir, 'index.html'));
  if (hasDashboard) {
    await app.register(fastifyStatic, { root: dashboardDir, wildcard: false, index: 'index.html' });
  } else {
    app.log.warn({ dashboardDir }, 'dashboard is not built; run `npm run build` (npm start does it)');
  }
  app.setNotFoundHandler((request, reply) => {
    const isAsset = path.extname(request.url.split('?')[0]!) !== '';
    const isServerPath = /^\/(api|docs|socket\.io|healthz|metrics)(\/|$)/.test(request.url);
    if (!hasDashboard || request.method !== 'GET' || isAsset || isServerPath) {
      return reply.status(404).send(routeNotFound(request));
    }
    const isOfficerApp = /^\/officer(\/|\?|$)/.test(request.url);
    return reply.sendFile(isOfficerApp ? 'officer.html' : 'index.html');
  });
}
