// The replay document: recordings, track and task events of an officer, task or case over a range.
import type { Replay, ReplayQuery } from '@fcc/shared';
import { request } from '../api/client';

export const fetchReplay = (query: ReplayQuery, signal?: AbortSignal) =>
  request<Replay>('GET', `/api/replay?${new URLSearchParams(query as Record<string, string>)}`, { signal });
