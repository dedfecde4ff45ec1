// The recording routes the dashboard uses: lists, the "to complete" queue, describing a recording
// and its audit trail.
import type {
  AuditEntry,
  Recording,
  RecordingDescribeBody,
  RecordingList,
  RecordingQuery,
  ToCompleteQuery,
} from '@fcc/shared';
import { request } from '../api/client';
import { queryString } from '../api/endpoints';

export const fetchRecordings = (query: RecordingQuery, signal?: AbortSignal) =>
  request<RecordingList>('GET', `/api/recordings?${queryString(query)}`, { signal });

export const fetchRecordingsToComplete = (query: ToCompleteQuery, signal?: AbortSignal) =>
  request<RecordingList>('GET', `/api/recordings/to-complete?${queryString(query)}`, { signal });

export const describeRecording = (id: string, body: RecordingDescribeBody) =>
  request<Recording>('PATCH', `/api/recordings/${id}`, { body });

export const fetchRecordingAudit = (id: string, signal?: AbortSignal) =>
  request<AuditEntry[]>('GET', `/api/recordings/${id}/audit`, { signal });
