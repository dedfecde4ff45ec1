// Cases (一案一卷, one case, one file): a case groups the tasks, recordings, photos and documents of
// one enforcement matter, can be put under legal hold, closed and reopened, and is exported as one
// signed evidence package.
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

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const Case = Type.Object({
  id: Id,
  code: Type.String(),
  title: Type.String(),
  description: Type.String(),
  /** A closed case refuses attaching, detaching and uploads until it is reopened. */
  status: Type.Enum(CASE_STATUSES),
  closedAt: Type.Union([DateTime, Type.Null()]),
  legalHold: Type.Boolean(),
  legalHoldReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  taskCount: Type.Integer(),
  recordingCount: Type.Integer(),
  /** Photos and documents in the case (detached ones not counted). */
  fileCount: Type.Integer(),
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

export const CASE_FILE_KINDS = ['photo', 'document'] as const;
export type CaseFileKind = (typeof CASE_FILE_KINDS)[number];

/** What a photo may be. */
export const CASE_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** What a document may be: a photo's types too (a scanned notice), PDF, plain text, office files. */
export const CASE_DOCUMENT_TYPES = [
  ...CASE_PHOTO_TYPES,
  'application/pdf',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
] as const;
/** The server's default for CASE_FILE_MAX_BYTES (50 MB); the server answers 413 beyond its setting. */
export const DEFAULT_CASE_FILE_MAX_BYTES = 50 * 1024 * 1024;

/** A photo or a document in a case; its bytes are stored once, named by their SHA-256. */
export const CaseFile = Type.Object({
  id: Id,
  caseId: Id,
  kind: Type.Enum(CASE_FILE_KINDS),
  /** The file's name as uploaded (used in downloads and in the evidence package). */
  name: Type.String(),
  contentType: Type.String(),
  bytes: Type.Integer(),
  /** Hex SHA-256 of the bytes, computed by the server on upload. */
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  description: Type.String(),
  addedBy: Type.Object({ userId: Id, name: Type.String() }),
  addedAt: DateTime,
});
export type CaseFile = Static<typeof CaseFile>;

/**
 * `POST /api/cases/:id/files?kind=&name=&description=` with the file itself as the body (its
 * Content-Type one of CASE_PHOTO_TYPES for a photo, CASE_DOCUMENT_TYPES for a document).
 */
export const CaseFileQuery = Type.Object(
  {
    kind: Type.Enum(CASE_FILE_KINDS),
    name: Type.String({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type CaseFileQuery = Static<typeof CaseFileQuery>;

export const CaseDetail = Type.Object({
  ...Case.properties,
  tasks: Type.Array(CaseTask),
  recordings: Type.Array(Recording),
  files: Type.Array(CaseFile),
});
export type CaseDetail = Static<typeof CaseDetail>;

export const CaseTaskParams = Type.Object({ id: Id, taskId: Id }, { additionalProperties: false });
export type CaseTaskParams = Static<typeof CaseTaskParams>;
export const CaseRecordingParams = Type.Object({ id: Id, recordingId: Id }, { additionalProperties: false });
export type CaseRecordingParams = Static<typeof CaseRecordingParams>;
export const CaseFileParams = Type.Object({ id: Id, fileId: Id }, { additionalProperties: false });
export type CaseFileParams = Static<typeof CaseFileParams>;

/** `view=true`: shown on a screen (inline, audited once per window), not a copy taken away. */
export const CaseFileViewQuery = Type.Object(
  { view: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type CaseFileViewQuery = Static<typeof CaseFileViewQuery>;

/** Detaching a task, a recording or a file: why (required, not blank; it goes into the audit log). */
export const CaseDetachBody = Type.Object(
  { reason: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);
export type CaseDetachBody = Static<typeof CaseDetachBody>;

export const CaseCloseBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export type CaseCloseBody = Static<typeof CaseCloseBody>;

/** Reopening a closed case needs a reason (required, not blank). */
export const CaseReopenBody = Type.Object(
  { reason: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);
export type CaseReopenBody = Static<typeof CaseReopenBody>;

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
