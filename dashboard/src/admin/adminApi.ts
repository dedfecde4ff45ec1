// The administration routes the admin screens call (officers, devices, grids, roster,
// categories, users), typed with the shared wire schemas.
import type {
  CameraPlacementBody,
  Device,
  DeviceCreateBody,
  DeviceTokenIssued,
  FixedCamera,
  FixedCameraBody,
  GridCellCreateBody,
  GridCellUpdateBody,
  GridFile,
  GridGenerateBody,
  GridGenerateResult,
  GridImportResult,
  Officer,
  OfficerCreateBody,
  OfficerUpdateBody,
  Shift,
  ShiftCreateBody,
  TaskCategory,
  TaskCategoryUpdateBody,
  User,
  UserCreateBody,
  UserUpdateBody,
} from '@fcc/shared';
import { request, requestFile } from '../api/client';

export const createOfficer = (body: OfficerCreateBody) => request<Officer>('POST', '/api/officers', { body });
export const updateOfficer = (id: string, body: OfficerUpdateBody) =>
  request<Officer>('PATCH', `/api/officers/${id}`, { body });

export const createDevice = (body: DeviceCreateBody) => request<Device>('POST', '/api/devices', { body });
export const issueToken = (id: string) => request<DeviceTokenIssued>('POST', `/api/devices/${id}/token`);
export const revokeToken = (id: string) => request<void>('DELETE', `/api/devices/${id}/token`);
/** A fixed camera's RTSP source and location (and, optionally, where it looks). */
export const registerCamera = (deviceId: string, body: FixedCameraBody) =>
  request<FixedCamera>('PUT', `/api/media/cameras/${deviceId}`, { body });
export const placeCamera = (deviceId: string, body: CameraPlacementBody) =>
  request<FixedCamera>('PATCH', `/api/media/cameras/${deviceId}`, { body });

export const generateGrid = (body: GridGenerateBody) =>
  request<GridGenerateResult>('POST', '/api/grids/generate', { body });
export const importGrid = (file: GridFile) =>
  request<GridImportResult>('POST', '/api/grids/import', { body: file });
export const exportGrid = () => requestFile('/api/grids/export');
export const createGridCell = (body: GridCellCreateBody) =>
  request<{ id: string }>('POST', '/api/grids/cells', { body });
export const updateGridCell = (id: string, body: GridCellUpdateBody) =>
  request<void>('PATCH', `/api/grids/cells/${id}`, { body });
export const deleteGridCell = (id: string) => request<void>('DELETE', `/api/grids/cells/${id}`);

export const fetchShifts = (from: string, to: string, signal?: AbortSignal) =>
  request<Shift[]>('GET', `/api/shifts?${new URLSearchParams({ from, to }).toString()}`, { signal });
export const addShift = (officerId: string, body: ShiftCreateBody) =>
  request<{ id: string }>('POST', `/api/officers/${officerId}/shifts`, { body });
export const endShift = (id: string) => request<void>('POST', `/api/shifts/${id}/end`);
export const removeShift = (id: string) => request<void>('DELETE', `/api/shifts/${id}`);

export const updateTaskCategory = (code: string, body: TaskCategoryUpdateBody) =>
  request<TaskCategory>('PATCH', `/api/task-categories/${encodeURIComponent(code)}`, { body });

export const fetchUsers = (signal?: AbortSignal) => request<User[]>('GET', '/api/users', { signal });
export const createUser = (body: UserCreateBody) => request<User>('POST', '/api/users', { body });
export const updateUser = (id: string, body: UserUpdateBody) =>
  request<User>('PATCH', `/api/users/${id}`, { body });
