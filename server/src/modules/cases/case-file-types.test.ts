import { describe, expect, it } from 'vitest';
import { contentProblem, mediaType, typeProblem } from './case-file-types';

const bytes = (...values: (number | string)[]) =>
  Buffer.concat(values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))));

describe('case file types', () => {
  it('reads the media type of a Content-Type header', () => {
    expect(mediaType('Text/Plain; charset=GBK')).toBe('text/plain');
    expect(mediaType(undefined)).toBe('');
  });

  it('allows images as photos and the listed document types as documents, naming them otherwise', () => {
    expect(typeProblem('photo', 'image/webp')).toBeNull();
    expect(typeProblem('document', 'image/jpeg')).toBeNull();
    expect(typeProblem('document', 'application/vnd.oasis.opendocument.spreadsheet')).toBeNull();
    expect(typeProblem('photo', 'application/pdf')).toBe(
      'A photo was sent as application/pdf; a photo must be one of: image/jpeg, image/png, image/webp.',
    );
    expect(typeProblem('document', 'application/zip')).toContain('application/pdf, text/plain');
    expect(typeProblem('document', '')).toContain('was sent without a Content-Type');
  });

  it("accepts bytes that fit their type and names the type of those that don't", () => {
    expect(contentProblem('image/jpeg', bytes(0xff, 0xd8, 0xff, 0xe0))).toBeNull();
    expect(contentProblem('image/png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a))).toBeNull();
    expect(contentProblem('image/webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBeNull();
    expect(contentProblem('application/pdf', bytes('%PDF-1.7\n'))).toBeNull();
    expect(
      contentProblem(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        bytes('PK', 3, 4),
      ),
    ).toBeNull();
    expect(contentProblem('text/plain', Buffer.from('现场检查笔录\r\n', 'utf8'))).toBeNull();
    expect(contentProblem('text/plain', bytes(0xff, 0xfe, 'a', 0))).toBeNull();

    expect(contentProblem('image/png', bytes('%PDF-1.7'))).toContain('is not a PNG image');
    expect(contentProblem('application/pdf', bytes('MZ', 0x90, 0))).toContain('is not a PDF');
    expect(contentProblem('text/plain', bytes(0x7f, 'ELF', 2, 1, 1, 0))).toContain('is not plain text');
    expect(contentProblem('application/vnd.oasis.opendocument.text', bytes('%PDF'))).toContain(
      'OpenDocument text',
    );
    expect(contentProblem('image/jpeg', Buffer.alloc(0))).toContain('is not a JPEG image');
  });
});
