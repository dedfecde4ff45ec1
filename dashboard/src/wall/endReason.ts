// The server says why a stream ended in English words (they are also in its log and the stream
// row); the operator reads them in their own language. Unknown reasons are shown as they are.
type Translate = (key: EndReasonKey, options?: Record<string, string>) => string;

export type EndReasonKey =
  | 'wall.endReason.publisherStopped'
  | 'wall.endReason.publisherLost'
  | 'wall.endReason.nobodyWatching'
  | 'wall.endReason.serverStopping'
  | 'wall.endReason.otherCodecs'
  | 'wall.endReason.endedBy'
  | 'wall.endReason.cameraUnreachable'
  | 'wall.endReason.cameraChanged';

const KNOWN: readonly [RegExp, EndReasonKey][] = [
  [/^stopped by the publisher$/, 'wall.endReason.publisherStopped'],
  [/^publisher lost/, 'wall.endReason.publisherLost'],
  [/^nobody watching|and nobody watching$/, 'wall.endReason.nobodyWatching'],
  [/^server shutting down$/, 'wall.endReason.serverStopping'],
  [/^the publisher came back with other codecs$/, 'wall.endReason.otherCodecs'],
  [/^ended by (?<detail>.+)$/, 'wall.endReason.endedBy'],
  [/^camera unreachable: (?<detail>.+)$/, 'wall.endReason.cameraUnreachable'],
  [/^camera settings changed$/, 'wall.endReason.cameraChanged'],
];

export function endReasonText(t: Translate, reason: string): string {
  for (const [pattern, key] of KNOWN) {
    const match = pattern.exec(reason);
    if (match) return t(key, { detail: match.groups?.detail ?? '' });
  }
  return reason;
}
