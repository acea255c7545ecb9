import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { demoAccounts, homePageOf, signInAs, type DemoAccount } from '../api/accounts';
import type { Session } from '../api/session';
import { Header } from '../components/Header';
import { StaffSignIn } from '../components/SignIn';
import { useSession } from '../components/useSession';
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

        <Account />

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

const openHome = (opened: Session) => location.assign(homePageOf(opened.account.role));

/** Signed in: who as, and where their work is. Signed out: the staff form and, in a demo install, its accounts. */
function Account() {
  const { t } = useI18n();
  const current = useSession();
  if (current) {
    const role = current.account.role;
    return (
      <p class="signed-in">
        {t('home.signedIn', { role: t(`role.${role}`) })} <a href={homePageOf(role)}>{t(role === 'ORGANISER' ? 'campaigns.title' : role === 'OFFICIAL' ? 'home.ward.title' : role === 'LEADER' ? 'team.title' : role === 'VOLUNTEER' ? 'home.volunteer.title' : 'home.dashboard.title')}</a>
      </p>
    );
  }
  return (
    <div class="home-account">
      <StaffSignIn onSignedIn={openHome} />
      <DemoAccounts />
    </div>
  );
}

function DemoAccounts() {
  const { t } = useI18n();
  const [accounts, setAccounts] = useState<DemoAccount[]>([]);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    // Outside a demo install the list is empty and the section stays hidden; so does it when the server is unreachable.
    demoAccounts().then(setAccounts, () => setAccounts([]));
  }, []);
  if (accounts.length === 0) return null;
  return (
    <section aria-labelledby="demo-h">
      <h2 id="demo-h">{t('home.demo.title')}</h2>
      <p>{t('home.demo.lead')}</p>
      {failed && (
        <p class="status error" role="alert">
          {t('signin.refused')}
        </p>
      )}
      <ul class="demo-accounts">
        {accounts.map((a) => (
          <li key={a.login}>
            <button type="button" onClick={() => signInAs(a).then(openHome, () => setFailed(true))}>
              {t('home.demo.signInAs', { role: t(`role.${a.role}`) })}
            </button>{' '}
            <span>
              {a.scope} · <code>{a.login}</code> · {t('home.demo.secret', { secret: a.secret })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

render(
  <I18nProvider titleKey="home.title">
    <Home />
  </I18nProvider>,
  document.getElementById('app')!,
);
