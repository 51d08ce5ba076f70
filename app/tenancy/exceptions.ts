import { Exception } from '@adonisjs/core/exceptions'

/**
 * Tenant-scoped work was attempted with no tenant in context.
 */
export class MissingTenantContextException extends Exception {
  static status = 500
  static code = 'E_MISSING_TENANT_CONTEXT'
  constructor(what = 'a tenant model or connection') {
    super(
      `No tenant in context: ${what} can only be used inside tenancy.run(tenant, fn). ` +
        'Tenant code never falls back to the landlord database.'
    )
  }
}

/**
 * Every tenant connection slot stayed busy for the whole wait.
 */
export class TenantConnectionLimitException extends Exception {
  static status = 503
  static code = 'E_TENANT_CONNECTION_LIMIT'
}

/**
 * A party request met a table its database does not have yet: a module was
 * just added and its migrations are still queued or running.
 */
export class TenantSchemaPendingException extends Exception {
  static status = 503
  static code = 'E_TENANT_SCHEMA_PENDING'
}

/**
 * A slug or derived database name is not acceptable.
 */
export class InvalidTenantSlugException extends Exception {
  static status = 422
  static code = 'E_INVALID_TENANT_SLUG'
}

/**
 * A database or role exists under the name the platform wants, but does not
 * carry this tenant's mark: it may be a restored backup or another
 * installation's, so the platform neither drops nor reuses it.
 */
export class DatabaseNotOwnedException extends Exception {
  static status = 409
  static code = 'E_DATABASE_NOT_OWNED'
}

/**
 * Another provisioning of the same tenant holds the lock.
 */
export class TenantLockedException extends Exception {
  static status = 409
  static code = 'E_TENANT_LOCKED'
}

export type ProvisioningStage =
  | 'validate'
  | 'create_database'
  | 'basic'
  | 'template'
  | 'module'
  | 'custom'
  | 'seed'
  | 'snapshot'
  | 'finalize'

/**
 * Provisioning or migrating a tenant failed. Carries where it failed.
 */
export class TenantProvisioningException extends Exception {
  static status = 500
  static code = 'E_TENANT_PROVISIONING'

  constructor(
    message: string,
    public readonly details: {
      tenantId: number
      tenantSlug: string
      stage: ProvisioningStage
      migration?: string
      cause?: unknown
    }
  ) {
    super(message, { cause: details.cause })
  }

  /**
   * One line for the tenant's provisioning_error column and the CLI.
   */
  get summary() {
    const where = this.details.migration
      ? `stage ${this.details.stage}, migration ${this.details.migration}`
      : `stage ${this.details.stage}`
    return `${this.message} (${where})`
  }
}

/**
 * Database servers are registered, but none accepts new tenants or has room.
 */
export class NoDatabaseServerException extends Exception {
  static status = 503
  static code = 'E_NO_DATABASE_SERVER'
}

/**
 * A tenant:move was refused before anything changed (unknown or same
 * server, a server not accepting tenants, a tenant busy or not movable).
 */
export class TenantMoveRefusedException extends Exception {
  static status = 409
  static code = 'E_TENANT_MOVE_REFUSED'
}

export type MoveStage = 'prepare' | 'copy' | 'verify' | 'switch' | 'drop_source'

/**
 * A tenant:move failed after it started; the source database was kept and
 * what the move had created on the target was removed (see `cleanup`).
 */
export class TenantMoveException extends Exception {
  static status = 500
  static code = 'E_TENANT_MOVE'

  constructor(
    message: string,
    public readonly details: { stage: MoveStage; cleanup: string; cause?: unknown }
  ) {
    super(message, { cause: details.cause })
  }
}
