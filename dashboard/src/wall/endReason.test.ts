import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { endReasonText, type EndReasonKey } from './endReason';

const translator =
  (texts: Record<string, string>) =>
  (key: EndReasonKey, options: Record<string, string> = {}) =>
    texts[key.replace('wall.endReason.', '')]!.replace('{{detail}}', options.detail ?? '');

describe('why a stream ended, in the operator’s language', () => {
  it('translates the server’s reasons, keeping their details', () => {
    const zh = translator(zhCN.wall.endReason);
    expect(endReasonText(zh, 'stopped by the publisher')).toBe(zhCN.wall.endReason.publisherStopped);
    expect(endReasonText(zh, 'camera unreachable: Connection refused')).toContain('Connection refused');
    expect(endReasonText(zh, 'ended by operator1')).toContain('operator1');
    expect(endReasonText(translator(en.wall.endReason), 'publisher lost (did not reconnect in time)')).toBe(
      en.wall.endReason.publisherLost,
    );
  });

  it('shows a reason it does not know as the server wrote it', () => {
    expect(endReasonText(translator(zhCN.wall.endReason), 'disk on fire')).toBe('disk on fire');
  });
});
