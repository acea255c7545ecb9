import { useEffect, useState } from 'preact/hooks';
import { session, type Session } from '../api/session';

/** The current session, re-rendering on sign-in, refresh and sign-out (in this tab or another). */
export function useSession(): Session | undefined {
  const [current, setCurrent] = useState(() => session.current());
  useEffect(() => session.onChange(setCurrent), []);
  return current;
}
