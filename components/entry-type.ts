import type { EntryType } from '@/lib/model';
import { t, type MessageKey } from '@/lib/i18n';

/** The message for each entry type; a Record, so a new type without a label is a compile error. */
const ENTRY_TYPE_KEYS: Record<EntryType, MessageKey> = {
  person: 'entryTypePerson',
  organisation: 'entryTypeOrganisation',
  mission: 'entryTypeMission',
  agreement: 'entryTypeAgreement',
  place: 'entryTypePlace',
  institution: 'entryTypeInstitution',
  party: 'entryTypeParty',
  event: 'entryTypeEvent',
  concept: 'entryTypeConcept',
};

/** "Person", "Organisation"… in the reader's language. */
export function entryTypeLabel(type: EntryType): string {
  return t(ENTRY_TYPE_KEYS[type]);
}
