// The server routes the dashboard uses, typed with the shared wire schemas.
import type {
  Alert,
  AlertListQuery,
  ClientConfig,
  Device,
  DeviceTokenIssued,
  DispatchBody,
  GridAreaCollection,
  GridCellCollection,
  LoginBody,
  LoginResponse,
  Officer,
  OnDutyOfficer,
  Recommendation,
  Task,
  TaskAction,
  TaskActionBody,
  TaskCategory,
  TaskCreateBody,
  TaskDetail,
  TaskListQuery,
  Track,
  TrackQuery,
  User,
} from '@fcc/shared';
import { request } from './client';

export const fetchClientConfig = (signal?: AbortSignal) =>
  request<ClientConfig>('GET', '/api/config', { signal });

export const login = (body: LoginBody) => request<LoginResponse>('POST', '/api/auth/login', { body });

export const fetchCurrentUser = (signal?: AbortSignal) => request<User>('GET', '/api/auth/me', { signal });

export const logout = () => request<void>('POST', '/api/auth/logout');

export const fetchGridAreas = (signal?: AbortSignal) =>
  request<GridAreaCollection>('GET', '/api/grids/areas', { signal });

export const fetchGridCells = (signal?: AbortSignal) =>
  request<GridCellCollection>('GET', '/api/grids/cells', { signal });

export const fetchOfficers = (signal?: AbortSignal) => request<Officer[]>('GET', '/api/officers', { signal });

export const fetchDevices = (signal?: AbortSignal) => request<Device[]>('GET', '/api/devices', { signal });

/** A new token for the device (the previous one stops working); shown this once. */
export const issueDeviceToken = (id: string) =>
  request<DeviceTokenIssued>('POST', `/api/devices/${id}/token`);

export const fetchDuty = (signal?: AbortSignal) => request<OnDutyOfficer[]>('GET', '/api/duty', { signal });

export const fetchTrack = (officerId: string, query: TrackQuery, signal?: AbortSignal) =>
  request<Track>('GET', `/api/officers/${officerId}/track?${queryString(query)}`, { signal });

export const fetchAlerts = (query: AlertListQuery, signal?: AbortSignal) =>
  request<Alert[]>('GET', `/api/alerts?${queryString(query)}`, { signal });

export const acknowledgeAlert = (id: string) => request<Alert>('POST', `/api/alerts/${id}/acknowledge`);

export const fetchTaskCategories = (signal?: AbortSignal) =>
  request<TaskCategory[]>('GET', '/api/task-categories', { signal });

export const fetchTasks = (query: TaskListQuery, signal?: AbortSignal) =>
  request<Task[]>('GET', `/api/tasks?${queryString(query)}`, { signal });

export const fetchTask = (id: string, signal?: AbortSignal) =>
  request<TaskDetail>('GET', `/api/tasks/${id}`, { signal });

export const createTask = (body: TaskCreateBody) => request<Task>('POST', '/api/tasks', { body });

export const fetchRecommendations = (id: string, limit: number, signal?: AbortSignal) =>
  request<Recommendation[]>('GET', `/api/tasks/${id}/recommendations?limit=${limit}`, { signal });

export const dispatchTask = (id: string, step: 'dispatch' | 'reassign', body: DispatchBody) =>
  request<Task>('POST', `/api/tasks/${id}/${step}`, { body });

export const stepTask = (id: string, action: TaskAction, body: TaskActionBody = {}) =>
  request<Task>('POST', `/api/tasks/${id}/${action}`, { body });

export function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  return params.toString();
}
