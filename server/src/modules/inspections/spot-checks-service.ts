// The random spot check (双随机) end to end: take the pools, draw from the seed, record the draw
// (seed, rules, pools, result) before anything else, then create one inspection task per target
// and dispatch it to the inspectors drawn. Repeating a draw from its record must give the same
// result; verify() does exactly that.
import { randomBytes } from 'node:crypto';
import type { SpotCheckCreateBody, SpotCheckDraw, SpotCheckRules, SpotCheckVerification } from '@fcc/shared';
import type { Logger } from 'pino';
import { NotFoundError } from '../../http/errors';
import type { TaskActor } from '../tasks/task-actor';
import type { TasksService } from '../tasks/tasks-service';
import type { InspectionTargetsRepository } from './inspection-targets-repository';
import { drawSpotCheck, type DrawnPair } from './spot-check-draw';
import type { SpotChecksRepository, StoredAssignment } from './spot-checks-repository';

const INSPECTION_CATEGORY = 'inspection';

export class SpotChecksService {
  constructor(
    private readonly draws: SpotChecksRepository,
    private readonly targets: InspectionTargetsRepository,
    private readonly tasks: TasksService,
    private readonly log: Logger,
  ) {}

  async draw(actor: TaskActor, body: SpotCheckCreateBody): Promise<SpotCheckDraw> {
    const { rules } = body;
    const seed = body.seed ?? randomBytes(16).toString('hex');
    const pools = {
      targets: await this.draws.targetPool(rules),
      officers: await this.draws.officerPool(rules.onDutyOnly),
    };
    const pairs = drawPairs(seed, rules, pools);
    const names = new Map([...pools.targets, ...pools.officers].map((item) => [item.id, item.name]));
    const assignments: StoredAssignment[] = pairs.map((pair) => ({
      ...pair,
      targetName: names.get(pair.targetId)!,
      officerNames: pair.officerIds.map((id) => names.get(id)!),
    }));
    const drawId = await this.draws.insert({ seed, rules, pools, assignments, createdBy: actor.userId });
    this.log.info({ drawId, seed, targets: pairs.length }, 'spot check drawn');

    for (const assignment of assignments) {
      const target = (await this.targets.find(assignment.targetId))!;
      const task = await this.tasks.create(actor, {
        source: 'spot-check',
        category: INSPECTION_CATEGORY,
        priority: body.priority ?? 'low',
        description: body.description ?? `双随机抽查 Random spot check: ${target.name}`,
        address: target.address,
        location: target.location,
        inspectionTargetId: target.id,
        spotCheckDrawId: drawId,
      });
      await this.tasks.dispatch(actor, task.id, 'dispatch', assignment.officerIds, `spot check ${seed}`);
    }
    return this.get(drawId);
  }

  async get(id: string): Promise<SpotCheckDraw> {
    const draw = await this.draws.find(id);
    if (!draw) throw new NotFoundError(`No spot-check draw with id ${id}.`);
    return draw;
  }

  list(limit = 50): Promise<SpotCheckDraw[]> {
    return this.draws.list(limit);
  }

  /** Repeats the draw from its recorded seed, rules and pools and compares with what was sent. */
  async verify(id: string): Promise<SpotCheckVerification> {
    const draw = await this.get(id);
    const repeated = drawPairs(draw.seed, draw.rules, draw.pools);
    const recorded = draw.assignments.map(({ targetId, officerIds }) => ({ targetId, officerIds }));
    const reproduced = JSON.stringify(repeated) === JSON.stringify(recorded);
    return {
      reproduced,
      message: reproduced
        ? `Repeating the draw from seed "${draw.seed}" gives the same ${recorded.length} targets and inspectors.`
        : `Repeating the draw from seed "${draw.seed}" gives a different result: the record was altered.`,
    };
  }
}

/** The request's defaults (two inspectors, own area excluded) are filled in by validation. */
function drawPairs(seed: string, rules: SpotCheckRules, pools: SpotCheckDraw['pools']): DrawnPair[] {
  return drawSpotCheck({
    seed,
    targets: pools.targets,
    officers: pools.officers,
    targetCount: rules.targets,
    inspectorsPerTarget: rules.inspectorsPerTarget,
    excludeOwnArea: rules.excludeOwnArea,
  });
}
