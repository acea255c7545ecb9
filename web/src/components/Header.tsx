import { useI18n } from '../i18n/context';

export function Header({ current }: { current: 'home' | 'explorer' }) {
  const { lang, setLang, t } = useI18n();
  const other = lang === 'vi' ? 'en' : 'vi';
  return (
    <header class="site-header">
      <a class="brand" href="./" aria-current={current === 'home' ? 'page' : undefined}>
        {t('app.name')}
      </a>
      <nav aria-label={t('nav.label')}>
        <a href="explorer.html" aria-current={current === 'explorer' ? 'page' : undefined}>
          {t('nav.explorer')}
        </a>
      </nav>
      {/* Labelled in the language it switches to, so a reader who cannot read the current one still finds it. */}
      <button type="button" class="lang-switch" lang={other} aria-label={t('lang.switch.label')} onClick={() => setLang(other)}>
        {t('lang.switch')}
      </button>
    </header>
  );
}
