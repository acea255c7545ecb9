import { session, type Role } from '../api/session';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { useSession } from './useSession';

export type Page = 'home' | 'explorer' | 'dashboard' | 'ward' | 'import' | 'team' | 'campaigns';

/** `roles`: who the page is for once signed in; before that every page is offered, and asks to sign in. */
const LINKS: { page: Page; href: string; label: MessageKey; roles?: readonly Role[] }[] = [
  { page: 'campaigns', href: 'campaigns.html', label: 'nav.campaigns', roles: ['ORGANISER'] },
  { page: 'dashboard', href: 'dashboard.html', label: 'nav.dashboard' },
  { page: 'ward', href: 'ward.html', label: 'nav.ward', roles: ['ORGANISER', 'OFFICIAL'] },
  { page: 'team', href: 'team.html', label: 'nav.team', roles: ['LEADER'] },
  { page: 'import', href: 'import.html', label: 'nav.import', roles: ['ORGANISER', 'OFFICIAL'] },
  { page: 'explorer', href: 'explorer.html', label: 'nav.explorer' },
];

export function Header({ current }: { current: Page }) {
  const { t } = useI18n();
  const role = useSession()?.account.role;
  return (
    <header class="site-header">
      <a class="skip" href="#main">{t('nav.skip')}</a>
      <a class="brand" href="./" aria-current={current === 'home' ? 'page' : undefined}>
        {t('app.name')}
      </a>
      <nav aria-label={t('nav.label')}>
        {LINKS.filter((link) => !link.roles || !role || link.roles.includes(role)).map((link) => (
          <a key={link.page} href={link.href} aria-current={current === link.page ? 'page' : undefined}>
            {t(link.label)}
          </a>
        ))}
        <a href="volunteer.html">{t('nav.volunteer')}</a>
      </nav>
      <SignOut />
      <LangSwitch />
    </header>
  );
}

function SignOut() {
  const { t } = useI18n();
  const current = useSession();
  if (!current) return null;
  const { username, role } = current.account;
  return (
    <p class="account">
      <span>{t('nav.signedInAs', { name: username ?? t(`role.${role}`) })}</span>{' '}
      <button type="button" class="link" onClick={() => void session.signOut()}>
        {t('nav.signOut')}
      </button>
    </p>
  );
}

export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  const other = lang === 'vi' ? 'en' : 'vi';
  // Labelled in the language it switches to, so a reader who cannot read the current one still finds it.
  return (
    <button type="button" class="lang-switch" lang={other} aria-label={t('lang.switch.label')} onClick={() => setLang(other)}>
      {t('lang.switch')}
    </button>
  );
}
