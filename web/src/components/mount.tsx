import { render, type VNode } from 'preact';
import { I18nProvider } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { Header, type Page } from './Header';
import '../styles.css';

/** Every desktop page: the language provider, the shared header, then the page itself. */
export function mountPage(titleKey: MessageKey, current: Page, page: VNode): void {
  render(
    <I18nProvider titleKey={titleKey}>
      <Header current={current} />
      {page}
    </I18nProvider>,
    document.getElementById('app')!,
  );
}
