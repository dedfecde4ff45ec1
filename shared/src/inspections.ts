// Inspections: the registry of places and businesses to inspect, each with a printed QR code for
// check-in on arrival (扫码留痕), and the random spot check (双随机) that draws targets and
// inspectors reproducibly from a recorded seed and publishes the draw.
import { Type, type Static } from 'typebox';
import { Id } from './roles';
import { LatLon, TaskPriority } from './tasks';

const TargetCategory = Type.String({
  minLength: 1,
  maxLength: 48,
  pattern: '^[a-z0-9-]+$',
  description: 'The kind of place, e.g. restaurant, construction-site, market',
});

export const InspectionTarget = Type.Object({
  id: Id,
  name: Type.String(),
  category: Type.String(),
  address: Type.String(),
  location: LatLon,
  gridCellId: Type.Union([Id, Type.Null()]),
  gridCellCode: Type.Union([Type.String(), Type.Null()]),
  areaId: Type.Union([Id, Type.Null()]),
  active: Type.Boolean({ description: 'Inactive targets are kept for history but never drawn' }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type InspectionTarget = Static<typeof InspectionTarget>;

export const InspectionTargetCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    category: TargetCategory,
    address: Type.Optional(Type.String({ maxLength: 300 })),
    location: LatLon,
  },
  { additionalProperties: false },
);
export type InspectionTargetCreateBody = Static<typeof InspectionTargetCreateBody>;

export const InspectionTargetUpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    category: Type.Optional(TargetCategory),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type InspectionTargetUpdateBody = Static<typeof InspectionTargetUpdateBody>;

export const InspectionTargetListQuery = Type.Object(
  {
    category: Type.Optional(Type.String({ maxLength: 48 })),
    areaId: Type.Optional(Id),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type InspectionTargetListQuery = Static<typeof InspectionTargetListQuery>;

/** What the officer's app sends after scanning a target's QR code. */
export const CheckInBody = Type.Object(
  {
    qr: Type.String({
      minLength: 8,
      maxLength: 200,
      description: 'The text of the scanned QR code (the check-in token, or the URL that carries it)',
    }),
    location: Type.Optional(
      Type.Object(
        { ...LatLon.properties, accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000 })) },
        {
          additionalProperties: false,
          description: "The phone's position at the scan; without it the last fix is used",
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CheckInBody = Static<typeof CheckInBody>;

export const CheckInResult = Type.Object({
  taskId: Id,
  targetId: Id,
  targetName: Type.String(),
  distanceMetres: Type.Number(),
  toleranceMetres: Type.Number(),
});
export type CheckInResult = Static<typeof CheckInResult>;

export const SpotCheckRules = Type.Object(
  {
    targetCategory: Type.Optional(TargetCategory),
    areaIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true })),
    targets: Type.Integer({ minimum: 1, maximum: 500, description: 'How many targets to draw' }),
    inspectorsPerTarget: Type.Integer({ minimum: 1, maximum: 5, default: 2 }),
    excludeOwnArea: Type.Boolean({
      default: true,
      description: 'Never send officers to a target in an area they are responsible for',
    }),
    onDutyOnly: Type.Boolean({
      default: false,
      description: 'Draw inspectors only among officers on duty now',
    }),
  },
  { additionalProperties: false },
);
export type SpotCheckRules = Static<typeof SpotCheckRules>;

export const SpotCheckCreateBody = Type.Object(
  {
    rules: SpotCheckRules,
    seed: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Omit for a fresh random seed; give a published one to repeat a draw exactly',
      }),
    ),
    priority: Type.Optional(TaskPriority),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type SpotCheckCreateBody = Static<typeof SpotCheckCreateBody>;

export const SpotCheckAssignment = Type.Object({
  targetId: Id,
  targetName: Type.String(),
  officerIds: Type.Array(Id),
  officerNames: Type.Array(Type.String()),
  taskId: Type.Union([Id, Type.Null()]),
});
export type SpotCheckAssignment = Static<typeof SpotCheckAssignment>;

export const SpotCheckDraw = Type.Object({
  id: Id,
  seed: Type.String(),
  rules: SpotCheckRules,
  pools: Type.Object(
    {
      targets: Type.Array(
        Type.Object({ id: Id, name: Type.String(), areaId: Type.Union([Id, Type.Null()]) }),
      ),
      officers: Type.Array(
        Type.Object({
          id: Id,
          name: Type.String(),
          areaIds: Type.Array(Id, { description: 'Areas they answer for' }),
        }),
      ),
    },
    { description: 'What was drawn from, as it was at the draw: with the seed, anyone can repeat the draw' },
  ),
  assignments: Type.Array(SpotCheckAssignment),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type SpotCheckDraw = Static<typeof SpotCheckDraw>;

export const SpotCheckVerification = Type.Object({
  reproduced: Type.Boolean({
    description: 'Repeating the draw from its seed and pools gives the same result',
  }),
  message: Type.String(),
});
export type SpotCheckVerification = Static<typeof SpotCheckVerification>;
