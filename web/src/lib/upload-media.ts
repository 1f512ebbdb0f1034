import { apiUrl } from './api-base';
import { ApiError } from './api-error';
import { refreshSession } from './refresh';
import { sessionStore } from './session';
import type { Media } from './types';

function send(file: File, token: string | null, onProgress: (fraction: number) => void): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl('/api/media'));
    xhr.withCredentials = true;
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload failed: check your connection.'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

function errorOf(xhr: XMLHttpRequest): ApiError {
  try {
    const { error } = JSON.parse(xhr.responseText) as { error: { code: string; message: string } };
    return new ApiError(xhr.status, error.code, error.message);
  } catch {
    return new ApiError(xhr.status, 'http_error', `Upload failed (${xhr.status})`);
  }
}

/**
 * Uploads an image with XMLHttpRequest, the one browser API that reports upload progress;
 * a 401 refreshes the session once and retries, like authedFetch.
 */
export async function uploadMedia(file: File, onProgress: (fraction: number) => void): Promise<Media> {
  let xhr = await send(file, sessionStore.getState().accessToken, onProgress);
  if (xhr.status === 401) {
    const fresh = await refreshSession().catch(() => null);
    if (fresh) xhr = await send(file, fresh, onProgress);
  }
  if (xhr.status !== 201 && xhr.status !== 200) throw errorOf(xhr);
  return (JSON.parse(xhr.responseText) as { media: Media }).media;
}
