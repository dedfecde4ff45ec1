// Sends one file as a request body with upload progress. fetch() reports no upload progress, so
// this uses XMLHttpRequest; failures become the same ApiError (with the server's message) as
// every other request.
import { ApiError, NO_RESPONSE, readErrorMessage } from './client';
import { useSession } from '../store/session';

export interface UploadHandle<T> {
  done: Promise<T>;
  abort(): void;
}

export function uploadFile<T>(
  path: string,
  file: Blob,
  onProgress: (sentBytes: number, totalBytes: number) => void,
): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    const token = useSession.getState().token;
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onerror = () => reject(new ApiError(NO_RESPONSE, 'The upload did not reach the server.'));
    xhr.onabort = () => reject(new ApiError(NO_RESPONSE, 'The upload was cancelled.'));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        } catch {
          reject(new ApiError(xhr.status, `${path}: the server did not answer with JSON`));
        }
        return;
      }
      if (xhr.status === 401 && token && useSession.getState().token === token) useSession.getState().clear();
      const response = new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText });
      void readErrorMessage(response).then((message) => reject(new ApiError(xhr.status, message)));
    };
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
