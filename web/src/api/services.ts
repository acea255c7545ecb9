import type { Channel, Outcome, Procedure, Service } from './schema.generated';

// The choices the volunteer's log form offers, in the order it shows them.
export const CHANNELS: readonly Channel[] = ['DOOR_TO_DOOR', 'ONE_STOP_DESK', 'COMMUNITY_POINT'];
export const OUTCOMES: readonly Outcome[] = ['DONE', 'FOLLOW_UP'];
export const PROCEDURES: readonly Procedure[] = [
  'MARITAL_STATUS',
  'BIRTH_REGISTRATION',
  'CERTIFIED_COPY',
  'CONSTRUCTION_PERMIT',
  'JOB_APPLICATION',
  'OTHER',
];
/** The one service whose record must name its procedure (HelpInput.procedure). */
export const ONLINE_APPLICATION = 'online-application';

/** The name of a service in the reader's language; the code when the catalogue lacks it. */
export function serviceName(services: readonly Service[], code: string, lang: string): string {
  const service = services.find((s) => s.code === code);
  if (!service) return code;
  return lang === 'en' && service.nameEn ? service.nameEn : service.name;
}
