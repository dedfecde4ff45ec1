import { describe, expect, it } from 'vitest';
import { chooseLanguage } from './language';

describe('chooseLanguage', () => {
  it('keeps the language the operator chose, whatever the browser says', () => {
    expect(chooseLanguage('en', 'zh-CN')).toBe('en');
    expect(chooseLanguage('zh-CN', 'en-GB')).toBe('zh-CN');
  });

  it('picks Chinese for any zh* browser language', () => {
    for (const browser of ['zh', 'zh-CN', 'zh-TW', 'zh-Hans-CN', 'ZH-hk']) {
      expect(chooseLanguage(null, browser), browser).toBe('zh-CN');
    }
  });

  it('picks English for every other or unknown browser language', () => {
    for (const browser of ['en-US', 'de', 'mn', 'ja', '', undefined]) {
      expect(chooseLanguage(null, browser), String(browser)).toBe('en');
    }
  });

  it('ignores a stored value that is not one of our languages', () => {
    expect(chooseLanguage('fr', 'zh-CN')).toBe('zh-CN');
    expect(chooseLanguage('zh', 'en-US')).toBe('en');
  });
});
