// The server routes the replay screen uses: the replay document, recordings' metadata, their
// audit trail, cases, and the files (segments, evidence packages) fetched with the session token.
import type { AuditEntry, Case, Recording, RecordingDescribeBody, Replay, ReplayQuery } from '@fcc/shared';
import { ApiError, request } from '../api/client';
import { useSession } from '../store/session';

export const fetchReplay = (query: ReplayQuery, signal?: AbortSignal) =>
  request<Replay>('GET', `/api/replay?${new URLSearchParams(query as Record<string, string>)}`, { signal });

export const describeRecording = (id: string, body: RecordingDescribeBody) =>
  request<Recording>('PATCH', `/api/recordings/${id}`, { body });

export const fetchRecordingAudit = (id: string, signal?: AbortSignal) =>
  request<AuditEntry[]>('GET', `/api/recordings/${id}/audit`, { signal });

export const fetchCases = (signal?: AbortSignal) => request<Case[]>('GET', '/api/cases', { signal });

export const attachRecordingToCase = (caseId: string, recordingId: string) =>
  request<unknown>('POST', `/api/cases/${caseId}/recordings`, { body: { recordingId } });

/**
 * A file behind the session token, as a Blob: a <video> element cannot send the bearer token,
 * so the player fetches each segment and plays it from an object URL.
 */
export async function fetchFile(
  path: string,
  method: 'GET' | 'POST' = 'GET',
): Promise<{ blob: Blob; filename: string | null }> {
  const token = useSession.getState().token;
  const response = await fetch(path, {
    method,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let message = `${response.status} ${response.statusText}`;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, message);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  return { blob: await response.blob(), filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null };
}
