// The composition root: repositories and services, built once per app.
import type { Logger } from 'pino';
import type { Config } from './config';
import type { DatabaseHandle } from './db/client';
import { AlertsRepository } from './modules/alerts/alerts-repository';
import { AlertsService } from './modules/alerts/alerts-service';
import { SilenceWatch } from './modules/alerts/silence-watch';
import { AuditRepository } from './modules/audit/audit-repository';
import { AuditService } from './modules/audit/audit-service';
import { AuthService } from './modules/auth/auth-service';
import { SessionsRepository } from './modules/auth/sessions-repository';
import { DevicesRepository } from './modules/devices/devices-repository';
import { DevicesService } from './modules/devices/devices-service';
import { GridsRepository } from './modules/grids/grids-repository';
import { GridsService } from './modules/grids/grids-service';
import { StreetsRepository } from './modules/map/streets-repository';
import { OfficersRepository } from './modules/officers/officers-repository';
import { OfficersService } from './modules/officers/officers-service';
import { createPartnerServices } from './modules/partners/partner-services';
import { AreaWatch } from './modules/positions/area-watch';
import { DeviceRateLimit } from './modules/positions/device-rate-limit';
import { PositionIngestService } from './modules/positions/ingest-service';
import { PositionWriter } from './modules/positions/position-writer';
import { DutyRepository } from './modules/duty/duty-repository';
import { RecommendationsRepository } from './modules/tasks/recommendations-repository';
import { TaskCategoriesRepository } from './modules/tasks/task-categories-repository';
import { TaskCategoriesService } from './modules/tasks/task-categories-service';
import { CheckInService } from './modules/inspections/check-in-service';
import { InspectionTargetsRepository } from './modules/inspections/inspection-targets-repository';
import { InspectionTargetsService } from './modules/inspections/inspection-targets-service';
import { SpotChecksRepository } from './modules/inspections/spot-checks-repository';
import { SpotChecksService } from './modules/inspections/spot-checks-service';
import { TaskStats } from './modules/tasks/task-stats';
import { TaskTimers } from './modules/tasks/task-timers';
import { TasksRepository } from './modules/tasks/tasks-repository';
import { TasksService } from './modules/tasks/tasks-service';
import { PositionPartitions } from './modules/positions/position-partitions';
import { LiveHub } from './modules/positions/live-hub';
import { OsmandDeviceIngest } from './modules/positions/osmand/osmand-ingest';
import { PositionsRepository } from './modules/positions/positions-repository';
import { TracksService } from './modules/tracks/tracks-service';
import { UsersRepository } from './modules/users/users-repository';
import { UsersService } from './modules/users/users-service';
import { MediaService } from './modules/media/media-service';
import { StreamsRepository } from './modules/media/streams-repository';
import { RecordingsRepository } from './modules/recordings/recordings-repository';
import { RecordingsService } from './modules/recordings/recordings-service';
import { RecordingMetadataRepository } from './modules/recordings/recording-metadata-repository';
import { RecordingMetadataService } from './modules/recordings/recording-metadata-service';
import { RecordingRetention } from './modules/recordings/recording-retention';
import { RecordingIntegrity } from './modules/recordings/recording-integrity';
import { DeviceUploads } from './modules/recordings/device-uploads';
import { UploadExpiry } from './modules/recordings/upload-expiry';
import { CasesRepository } from './modules/cases/cases-repository';
import { CasesService } from './modules/cases/cases-service';
import { CaseFileStore } from './modules/cases/case-file-store';
import { EvidenceExportService } from './modules/cases/evidence-export';
import { IngestService } from './modules/media/ingest-service';
import { StreamKeysRepository } from './modules/media/stream-keys-repository';
import { FixedCamerasRepository } from './modules/media/fixed-cameras-repository';
import { ReplayRepository } from './modules/replay/replay-repository';
import { ReplayService } from './modules/replay/replay-service';
import { OfficerStatisticsRepository } from './modules/statistics/officer-statistics-repository';
import { StatisticsService } from './modules/statistics/statistics-service';
import { TaskStatisticsRepository } from './modules/statistics/task-statistics-repository';

/** Two writes in flight keep the database busy while the other's results are handled. */
const WRITER_OPTIONS = { concurrency: 2, maxGroupRows: 5000 };

export function createServices(
  { db, pool }: Pick<DatabaseHandle, 'db' | 'pool'>,
  config: Pick<
    Config,
    'sessionHours' | 'positions' | 'dispatch' | 'webhooks' | 'media' | 'recordings' | 'cases'
  >,
  log: Logger,
) {
  const repositories = {
    audit: new AuditRepository(db),
    users: new UsersRepository(db),
    sessions: new SessionsRepository(db),
    devices: new DevicesRepository(db),
    officers: new OfficersRepository(db),
    grids: new GridsRepository(db),
    streets: new StreetsRepository(db),
    positions: new PositionsRepository(pool),
    alerts: new AlertsRepository(pool),
  };
  const audit = new AuditService(repositories.audit);
  const officers = new OfficersService(db, repositories.officers, audit);
  const live = new LiveHub();
  const alerts = new AlertsService(repositories.alerts, live);
  const silenceWatch = new SilenceWatch(
    repositories.alerts,
    alerts,
    config.positions.silentAfterMinutes * 60_000,
    log.child({ module: 'silence-watch' }),
  );
  const areaWatch = new AreaWatch(live, alerts, async (officerId) => {
    const officer = await repositories.officers.findById(db, officerId);
    return officer && { name: officer.name, areaId: officer.areaId };
  });
  const partners = createPartnerServices({ db, pool }, { audit, live, webhooks: config.webhooks, log });
  const positions = positionServices();
  const taskParts = taskServices();
  const media = new MediaService(
    db,
    new StreamsRepository(db),
    repositories.devices,
    config.media,
    log.child({ module: 'media' }),
    alerts,
  );
  const recordingsRepository = new RecordingsRepository(pool);
  const recordingMetadata = new RecordingMetadataRepository();
  const recordingIntegrity = new RecordingIntegrity(
    recordingsRepository,
    alerts,
    repositories.alerts,
    config.recordings,
    log.child({ module: 'recording-integrity' }),
  );
  const recordings = new RecordingsService(
    recordingsRepository,
    audit,
    db,
    config.recordings,
    log.child({ module: 'recordings' }),
    recordingIntegrity,
  );
  // Every camera stream is recorded at ingest, whether or not anyone watches.
  media.attachRecorder(recordings);
  live.on('deviceTokenRevoked', (deviceId) => {
    media.deviceTokenRevoked(deviceId).catch((error: unknown) => {
      log.error({ err: error, deviceId }, 'could not stop the media of a revoked device');
    });
  });
  const tracks = new TracksService(pool, config.positions);
  const deviceUploads = new DeviceUploads(
    db,
    recordingsRepository,
    audit,
    async (officerId) => (await repositories.officers.findById(db, officerId)) !== undefined,
    config.recordings,
    log.child({ module: 'device-uploads' }),
  );
  const caseFiles = new CaseFileStore(config.cases.filesDir);
  const cases = new CasesService(
    db,
    new CasesRepository(),
    recordingsRepository,
    recordingMetadata,
    audit,
    caseFiles,
    { fileMaxBytes: config.cases.fileMaxBytes },
  );
  return {
    repositories,
    audit,
    officers,
    auth: new AuthService(
      db,
      repositories.users,
      repositories.sessions,
      repositories.devices,
      partners.repository,
      audit,
      config.sessionHours,
      live,
    ),
    users: new UsersService(db, repositories.users, repositories.sessions, audit, live),
    devices: new DevicesService(db, repositories.devices, officers, audit, live),
    grids: new GridsService(db, repositories.grids, audit),
    streets: repositories.streets,
    live,
    alerts,
    silenceWatch,
    partners,
    positions,
    tracks,
    ...taskParts,
    inspections: inspectionServices(taskParts.tasks),
    duty: new DutyRepository(pool),
    statistics: new StatisticsService(
      new TaskStatisticsRepository(pool),
      new OfficerStatisticsRepository(pool),
    ),
    media,
    recordings,
    recordingIntegrity,
    deviceUploads,
    uploadExpiry: new UploadExpiry(
      deviceUploads.files,
      db,
      audit,
      config.recordings,
      log.child({ module: 'upload-expiry' }),
    ),
    recordingMetadata: new RecordingMetadataService(db, recordingsRepository, recordingMetadata, audit),
    cases,
    replay: new ReplayService(new ReplayRepository(pool), recordingsRepository, tracks, audit, db),
    evidence: new EvidenceExportService(
      db,
      cases,
      recordingsRepository,
      tracks,
      taskParts.tasks,
      audit,
      caseFiles,
      {
        recordingsDir: config.recordings.dir,
        exportsDir: config.recordings.exportsDir,
        keyFile: config.recordings.evidenceKeyFile,
      },
    ),
    recordingRetention: new RecordingRetention(
      db,
      recordingsRepository,
      recordingMetadata,
      audit,
      config.recordings,
      log.child({ module: 'recording-retention' }),
    ),
    mediaIngest: new IngestService(
      db,
      new StreamKeysRepository(db),
      new FixedCamerasRepository(db),
      repositories.devices,
      media,
      audit,
      config.media,
      log.child({ module: 'media-ingest' }),
    ),
  };

  function taskServices() {
    const tasksRepository = new TasksRepository(pool);
    const categories = new TaskCategoriesRepository(pool);
    const tasks = new TasksService(
      pool,
      tasksRepository,
      categories,
      new RecommendationsRepository(pool),
      live,
      alerts,
      config.dispatch,
      log.child({ module: 'tasks' }),
      partners.webhooks,
    );
    const taskTimers = new TaskTimers(
      tasksRepository,
      tasks,
      alerts,
      { checkEveryMs: config.dispatch.timerCheckMs, ackTimeoutSeconds: config.dispatch.ackTimeoutSeconds },
      log.child({ module: 'task-timers' }),
    );
    return {
      tasks,
      taskTimers,
      taskStats: new TaskStats(pool),
      taskCategories: new TaskCategoriesService(db, categories, audit, config.dispatch.slaMinutes),
    };
  }

  function inspectionServices(tasks: TasksService) {
    const targets = new InspectionTargetsRepository(pool);
    return {
      targets: new InspectionTargetsService(targets),
      checkIn: new CheckInService(targets, tasks, repositories.positions, {
        toleranceMetres: config.dispatch.checkInToleranceMetres,
        staleFixSeconds: config.dispatch.staleFixSeconds,
      }),
      spotChecks: new SpotChecksService(
        new SpotChecksRepository(pool),
        targets,
        tasks,
        log.child({ module: 'spot-checks' }),
      ),
    };
  }

  function positionServices() {
    const rateLimit = new DeviceRateLimit(config.positions.batchesPerMinute);
    const positionsLog = log.child({ module: 'positions' });
    const writer = new PositionWriter(pool, repositories.positions, WRITER_OPTIONS, positionsLog);
    const ingest = new PositionIngestService(
      writer,
      repositories.positions,
      live,
      areaWatch,
      silenceWatch,
      config.positions,
      positionsLog,
    );
    return {
      repository: repositories.positions,
      rateLimit,
      ingest,
      osmand: new OsmandDeviceIngest(pool, ingest, rateLimit),
      partitions: new PositionPartitions(
        pool,
        config.positions.retentionMonths,
        log.child({ module: 'partitions' }),
      ),
    };
  }
}

export type Services = ReturnType<typeof createServices>;
