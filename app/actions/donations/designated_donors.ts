import tenancy from '#tenancy/services/tenancy'
import { recordAudit, type AuditActor } from '#party/audit/audit_trail'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'
import { isValidPan } from '#party/donations/donation_rules'
import {
  isValidCitizenshipNumber,
  normalizeCitizenshipNumber,
} from '#party/identity/citizenship_number'
import type { DonationProblem } from '#actions/donations/record_donation'

export interface DesignatedDonorInput {
  name: unknown
  pan?: unknown
  citizenshipNumber?: unknown
  ecReference?: unknown
  notes?: unknown
}

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().replace(/\s+/g, ' ') : null

/**
 * Adds a donor the Election Commission has designated (Political Parties Act
 * 2073 s.38(2)(h)) to the party's list; recordDonation refuses donations
 * from them, matching by PAN, citizenship number, or by name when the
 * Commission gave no identifier. Audited in the same transaction.
 */
export async function addDesignatedDonor(
  input: DesignatedDonorInput,
  actor: AuditActor
): Promise<{ ok: true; id: number } | { ok: false; problems: DonationProblem[] }> {
  const problems: DonationProblem[] = []
  const name = text(input.name)
  const rawPan = text(input.pan)
  const pan = rawPan === null ? null : fromDevanagariDigits(rawPan)
  const rawCitizenship = text(input.citizenshipNumber)
  const citizenshipNumber =
    rawCitizenship === null ? null : normalizeCitizenshipNumber(rawCitizenship)
  const ecReference = text(input.ecReference)
  const notes = text(input.notes)

  if (!name || !/\p{L}/u.test(name)) problems.push({ code: 'name_required', field: 'name' })
  else if (name.length > 200)
    problems.push({ code: 'text_too_long', field: 'name', params: { max: 200 } })
  if (pan !== null && !isValidPan(pan)) problems.push({ code: 'invalid_pan', field: 'pan' })
  if (citizenshipNumber !== null && !isValidCitizenshipNumber(citizenshipNumber)) {
    problems.push({ code: 'invalid_citizenship_number', field: 'citizenship_number' })
  }
  if (ecReference && ecReference.length > 200) {
    problems.push({ code: 'text_too_long', field: 'ec_reference', params: { max: 200 } })
  }
  if (notes && notes.length > 1000) {
    problems.push({ code: 'text_too_long', field: 'notes', params: { max: 1000 } })
  }
  if (problems.length > 0 || !name) return { ok: false, problems }

  const values = {
    name,
    pan,
    citizenship_number: citizenshipNumber,
    ec_reference: ecReference,
    notes,
  }
  const id = await tenancy.db().transaction(async (trx) => {
    const [row] = await trx
      .insertQuery()
      .table('designated_prohibited_donors')
      .insert(values)
      .returning('id')
    await recordAudit(trx, actor, {
      action: 'created',
      auditableType: 'designated_prohibited_donors',
      auditableId: row.id,
      newValues: values,
    })
    return row.id as number
  })
  return { ok: true, id }
}

/** Removes a donor from the designated list (the Commission lifted it). Audited. */
export async function removeDesignatedDonor(id: number, actor: AuditActor): Promise<boolean> {
  return tenancy.db().transaction(async (trx) => {
    const row = await trx
      .from('designated_prohibited_donors')
      .where('id', id)
      .forUpdate()
      .select('id', 'name', 'pan', 'citizenship_number', 'ec_reference', 'notes')
      .first()
    if (!row) return false
    await trx.from('designated_prohibited_donors').where('id', id).delete()
    await recordAudit(trx, actor, {
      action: 'deleted',
      auditableType: 'designated_prohibited_donors',
      auditableId: id,
      oldValues: row,
    })
    return true
  })
}
