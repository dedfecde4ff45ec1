// The device API the officer app calls, with the device token, typed with the shared schemas.
import type {
  CheckInBody,
  CheckInResult,
  DeviceSelf,
  FixBatch,
  FixBatchAck,
  PhotoUploaded,
  SosBody,
  SosResult,
  Task,
  TaskAction,
  TaskActionBody,
} from '@fcc/shared';
import { createRequest } from '../api/client';
import { useDeviceSession } from './store/deviceSession';

const request = createRequest({
  token: () => useDeviceSession.getState().token,
  refused: (token) => {
    if (useDeviceSession.getState().token === token) useDeviceSession.getState().refused();
  },
});

/** Asks who a token belongs to before keeping it (it is not yet the session's token). */
export const fetchSelfWith = (token: string, signal?: AbortSignal) =>
  createRequest({ token: () => token, refused: () => undefined })<DeviceSelf>('GET', '/api/device/self', {
    signal,
  });

export const fetchSelf = (signal?: AbortSignal) => request<DeviceSelf>('GET', '/api/device/self', { signal });

export const postFixes = (body: FixBatch, signal?: AbortSignal) =>
  request<FixBatchAck>('POST', '/api/device/positions', { body, signal });

export const stepTask = (id: string, action: TaskAction, body: TaskActionBody = {}) =>
  request<Task>('POST', `/api/device/tasks/${id}/${action}`, { body });

export const sendSos = (body: SosBody) => request<SosResult>('POST', '/api/device/sos', { body });

export const checkIn = (body: CheckInBody) =>
  request<CheckInResult>('POST', '/api/device/check-in', { body });

/** A resolution photo, stored by the server; the answer's ref goes into the step's `photos`. */
export const uploadPhoto = (photo: Blob) =>
  request<PhotoUploaded>('POST', '/api/device/photos', { body: photo });
