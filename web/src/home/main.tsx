import { render } from 'preact';
import { Header } from '../components/Header';
import { I18nProvider, useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import '../styles.css';

const parts: { title: MessageKey; body: MessageKey; href: string }[] = [
  { title: 'home.dashboard.title', body: 'home.dashboard.body', href: 'dashboard.html' },
  { title: 'home.ward.title', body: 'home.ward.body', href: 'ward.html' },
  { title: 'home.volunteer.title', body: 'home.volunteer.body', href: 'volunteer.html' },
];

function Home() {
  const { t } = useI18n();
  return (
    <>
      <Header current="home" />
      <main id="main" class="home">
        <h1>{t('home.title')}</h1>
        <p class="lead">{t('home.lead')}</p>
        <p class="note">{t('home.privacy')}</p>

        <section aria-labelledby="parts-heading">
          <h2 id="parts-heading">{t('home.parts')}</h2>
          <ul class="cards">
            {parts.map((p) => (
              <li class="card" key={p.title}>
                <h3>
                  <a href={p.href}>{t(p.title)}</a>
                </h3>
                <p>{t(p.body)}</p>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="dev-heading">
          <h2 id="dev-heading">{t('home.dev')}</h2>
          <p>
            <a href="explorer.html">{t('nav.explorer')}</a> — {t('home.explorer.body')}
          </p>
        </section>
      </main>
    </>
  );
}

render(
  <I18nProvider titleKey="home.title">
    <Home />
  </I18nProvider>,
  document.getElementById('app')!,
);
