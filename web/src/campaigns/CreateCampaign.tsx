import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { serviceName } from '../api/services';
import type { Service } from '../api/schema.generated';
import { Field, FieldProblem, FormProblem, SubmitForm, text } from '../components/Form';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { go, hrefWith, onLocalLink } from '../url';
import { addService, checkDraft, wardGroups, type CampaignDraft, type DraftField, type DraftProblem, type ServiceDraft, type WardGroup } from './plan';
import { Problem } from './Problem';
import { useOrganiserTree } from './useOrganiserTree';

const CREATE = `mutation Create($input: CampaignInput!) { createCampaign(input: $input) { id } }`;

const PROBLEM_KEYS: Record<DraftProblem, MessageKey> = {
  required: 'campaigns.problem.required',
  tooLong: 'campaigns.problem.tooLong',
  endBeforeStart: 'campaigns.problem.endBeforeStart',
  noWard: 'campaigns.problem.noWard',
  noService: 'campaigns.problem.noService',
};
const FIELD_ORDER: DraftField[] = ['name', 'date', 'startsAt', 'endsAt', 'wardIds', 'services'];

/** A new campaign day: its name and hours, its wards picked from the organiser's tree, and its service catalogue. */
export function CreateCampaign() {
  const { t, lang } = useI18n();
  const { tree, error: treeError } = useOrganiserTree();
  const [services, setServices] = useState<ServiceDraft[] | undefined>();
  const [catalogueError, setCatalogueError] = useState<unknown>();
  const [wardIds, setWardIds] = useState<string[]>([]);
  const [newService, setNewService] = useState({ name: '', nameEn: '' });
  const [serviceNotice, setServiceNotice] = useState<MessageKey | undefined>();

  useEffect(() => {
    gql<{ serviceCatalogue: Service[] }>('query Catalogue { serviceCatalogue { code name nameEn } }').then(
      (d) => setServices(d.serviceCatalogue),
      setCatalogueError,
    );
  }, []);

  const groups = tree ? wardGroups(tree, lang) : undefined;

  const submit = async (values: FormData) => {
    const draft: CampaignDraft = {
      name: text(values, 'name'),
      date: text(values, 'date'),
      startsAt: text(values, 'startsAt'),
      endsAt: text(values, 'endsAt'),
      wardIds,
      services: services ?? [],
    };
    const problems = checkDraft(draft);
    const first = FIELD_ORDER.find((f) => problems[f]);
    if (first) {
      document.getElementById(first === 'wardIds' ? 'wards' : first === 'services' ? 'new-service' : first)?.focus();
      throw new FormProblem(first, t(PROBLEM_KEYS[problems[first]!], { field: t(`field.${first}`) }));
    }
    const created = await gql<{ createCampaign: { id: string } }>(CREATE, {
      input: {
        name: draft.name,
        date: draft.date,
        startsAt: `${draft.startsAt}:00`,
        endsAt: `${draft.endsAt}:00`,
        wardIds: draft.wardIds,
        services: draft.services,
        isPublic: values.get('isPublic') === 'on',
      },
    });
    go({ new: undefined, campaign: created.createCampaign.id });
  };

  const add = () => {
    const next = services && addService(services, newService.name, newService.nameEn);
    if (!next) return setServiceNotice('campaigns.service.invalid');
    setServices(next);
    setNewService({ name: '', nameEn: '' });
    setServiceNotice('campaigns.service.added');
  };

  return (
    <main id="main" class="page campaigns">
      <p>
        <a href={hrefWith({ new: undefined })} onClick={onLocalLink}>{t('campaigns.backToList')}</a>
      </p>
      <h1>{t('campaigns.new.title')}</h1>
      <Problem error={treeError ?? catalogueError} />
      {(!groups || !services) && !treeError && !catalogueError && <p>{t('common.loading')}</p>}
      {groups && services && (
        <SubmitForm class="campaign-form" noValidate label={t('campaigns.new.title')} submit={t('campaigns.new.submit')} onSubmit={submit}>
          <Field id="name" label={t('campaigns.new.name')} hint={t('campaigns.new.nameHint')} maxLength={200} />
          <div class="form-row">
            <Field id="date" label={t('field.date')} type="date" />
            <Field id="startsAt" label={t('field.startsAt')} type="time" defaultValue="07:30" />
            <Field id="endsAt" label={t('field.endsAt')} type="time" defaultValue="17:00" />
          </div>
          <WardPicker groups={groups} chosen={wardIds} onChange={setWardIds} />

          <fieldset class="services" id="services" data-field="services" aria-describedby="services-error">
            <legend>{t('campaigns.new.services')}</legend>
            <p class="muted">{t('campaigns.new.servicesHint')}</p>
            <ul class="service-list">
              {services.map((s) => (
                <li key={s.code}>
                  <span>{serviceName(services, s.code, lang)}</span>
                  <button type="button" class="link" aria-label={t('campaigns.service.remove', { name: s.name })}
                    onClick={() => setServices(services.filter((x) => x.code !== s.code))}>
                    {t('campaigns.service.removeShort')}
                  </button>
                </li>
              ))}
            </ul>
            <FieldProblem id="services" field="services" />
            <div class="form-row add-service">
              <Field id="new-service" field="newService" label={t('campaigns.service.name')} required={false} value={newService.name}
                onInput={(e) => setNewService({ ...newService, name: e.currentTarget.value })}
                onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } }} />
              <Field id="new-service-en" field="newServiceEn" label={t('campaigns.service.nameEn')} required={false} value={newService.nameEn}
                onInput={(e) => setNewService({ ...newService, nameEn: e.currentTarget.value })}
                onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } }} />
              <button type="button" onClick={add}>{t('campaigns.service.add')}</button>
            </div>
            <p class="status" role="status">{serviceNotice && t(serviceNotice)}</p>
          </fieldset>

          <label class="inline">
            <input type="checkbox" name="isPublic" /> {t('campaigns.new.isPublic')}
          </label>
        </SubmitForm>
      )}
    </main>
  );
}

/** Wards by district, each district with a box that picks all its wards. */
function WardPicker({ groups, chosen, onChange }: { groups: WardGroup[]; chosen: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useI18n();
  const toggle = (ids: string[], on: boolean) => onChange(on ? [...new Set([...chosen, ...ids])] : chosen.filter((id) => !ids.includes(id)));
  return (
    <fieldset class="wards" id="wards" tabIndex={-1} data-field="wardIds" aria-describedby="wards-error">
      <legend>{t('campaigns.new.wards', { count: chosen.length })}</legend>
      {groups.length === 0 && <p class="muted">{t('campaigns.new.noWards')}</p>}
      {groups.map((group) => {
        const ids = group.wards.map((w) => w.id);
        const picked = ids.filter((id) => chosen.includes(id)).length;
        return (
          <div class="ward-group" key={group.id}>
            <label class="inline select-all">
              <input
                type="checkbox"
                checked={picked > 0 && picked === ids.length}
                ref={(box) => {
                  if (box) box.indeterminate = picked > 0 && picked < ids.length;
                }}
                disabled={ids.length === 0}
                onChange={(e) => toggle(ids, e.currentTarget.checked)}
              />{' '}
              {t('campaigns.new.allWardsOf', { unit: group.name, count: ids.length })}
            </label>
            <ul class="ward-list">
              {group.wards.map((w) => (
                <li key={w.id}>
                  <label class="inline">
                    <input type="checkbox" checked={chosen.includes(w.id)} onChange={(e) => toggle([w.id], e.currentTarget.checked)} /> {w.name}
                  </label>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <FieldProblem id="wards" field="wardIds" />
    </fieldset>
  );
}
