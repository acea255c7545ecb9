import type { RefObject } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { useI18n } from '../i18n/context';
import {
  buildSkeleton,
  indexSchema,
  loadSchema,
  namedType,
  typeToString,
  type Field,
  type FullType,
  type InputValue,
  type OperationKind,
  type Schema,
  type TypeRef,
} from './schema';

type Load = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; schema: Schema };

interface Props {
  onInsert: (fieldLabel: string, query: string, variables: Record<string, unknown>) => void;
}

export function SchemaBrowser({ onInsert }: Props) {
  const { t } = useI18n();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [selected, setSelected] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const typeHeading = useRef<HTMLHeadingElement>(null);

  const fetchSchema = useCallback(() => {
    setLoad({ kind: 'loading' });
    loadSchema((query) => gql(query))
      .then((r) => setLoad({ kind: 'ready', schema: indexSchema(r) }))
      .catch((e: Error) => setLoad({ kind: 'failed', message: e.message }));
  }, []);

  useEffect(fetchSchema, [fetchSchema]);

  // Moving focus to the opened type lets keyboard and screen-reader users follow the jump.
  useEffect(() => {
    if (selected) typeHeading.current?.focus();
  }, [selected]);

  const showType = useCallback((name: string) => setSelected(name), []);

  let body;
  if (load.kind === 'loading') {
    body = <p role="status">{t('explorer.schema.loading')}</p>;
  } else if (load.kind === 'failed') {
    body = (
      <div role="alert">
        <p class="status error">{t('explorer.schema.error', { message: load.message })}</p>
        <button type="button" onClick={fetchSchema}>
          {t('explorer.schema.retry')}
        </button>
      </div>
    );
  } else {
    const type = selected ? load.schema.types.get(selected) : undefined;
    body = type ? (
      <TypeView type={type} onShowType={showType} onBack={() => setSelected(null)} headingRef={typeHeading} />
    ) : (
      <RootsView schema={load.schema} filter={filter} setFilter={setFilter} onShowType={showType} onInsert={onInsert} />
    );
  }

  return (
    <section class="schema" aria-labelledby="schema-heading">
      <h2 id="schema-heading">{t('explorer.schema')}</h2>
      {body}
    </section>
  );
}

function TypeLink({ type, onShowType }: { type: TypeRef; onShowType: (name: string) => void }) {
  const { t } = useI18n();
  const name = namedType(type);
  return (
    <button type="button" class="link type-name" onClick={() => onShowType(name)} aria-label={t('explorer.schema.showType', { type: typeToString(type) })}>
      {typeToString(type)}
    </button>
  );
}

function Args({ args, onShowType }: { args: InputValue[]; onShowType: (name: string) => void }) {
  if (args.length === 0) return null;
  return (
    <span class="args">
      (
      {args.map((a, i) => (
        <span key={a.name}>
          {i > 0 && ', '}
          <span class="arg-name">{a.name}</span>: <TypeLink type={a.type} onShowType={onShowType} />
        </span>
      ))}
      )
    </span>
  );
}

function RootsView(props: {
  schema: Schema;
  filter: string;
  setFilter: (value: string) => void;
  onShowType: (name: string) => void;
  onInsert: Props['onInsert'];
}) {
  const { t } = useI18n();
  const { schema, filter, setFilter, onShowType, onInsert } = props;
  const needle = filter.trim().toLowerCase();
  const matches = (name: string) => !needle || name.toLowerCase().includes(needle);

  const allTypes = useMemo(
    () => [...schema.types.values()].filter((ty) => !ty.name.startsWith('__')).sort((a, b) => a.name.localeCompare(b.name)),
    [schema],
  );

  const insert = (kind: OperationKind, field: Field) => {
    const { query, variables } = buildSkeleton(schema, kind, field);
    onInsert(field.name, query, variables);
  };

  return (
    <>
      <p class="hint">{t('explorer.schema.insertHint')}</p>
      <label for="schema-filter">{t('explorer.schema.filter')}</label>
      <input id="schema-filter" type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
      {schema.roots.map(({ kind, type }) => {
        const fields = (type.fields ?? []).filter((f) => matches(f.name));
        return (
          <div key={kind} class="root">
            <h3>
              <button type="button" class="link" onClick={() => onShowType(type.name)}>
                {type.name}
              </button>
            </h3>
            {fields.length === 0 ? (
              <p class="hint">{t('explorer.schema.none')}</p>
            ) : (
              <ul class="fields">
                {fields.map((f) => (
                  <li key={f.name} title={f.description ?? undefined}>
                    <button
                      type="button"
                      class="link field-name"
                      onClick={() => insert(kind, f)}
                      aria-label={t('explorer.schema.insert', { field: `${type.name}.${f.name}` })}
                    >
                      {f.name}
                    </button>
                    <Args args={f.args} onShowType={onShowType} />: <TypeLink type={f.type} onShowType={onShowType} />
                    {f.isDeprecated && <span class="badge">{t('explorer.schema.deprecated')}</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
      <details class="all-types">
        <summary>{t('explorer.schema.allTypes')}</summary>
        <ul class="fields">
          {allTypes
            .filter((ty) => matches(ty.name))
            .map((ty) => (
              <li key={ty.name}>
                <button type="button" class="link type-name" onClick={() => onShowType(ty.name)}>
                  {ty.name}
                </button>{' '}
                <span class="kind">{ty.kind}</span>
              </li>
            ))}
        </ul>
      </details>
    </>
  );
}

function TypeView(props: {
  type: FullType;
  onShowType: (name: string) => void;
  onBack: () => void;
  headingRef: RefObject<HTMLHeadingElement>;
}) {
  const { t } = useI18n();
  const { type, onShowType, onBack, headingRef } = props;
  return (
    <div class="type-view">
      <button type="button" onClick={onBack}>
        ← {t('explorer.schema.back')}
      </button>
      <h3 ref={headingRef} tabIndex={-1}>
        {type.name} <span class="kind">{type.kind}</span>
      </h3>
      {type.description && <p class="description">{type.description}</p>}

      {type.fields && (
        <>
          <h4>{t('explorer.schema.fields')}</h4>
          <ul class="fields">
            {type.fields.map((f) => (
              <li key={f.name}>
                <span class="field-name">{f.name}</span>
                <Args args={f.args} onShowType={onShowType} />: <TypeLink type={f.type} onShowType={onShowType} />
                {f.isDeprecated && <span class="badge">{t('explorer.schema.deprecated')}</span>}
                {f.description && <div class="description">{f.description}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
      {type.inputFields && (
        <>
          <h4>{t('explorer.schema.inputFields')}</h4>
          <ul class="fields">
            {type.inputFields.map((f) => (
              <li key={f.name}>
                <span class="field-name">{f.name}</span>: <TypeLink type={f.type} onShowType={onShowType} />
                {f.description && <div class="description">{f.description}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
      {type.enumValues && (
        <>
          <h4>{t('explorer.schema.values')}</h4>
          <ul class="fields">
            {type.enumValues.map((v) => (
              <li key={v.name}>
                <code>{v.name}</code>
                {v.isDeprecated && <span class="badge">{t('explorer.schema.deprecated')}</span>}
                {v.description && <div class="description">{v.description}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
      {type.possibleTypes && type.possibleTypes.length > 0 && (
        <>
          <h4>{t('explorer.schema.possibleTypes')}</h4>
          <ul class="fields">
            {type.possibleTypes.map((p) => (
              <li key={p.name}>
                <button type="button" class="link type-name" onClick={() => onShowType(p.name)}>
                  {p.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
