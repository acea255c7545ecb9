import { LangSwitch } from '../components/Header';

/** The phone app's only chrome: who is using it, and the language switch within thumb reach. */
export function PhoneHeader({ title, subtitle }: { title: string; subtitle?: string }) {
  return (
    <header class="phone-header">
      <div>
        <strong>{title}</strong>
        {subtitle && <small>{subtitle}</small>}
      </div>
      <LangSwitch />
    </header>
  );
}
