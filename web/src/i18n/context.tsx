import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { initialLang, loadLang, rememberLang, translate, type Lang, type MessageKey, type Params } from './index';

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Params) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ titleKey, children }: { titleKey: MessageKey; children: ComponentChildren }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    rememberLang(next);
    setLangState(next);
  }, []);
  const [loaded, setLoaded] = useState<Lang>('vi');
  useEffect(() => {
    // Offline before English was ever fetched, the texts stay in Vietnamese until the network returns.
    loadLang(lang).then(
      () => setLoaded(lang),
      () => undefined,
    );
  }, [lang]);
  // A new t once the catalogue has arrived, so every text drawn in the fallback is drawn again.
  const t = useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang, loaded]);

  useEffect(() => {
    // Screen readers pick their voice from the lang attribute, so it must follow the switch.
    document.documentElement.lang = lang;
    document.title = t(titleKey);
  }, [lang, t, titleKey]);

  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n needs an I18nProvider above it');
  return value;
}
