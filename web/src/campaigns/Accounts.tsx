import { useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { Field, FormProblem, SelectField, SubmitForm, text } from '../components/Form';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { hrefWith, onLocalLink } from '../url';
import { checkAccount, districtsBelow, MIN_PASSWORD, wardGroups } from './plan';
import { Problem } from './Problem';
import { useOrganiserTree } from './useOrganiserTree';

const CREATE = `mutation CreateAccount($r: Role!, $s: ID!, $u: String!, $p: String!) {
  createAccount(role: $r, scopeId: $s, username: $u, password: $p) { username role scopeId } }`;

type StaffRole = 'OFFICIAL' | 'ORGANISER';

/**
 * Staff accounts below the organiser: an official for a ward, and, for a province's organiser, an
 * organiser for a district. A role with no unit to give it is not offered.
 */
export function Accounts() {
  const { t, lang } = useI18n();
  const { tree, error } = useOrganiserTree();
  const [role, setRole] = useState<StaffRole>('OFFICIAL');
  const [created, setCreated] = useState<{ username: string; role: StaffRole; unit: string } | undefined>();
  const [formKey, setFormKey] = useState(0);

  const wards = tree ? wardGroups(tree, lang).flatMap((g) => g.wards.map((w) => ({ value: w.id, label: w.name, group: g.name }))) : [];
  const districts = tree ? districtsBelow(tree, lang).map((d) => ({ value: d.id, label: d.name })) : [];
  const roles = (['OFFICIAL', 'ORGANISER'] as const).filter((r) => (r === 'OFFICIAL' ? wards : districts).length > 0);
  const units = role === 'OFFICIAL' ? wards : districts;

  const submit = async (values: FormData) => {
    const username = text(values, 'username');
    const password = String(values.get('password') ?? '');
    const wrong = checkAccount(username, password);
    if (wrong) {
      document.getElementById(wrong)?.focus();
      throw new FormProblem(wrong, t(wrong === 'username' ? 'accounts.problem.username' : 'accounts.problem.password', { min: MIN_PASSWORD }));
    }
    const scopeId = text(values, 'scopeId');
    const account = (await gql<{ createAccount: { username: string } }>(CREATE, { r: role, s: scopeId, u: username, p: password })).createAccount;
    setCreated({ username: account.username, role, unit: units.find((u) => u.value === scopeId)?.label ?? scopeId });
    // A new form: the next account starts from empty fields, and the password typed is not left on screen.
    setFormKey(formKey + 1);
  };

  return (
    <main id="main" class="page campaigns">
      <p>
        <a href={hrefWith({ accounts: undefined })} onClick={onLocalLink}>{t('campaigns.backToList')}</a>
      </p>
      <h1>{t('accounts.title')}</h1>
      <p class="lead">{t('accounts.lead')}</p>
      <Problem error={error} />
      {!tree && !error && <p>{t('common.loading')}</p>}
      {created && (
        <p class="status ok" role="status">
          {t('accounts.created', { username: created.username, role: t(`role.${created.role}` as MessageKey), unit: created.unit })}
        </p>
      )}
      {tree && roles.length === 0 && <p>{t('accounts.nothingBelow')}</p>}
      {tree && roles.length > 0 && (
        <SubmitForm key={formKey} class="account-form" noValidate label={t('accounts.title')} submit={t('accounts.submit')} onSubmit={submit}>
          {roles.length > 1 && (
            <SelectField id="role" label={t('field.role')} value={role} onChange={(e) => setRole(e.currentTarget.value as StaffRole)}
              options={roles.map((r) => ({ value: r, label: t(`accounts.role.${r}` as MessageKey) }))} />
          )}
          <SelectField id="scopeId" label={t(role === 'OFFICIAL' ? 'accounts.ward' : 'accounts.district')} options={units} />
          <Field id="username" label={t('field.username')} hint={t('accounts.usernameHint')} autocomplete="off" autocapitalize="none" spellcheck={false} />
          <Field id="password" label={t('field.password')} hint={t('accounts.passwordHint', { min: MIN_PASSWORD })} type="password" autocomplete="new-password" />
        </SubmitForm>
      )}
    </main>
  );
}
