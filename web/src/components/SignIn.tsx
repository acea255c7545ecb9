import type { ComponentChildren } from 'preact';
import { signIn } from '../api/accounts';
import type { Session } from '../api/session';
import { useI18n } from '../i18n/context';
import { Field, SubmitForm, text } from './Form';
import { useSession } from './useSession';

/** Username and password, for organisers, officials and team leaders. */
export function StaffSignIn({ onSignedIn, pageHeading = false }: { onSignedIn?: (session: Session) => void; pageHeading?: boolean }) {
  const { t } = useI18n();
  // The page's own heading when the form stands in for the page, a section's on the start page.
  const Heading = pageHeading ? 'h1' : 'h2';
  return (
    <section class="sign-in-box" aria-labelledby="signin-h">
      <Heading id="signin-h">{t('signin.title')}</Heading>
      <p>{t('signin.lead')}</p>
      <SubmitForm
        label={t('signin.title')}
        submit={t('signin.submit')}
        refused="signin.refused"
        onSubmit={async (values) => {
          // Not folded into `onSignedIn?.(await signIn(…))`: without a callback that would skip the sign-in itself.
          const opened = await signIn(text(values, 'username'), String(values.get('password') ?? ''));
          onSignedIn?.(opened);
        }}
      >
        <Field id="username" label={t('signin.username')} autocomplete="username" autocapitalize="none" spellcheck={false} />
        <Field id="password" label={t('signin.password')} type="password" autocomplete="current-password" />
      </SubmitForm>
    </section>
  );
}

/** The page for a signed-in reader, or the sign-in form in its place; the page appears as soon as they sign in. */
export function SignedIn({ children }: { children: ComponentChildren }) {
  const current = useSession();
  if (current) return <>{children}</>;
  return (
    <main id="main" class="page">
      <StaffSignIn pageHeading />
    </main>
  );
}
