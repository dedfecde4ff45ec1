// What may be put into a case as a photo or a document, and whether a file's first bytes agree
// with the type it was sent as: a PDF that is really an executable, or a "photo" that is a zip,
// would be served back under a false name to whoever opens the case file.
import { CASE_DOCUMENT_TYPES, CASE_PHOTO_TYPES, type CaseFileKind } from '@fcc/shared';

/** How many of a file's first bytes the checks below need. */
export const HEAD_BYTES = 512;

const NAMES: Record<string, string> = {
  'image/jpeg': 'a JPEG image',
  'image/png': 'a PNG image',
  'image/webp': 'a WebP image',
  'application/pdf': 'a PDF',
  'text/plain': 'plain text',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'a Word document (.docx)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'an Excel workbook (.xlsx)',
  'application/vnd.oasis.opendocument.text': 'an OpenDocument text (.odt)',
  'application/vnd.oasis.opendocument.spreadsheet': 'an OpenDocument spreadsheet (.ods)',
};

/** The media type of a Content-Type header, lower case, without parameters (charset …). */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

export function allowedTypes(kind: CaseFileKind): readonly string[] {
  return kind === 'photo' ? CASE_PHOTO_TYPES : CASE_DOCUMENT_TYPES;
}

/** Null when a file of this kind may be sent as this type; else why not, naming the allowed types. */
export function typeProblem(kind: CaseFileKind, contentType: string): string | null {
  const allowed = allowedTypes(kind);
  if (allowed.includes(contentType)) return null;
  const sent = contentType ? `was sent as ${contentType}` : 'was sent without a Content-Type';
  return `A ${kind} ${sent}; a ${kind} must be one of: ${allowed.join(', ')}.`;
}

const startsWith = (head: Buffer, ...bytes: number[]) =>
  head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte);
const ascii = (head: Buffer, offset: number, text: string) =>
  head.subarray(offset, offset + text.length).toString('latin1') === text;

/** Null when the first bytes fit the type; else what is wrong, for the person who sent it. */
export function contentProblem(contentType: string, head: Buffer): string | null {
  let fits: boolean;
  switch (contentType) {
    case 'image/jpeg':
      fits = startsWith(head, 0xff, 0xd8, 0xff);
      break;
    case 'image/png':
      fits = startsWith(head, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
      break;
    case 'image/webp':
      fits = ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP');
      break;
    case 'application/pdf':
      fits = ascii(head, 0, '%PDF-');
      break;
    case 'text/plain':
      // UTF-16 text has zero bytes and announces itself with a byte-order mark; other text has none.
      fits = startsWith(head, 0xff, 0xfe) || startsWith(head, 0xfe, 0xff) || !head.includes(0);
      break;
    default:
      // The office formats are zip archives.
      fits = startsWith(head, 0x50, 0x4b, 0x03, 0x04);
  }
  if (fits) return null;
  return `The file was sent as ${contentType} but is not ${NAMES[contentType] ?? contentType}: its first bytes say otherwise. Send it with its real type.`;
}
