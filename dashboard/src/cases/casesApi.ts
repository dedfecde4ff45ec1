// The case routes (one case, one file): list, open, read, attach tasks and recordings, legal hold,
// and the signed evidence package.
import type { Case, CaseCreateBody, CaseDetail, CaseHoldBody } from '@fcc/shared';
import { request, requestFile } from '../api/client';
import { saveFile } from '../common/saveFile';

export const fetchCases = (signal?: AbortSignal) => request<Case[]>('GET', '/api/cases', { signal });

export const fetchCase = (id: string, signal?: AbortSignal) =>
  request<CaseDetail>('GET', `/api/cases/${id}`, { signal });

export const createCase = (body: CaseCreateBody) => request<CaseDetail>('POST', '/api/cases', { body });

export const attachTaskToCase = (caseId: string, taskId: string) =>
  request<CaseDetail>('POST', `/api/cases/${caseId}/tasks`, { body: { taskId } });

export const attachRecordingToCase = (caseId: string, recordingId: string) =>
  request<CaseDetail>('POST', `/api/cases/${caseId}/recordings`, { body: { recordingId } });

export const setLegalHold = (caseId: string, body: CaseHoldBody) =>
  request<CaseDetail>('PUT', `/api/cases/${caseId}/legal-hold`, { body });

/** Builds the case's signed evidence package on the server and hands it to the browser to save. */
export async function downloadEvidencePackage(caseId: string): Promise<void> {
  const { blob, filename } = await requestFile(`/api/cases/${caseId}/export`, 'POST');
  saveFile(blob, filename ?? 'evidence.zip');
}
