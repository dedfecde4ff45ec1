// The server routes the dashboard uses, typed with the shared wire schemas.
import type {
  ClientConfig,
  GridAreaCollection,
  GridCellCollection,
  LoginBody,
  LoginResponse,
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
