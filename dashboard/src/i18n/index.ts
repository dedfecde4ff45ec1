// Starts i18next with both languages bundled (no network loading) and keeps
// <html lang> in step so screen readers and fonts follow the chosen language.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import { chooseLanguage, LANGUAGE_STORAGE_KEY, LANGUAGES, type Language } from './language';
import zhCN from './zh-CN.json';

function readStoredLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    // Storage can be blocked by browser policy; then we follow the browser's language.
    return null;
  }
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: chooseLanguage(readStoredLanguage(), navigator.language),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes what it renders
  initAsync: false,
});

/** Switches the language and remembers the operator's explicit choice. */
export function setLanguage(language: Language): void {
  void i18n.changeLanguage(language);
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch (error) {
    console.warn('Could not remember the language choice', error);
  }
}

export { i18n };
