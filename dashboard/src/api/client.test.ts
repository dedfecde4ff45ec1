import { describe, expect, it } from 'vitest';
import { filenameFromDisposition } from './client';

describe('filenameFromDisposition', () => {
  it('prefers the UTF-8 name, so a Chinese file name survives', () => {
    expect(
      filenameFromDisposition(
        `attachment; filename="a.pdf"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.pdf`,
      ),
    ).toBe('现场照片.pdf');
  });

  it('reads the plain quoted or bare name', () => {
    expect(filenameFromDisposition('attachment; filename="case-XZ-1.zip"')).toBe('case-XZ-1.zip');
    expect(filenameFromDisposition('attachment; filename=grid.geojson')).toBe('grid.geojson');
  });

  it('says there is no name when the header gives none', () => {
    expect(filenameFromDisposition('')).toBeNull();
    expect(filenameFromDisposition('inline')).toBeNull();
  });
});
