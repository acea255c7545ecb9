import { render } from 'preact';
import { Header } from '../components/Header';
import { I18nProvider } from '../i18n/context';
import { Explorer } from './Explorer';
import '../styles.css';

render(
  <I18nProvider titleKey="explorer.title">
    <Header current="explorer" />
    <Explorer />
  </I18nProvider>,
  document.getElementById('app')!,
);
