// Cases (一案一卷, one case, one file): a case groups the tasks and recordings of one enforcement
// matter, can be put under legal hold, and is exported as one signed evidence package.
import { Type, type Static } from 'typebox';
import { Recording } from './recordings';
import { Id } from './roles';

const DateTime = Type.String({ format: 'date-time' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

export const CaseCreateBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*$' }),
    title: Text(200),
    description: Type.Optional(Type.String({ maxLength: 8000 })),
  },
  { additionalProperties: false },
);
export type CaseCreateBody = Static<typeof CaseCreateBody>;

export const Case = Type.Object({
  id: Id,
  code: Type.String(),
  title: Type.String(),
  description: Type.String(),
  legalHold: Type.Boolean(),
  legalHoldReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  taskCount: Type.Integer(),
  recordingCount: Type.Integer(),
});
export type Case = Static<typeof Case>;

export const CaseList = Type.Array(Case);
export type CaseList = Static<typeof CaseList>;

export const CaseTask = Type.Object({
  id: Id,
  code: Type.String(),
  category: Type.String(),
  priority: Type.String(),
  state: Type.String(),
  description: Type.String(),
  createdAt: DateTime,
  closedAt: Type.Union([DateTime, Type.Null()]),
  attachedAt: DateTime,
});
export type CaseTask = Static<typeof CaseTask>;

export const CaseDetail = Type.Object({
  ...Case.properties,
  tasks: Type.Array(CaseTask),
  recordings: Type.Array(Recording),
});
export type CaseDetail = Static<typeof CaseDetail>;

export const CaseAttachTaskBody = Type.Object({ taskId: Id }, { additionalProperties: false });
export type CaseAttachTaskBody = Static<typeof CaseAttachTaskBody>;

export const CaseAttachRecordingBody = Type.Object({ recordingId: Id }, { additionalProperties: false });
export type CaseAttachRecordingBody = Static<typeof CaseAttachRecordingBody>;

export const CaseHoldBody = Type.Object(
  { legalHold: Type.Boolean(), reason: Type.Optional(Text(1000)) },
  { additionalProperties: false },
);
export type CaseHoldBody = Static<typeof CaseHoldBody>;

/** The server's evidence-signing key (public half), to check packages against. */
export const EvidenceKey = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  publicKeyPem: Type.String(),
  /** hex SHA-256 of the DER-encoded public key (SubjectPublicKeyInfo). */
  fingerprint: Type.String(),
});
export type EvidenceKey = Static<typeof EvidenceKey>;
