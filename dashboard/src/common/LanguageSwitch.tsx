// 中文 / English, on the login screen and in the top bar.
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/language';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div
      className="language-switch"
      role="group"
      aria-label={t('language.label')}
      data-testid="language-switch"
    >
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={i18n.language === language}
          onClick={() => setLanguage(language)}
        >
          {LANGUAGE_NAMES[language]}
        </button>
      ))}
    </div>
  );
}
