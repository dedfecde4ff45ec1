// The case routes (one case, one file): list, open, read, attach and detach tasks, recordings,
// photos and documents, legal hold, close and reopen, the audit trail, and the signed evidence
// package.
import {
  CASE_PHOTO_TYPES,
  type AuditEntry,
  type Case,
  type CaseCreateBody,
  type CaseDetail,
  type CaseFile,
  type CaseFileKind,
  type CaseHoldBody,
} from '@fcc/shared';
import { request, requestFile } from '../api/client';
import { queryString } from '../api/endpoints';
import { uploadFile, type UploadHandle } from '../api/upload';
import { saveFile } from '../common/saveFile';

export const fetchCases = (signal?: AbortSignal) => request<Case[]>('GET', '/api/cases', { signal });

export const fetchCase = (id: string, signal?: AbortSignal) =>
  request<CaseDetail>('GET', `/api/cases/${id}`, { signal });

export const fetchCaseAudit = (id: string, signal?: AbortSignal) =>
  request<AuditEntry[]>('GET', `/api/cases/${id}/audit`, { signal });

export const createCase = (body: CaseCreateBody) => request<CaseDetail>('POST', '/api/cases', { body });

export const attachTaskToCase = (caseId: string, taskId: string) =>
  request<CaseDetail>('POST', `/api/cases/${caseId}/tasks`, { body: { taskId } });

export const attachRecordingToCase = (caseId: string, recordingId: string) =>
  request<CaseDetail>('POST', `/api/cases/${caseId}/recordings`, { body: { recordingId } });

export type Detachable = 'tasks' | 'recordings' | 'files';

/** Takes a task, recording or file out of the case, saying why (the audit log keeps the reason). */
export const detachFromCase = (caseId: string, what: Detachable, id: string, reason: string) =>
  request<void>('POST', `/api/cases/${caseId}/${what}/${id}/detach`, { body: { reason } });

export const setLegalHold = (caseId: string, body: CaseHoldBody) =>
  request<CaseDetail>('PUT', `/api/cases/${caseId}/legal-hold`, { body });

export const closeCase = (caseId: string, reason: string) =>
  request<void>('POST', `/api/cases/${caseId}/close`, { body: reason ? { reason } : {} });

export const reopenCase = (caseId: string, reason: string) =>
  request<void>('POST', `/api/cases/${caseId}/reopen`, { body: { reason } });

/** Pictures go in as photos; anything else (PDF, office files, text) as a document. */
export function caseFileKind(file: Blob): CaseFileKind {
  return (CASE_PHOTO_TYPES as readonly string[]).includes(file.type) ? 'photo' : 'document';
}

export function uploadCaseFile(
  caseId: string,
  file: File,
  description: string,
  onProgress: (sent: number, total: number) => void,
): UploadHandle<CaseFile> {
  const query = queryString({ kind: caseFileKind(file), name: file.name, description });
  return uploadFile<CaseFile>(`/api/cases/${caseId}/files?${query}`, file, onProgress);
}

const caseFileUrl = (file: CaseFile) => `/api/cases/${file.caseId}/files/${file.id}`;

export async function downloadCaseFile(file: CaseFile): Promise<void> {
  const { blob } = await requestFile(caseFileUrl(file));
  saveFile(blob, file.name);
}

/**
 * A photo to show, as an object URL: fetched as a view (audited once per window, not as a
 * download) and once per page load (a file's bytes never change: it is stored by its SHA-256).
 */
const photoUrls = new Map<string, Promise<string>>();

export function photoObjectUrl(file: CaseFile): Promise<string> {
  let url = photoUrls.get(file.id);
  if (!url) {
    url = requestFile(`${caseFileUrl(file)}?view=true`).then(({ blob }) => URL.createObjectURL(blob));
    url.catch(() => photoUrls.delete(file.id));
    photoUrls.set(file.id, url);
  }
  return url;
}

/** Builds the case's signed evidence package on the server and hands it to the browser to save. */
export async function downloadEvidencePackage(caseId: string): Promise<void> {
  const { blob, filename } = await requestFile(`/api/cases/${caseId}/export`, 'POST');
  saveFile(blob, filename ?? 'evidence.zip');
}
