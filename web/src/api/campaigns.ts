import type { Campaign, Unit } from './schema.generated';

export type CampaignSummary = Pick<Campaign, 'id' | 'name' | 'date' | 'status' | 'isPublic'>;

/** A unit or team as a list shows it. */
export type Named = Pick<Unit, 'id' | 'name'>;

/** The campaigns the caller may see (the server filters them), as a selection other queries can include. */
export const CAMPAIGNS_FIELD = 'campaigns { id name date status isPublic }';
export const CAMPAIGNS_QUERY = `query Campaigns { ${CAMPAIGNS_FIELD} }`;
