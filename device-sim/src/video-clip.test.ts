import { describe, expect, it } from 'vitest';
import { clipArgs, drawableLines, escapeFilterPath } from './video-clip';

const cjk = { file: '/fonts/NotoSansCJK-Regular.ttc', cjk: true };
const latin = { file: '/fonts/DejaVuSans.ttf', cjk: false };

describe('the body-camera loop', () => {
  it('burns in the name only with a font that has the glyphs', () => {
    const lines = ['谢超 · 0401001', 'BC-0401001'];
    expect(drawableLines({ lines, index: 0, font: cjk })).toEqual(lines);
    expect(drawableLines({ lines, index: 0, font: latin })).toEqual(['BC-0401001']);
    expect(drawableLines({ lines, index: 0, font: null })).toEqual([]);
  });

  it('escapes the characters that ffmpeg filter arguments treat specially in paths', () => {
    expect(escapeFilterPath("/tmp/a:b,c'd")).toBe("/tmp/a\\:b\\,c\\'d");
    expect(escapeFilterPath('C:\\x')).toBe('C\\:\\\\x');
  });

  it('encodes H.264 constrained baseline with regular keyframes, Opus then AAC, and differs per officer', () => {
    const args = clipArgs({ lines: ['x'], index: 1, font: latin }, '/tmp/t.txt', '/tmp/out.mkv');
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(after('-profile:v')).toBe('baseline');
    expect(after('-g')).toBe('30');
    expect(after('-sc_threshold')).toBe('0');
    expect(after('-x264-params')).toBe('repeat-headers=1');
    expect(after('-c:a:0')).toBe('libopus');
    expect(after('-c:a:1')).toBe('aac');
    expect(after('-vf')).toContain('drawtext=fontfile=/fonts/DejaVuSans.ttf:textfile=/tmp/t.txt');
    expect(args.at(-1)).toBe('/tmp/out.mkv');

    const other = clipArgs({ lines: ['x'], index: 2, font: null }, null, '/tmp/out.mkv');
    expect(other.join(' ')).not.toContain('drawtext');
    const sources = (a: string[]) => a.filter((_, i) => a[i - 1] === '-i');
    expect(sources(other)).not.toEqual(sources(args)); // another pattern and another tone
  });
});
