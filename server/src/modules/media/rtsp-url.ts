// RTSP URLs carry the camera's password (rtsp://user:secret@host/…). It is kept for pulling, and
// masked in everything shown: the URL itself, and ffmpeg's messages, which quote the URL.

/** rtsp://user:secret@host/… → rtsp://user:***@host/…, wherever such a URL occurs in the text. */
export function maskRtspUrl(text: string): string {
  return text.replace(/(rtsps?:\/\/[^:/@\s]*):[^@/\s]*@/g, '$1:***@');
}
