// Inspection check-in (扫码留痕): the officer scans the QR code printed at the target, and the
// scan counts as presence only when the officer's position (sent with the scan, else a recent
// last fix) is within the tolerance of the target. Both outcomes go on the task's timeline, so a
// supervisor can see a refused check-in as well as an accepted one.
import type { CheckInBody, CheckInResult, TaskState } from '@fcc/shared';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
} from '../../http/errors';
import type { PositionsRepository } from '../positions/positions-repository';
import type { TaskActor } from '../tasks/task-actor';
import type { TasksService } from '../tasks/tasks-service';
import { tokenOfScan } from './check-in-code';
import type { InspectionTargetsRepository } from './inspection-targets-repository';

const CHECK_IN_STATES: readonly TaskState[] = ['dispatched', 'acknowledged', 'en_route', 'on_scene'];

export interface CheckInSettings {
  toleranceMetres: number;
  staleFixSeconds: number;
}

export class CheckInService {
  constructor(
    private readonly targets: InspectionTargetsRepository,
    private readonly tasks: TasksService,
    private readonly positions: Pick<PositionsRepository, 'latest'>,
    private readonly settings: CheckInSettings,
  ) {}

  async checkIn(actor: TaskActor, body: CheckInBody): Promise<CheckInResult> {
    const token = tokenOfScan(body.qr);
    if (!token) throw new BadRequestError('This QR code is not an inspection check-in code.');
    const target = await this.targets.findByQrToken(token);
    if (!target) {
      throw new NotFoundError(
        'This check-in code belongs to no registered inspection target (it may have been replaced).',
      );
    }
    if (!actor.officerId)
      throw new ForbiddenError('This device is not issued to an officer; check-in needs one.');
    const task = (await this.tasks.openTasksOf(actor.officerId)).find(
      (open) => open.inspectionTargetId === target.id,
    );
    if (!task) {
      throw new ConflictError(
        `You have no open task at ${target.name}; the command centre must send you one before you check in.`,
      );
    }
    const position = await this.positionOf(actor.officerId, body.location);
    const distanceMetres = Math.round(await this.targets.distanceTo(target.id, position));
    const { toleranceMetres } = this.settings;
    const data = {
      targetId: target.id,
      targetName: target.name,
      distanceMetres,
      toleranceMetres,
      positionSource: position.source,
      ...(position.accuracy !== undefined ? { accuracyMetres: position.accuracy } : {}),
    };
    if (distanceMetres > toleranceMetres) {
      await this.tasks.recordOfficerEvent(actor, task.id, 'check-in-refused', data, CHECK_IN_STATES);
      throw new UnprocessableError(
        `You are ${distanceMetres} m from ${target.name}; a check-in counts within ${toleranceMetres} m. ` +
          'Go to the QR code and scan it again.',
      );
    }
    await this.tasks.recordOfficerEvent(actor, task.id, 'checked-in', data, CHECK_IN_STATES);
    return { taskId: task.id, targetId: target.id, targetName: target.name, distanceMetres, toleranceMetres };
  }

  private async positionOf(officerId: string, sent: CheckInBody['location']) {
    if (sent) return { lat: sent.lat, lon: sent.lon, accuracy: sent.accuracy, source: 'scan' as const };
    const [last] = await this.positions.latest({ officerId });
    const ageSeconds = last ? (Date.now() - Date.parse(last.fixTime)) / 1000 : Infinity;
    if (!last || ageSeconds > this.settings.staleFixSeconds) {
      throw new UnprocessableError(
        'No recent position for you: turn on location on the device (or send it with the scan) and scan again.',
      );
    }
    return {
      lat: last.lat,
      lon: last.lon,
      accuracy: last.accuracy ?? undefined,
      source: 'last-fix' as const,
    };
  }
}
