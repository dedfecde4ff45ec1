// The duty roster (值班): who is on duty when, and who answers for which grid cells.
import { Type, type Static } from 'typebox';
import { Id } from './roles';

export const ShiftCreateBody = Type.Object(
  {
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type ShiftCreateBody = Static<typeof ShiftCreateBody>;

export const OnDutyOfficer = Type.Object({
  officerId: Id,
  name: Type.String(),
  badgeNo: Type.String(),
  status: Type.String({ description: 'available, busy, off_duty or out_of_contact' }),
  areaId: Type.Union([Id, Type.Null()]),
  cellIds: Type.Array(Id, { description: 'Cells the officer answers for, besides the area' }),
  shiftEndsAt: Type.String({ format: 'date-time' }),
  lastFixAgeSeconds: Type.Union([Type.Number(), Type.Null()]),
});
export type OnDutyOfficer = Static<typeof OnDutyOfficer>;

export const CellAssignmentBody = Type.Object(
  { cellIds: Type.Array(Id, { maxItems: 200, uniqueItems: true }) },
  { additionalProperties: false },
);
export type CellAssignmentBody = Static<typeof CellAssignmentBody>;

export const Shift = Type.Object({
  id: Id,
  officerId: Id,
  officerName: Type.String(),
  badgeNo: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
});
export type Shift = Static<typeof Shift>;

export const ShiftListQuery = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    officerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ShiftListQuery = Static<typeof ShiftListQuery>;
