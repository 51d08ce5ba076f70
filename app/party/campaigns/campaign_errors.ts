/**
 * A campaign rule refused the input: `code` names the message
 * (`campaigns.errors.<code>`), `field` the form field it belongs to.
 */
export class CampaignRuleError extends Error {
  constructor(
    public readonly code: string,
    public readonly field: string,
    public readonly params: Record<string, unknown> = {}
  ) {
    super(`${field}: ${code}`)
  }
}

/** PostgreSQL's unique-violation error for the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string) {
  const { code, constraint: name } = error as { code?: string; constraint?: string }
  return code === '23505' && name === constraint
}
