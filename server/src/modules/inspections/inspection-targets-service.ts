// The inspection-target registry: targets placed in their grid cell on creation, each with a
// secret check-in token that only its printed label shows.
import type {
  InspectionTarget,
  InspectionTargetCreateBody,
  InspectionTargetListQuery,
  InspectionTargetUpdateBody,
} from '@fcc/shared';
import { NotFoundError } from '../../http/errors';
import { checkInPayload, newCheckInToken } from './check-in-code';
import type { InspectionTargetsRepository } from './inspection-targets-repository';
import { checkInLabelSvg } from './qr-label';

export class InspectionTargetsService {
  constructor(private readonly targets: InspectionTargetsRepository) {}

  create(body: InspectionTargetCreateBody): Promise<InspectionTarget> {
    return this.targets.insert({ ...body, address: body.address ?? '', qrToken: newCheckInToken() });
  }

  list(query: InspectionTargetListQuery): Promise<InspectionTarget[]> {
    return this.targets.list(query);
  }

  async get(id: string): Promise<InspectionTarget> {
    return (await this.targets.find(id)) ?? notFound(id);
  }

  async update(id: string, changes: InspectionTargetUpdateBody): Promise<InspectionTarget> {
    return (await this.targets.update(id, changes)) ?? notFound(id);
  }

  /** The printable label: the QR code with the target's name and address under it. */
  async label(id: string): Promise<string> {
    const target = await this.get(id);
    const token = (await this.targets.qrTokenOf(id))!;
    return checkInLabelSvg(checkInPayload(token), [target.name, target.address].filter(Boolean));
  }
}

function notFound(id: string): never {
  throw new NotFoundError(`No inspection target with id ${id}.`);
}
