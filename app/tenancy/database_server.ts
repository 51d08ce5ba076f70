import type pg from 'pg'
import type { AdminConnections } from '#tenancy/admin_connections'
import type { DatabaseServerSettings } from '#tenancy/connection_manager'
import { DatabaseNotOwnedException } from '#tenancy/exceptions'
import { assertSafeDatabaseName, quoteIdentifier } from '#tenancy/naming'

/** What to do about a database or role the platform does not own. */
const NOT_OWNED_ADVICE =
  'it may be a restored backup or belong to another installation, so it is left untouched. ' +
  'Check what it holds, then rename or drop it yourself, or give the tenant another database name'

/**
 * Databases and roles on a tenant's server, through its maintenance
 * database. It creates them with a mark and drops only what carries the
 * mark it is given (dropOwned, dropOwnedRole): there is no unguarded drop.
 */
export class DatabaseServer {
  constructor(
    protected settings: DatabaseServerSettings,
    /** Every client holds a slot of this budget while it is open. */
    protected admin: AdminConnections
  ) {}

  #session?: pg.Client

  #withClient<R>(fn: (client: pg.Client) => Promise<R>): Promise<R> {
    if (this.#session) return fn(this.#session)
    return this.admin.withClient({ ...this.settings, database: 'postgres' }, fn)
  }

  /**
   * Runs fn with every call of this server on one maintenance connection
   * (one slot, one backend) instead of one connection per call. fn must not
   * wait for a tenant connection meanwhile (maintenance slots never do).
   */
  async session<R>(fn: () => Promise<R>): Promise<R> {
    if (this.#session) return fn()
    return this.admin.withClient({ ...this.settings, database: 'postgres' }, async (client) => {
      this.#session = client
      try {
        return await fn()
      } finally {
        this.#session = undefined
      }
    })
  }

  async exists(name: string) {
    return this.#withClient(async (client) => {
      const result = await client.query('select 1 from pg_database where datname = $1', [name])
      return (result.rowCount ?? 0) > 0
    })
  }

  /**
   * Creates an unmarked database (the landlord's, in dev and test). Tenant
   * databases are made by createOwned.
   */
  async create(name: string) {
    assertSafeDatabaseName(name)
    await this.#withClient((client) => client.query(`create database ${quoteIdentifier(name)}`))
  }

  /**
   * The comment on a database (the platform writes its mark there): null when
   * it has none, undefined when the database does not exist.
   */
  async markOf(name: string): Promise<string | null | undefined> {
    return this.#withClient(async (client) => {
      const result = await client.query<{ mark: string | null }>(
        `select shobj_description(oid, 'pg_database') as mark from pg_database where datname = $1`,
        [name]
      )
      return result.rows[0] ? result.rows[0].mark : undefined
    })
  }

  /**
   * The comment on a role: null when it has none, undefined when no such role.
   */
  async roleMarkOf(name: string): Promise<string | null | undefined> {
    return this.#withClient(async (client) => {
      const result = await client.query<{ mark: string | null }>(
        `select shobj_description(oid, 'pg_authid') as mark from pg_roles where rolname = $1`,
        [name]
      )
      return result.rows[0] ? result.rows[0].mark : undefined
    })
  }

  /**
   * Owner, mark and whether PUBLIC may connect; undefined when no such database.
   */
  async ownershipOf(name: string) {
    return this.#withClient(async (client) => {
      const result = await client.query<{
        owner: string
        mark: string | null
        publicConnect: boolean
      }>(
        `select pg_get_userbyid(datdba) as owner,
                shobj_description(oid, 'pg_database') as mark,
                has_database_privilege('public', oid, 'CONNECT') as "publicConnect"
           from pg_database where datname = $1`,
        [name]
      )
      return result.rows[0]
    })
  }

  /**
   * Throws DatabaseNotOwnedException unless the database is absent or carries `mark`.
   */
  async assertOwned(name: string, mark: string) {
    const found = await this.markOf(name)
    if (found !== undefined && found !== mark) {
      throw new DatabaseNotOwnedException(
        `Database "${name}" already exists and does not carry this tenant's mark ` +
          `(${found ? `it is marked "${found}"` : 'it has no mark'}): ${NOT_OWNED_ADVICE}`
      )
    }
  }

  /**
   * Throws DatabaseNotOwnedException unless the role is absent or carries `mark`.
   */
  async assertRoleOwned(name: string, mark: string) {
    const found = await this.roleMarkOf(name)
    if (found !== undefined && found !== mark) {
      throw new DatabaseNotOwnedException(
        `Role "${name}" already exists and does not carry this tenant's mark ` +
          `(${found ? `it is marked "${found}"` : 'it has no mark'}): ${NOT_OWNED_ADVICE}`
      )
    }
  }

  /**
   * Creates a login role carrying `mark`, or gives a new password (when one
   * is given) to one that already carries it, and makes the connected
   * (landlord) role a member so it may create databases owned by it, alter
   * and drop them. The role gets no other power.
   */
  async ensureRole(name: string, options: { password?: string; mark: string }) {
    assertSafeDatabaseName(name)
    await this.assertRoleOwned(name, options.mark)
    const role = quoteIdentifier(name)
    await this.#withClient(async (client) => {
      const exists = await client.query('select 1 from pg_roles where rolname = $1', [name])
      if (!exists.rowCount) {
        if (options.password === undefined) throw new Error(`Role "${name}" needs a password`)
        await client.query(
          `create role ${role} with login nosuperuser nocreatedb nocreaterole ` +
            `noreplication nobypassrls password ${client.escapeLiteral(options.password)}`
        )
        await client.query(`comment on role ${role} is ${client.escapeLiteral(options.mark)}`)
      } else if (options.password !== undefined) {
        await client.query(
          `alter role ${role} with login password ${client.escapeLiteral(options.password)}`
        )
      }
      // PG15 does not make the creator a member; PG16+ does, but without SET, which CREATE DATABASE ... OWNER needs.
      await client.query(`grant ${role} to current_user`)
    })
  }

  /**
   * Creates a database owned by `owner` (a copy of `template` when given),
   * marks it, and lets only its owner connect. A database whose mark could
   * not be written is dropped again.
   */
  async createOwned(name: string, options: { owner: string; mark: string; template?: string }) {
    assertSafeDatabaseName(name)
    assertSafeDatabaseName(options.owner)
    if (options.template) assertSafeDatabaseName(options.template)
    const database = quoteIdentifier(name)
    const owner = quoteIdentifier(options.owner)
    const template = options.template ? ` template ${quoteIdentifier(options.template)}` : ''
    await this.#withClient(async (client) => {
      await client.query(`create database ${database}${template} owner ${owner}`)
      try {
        await client.query(
          `comment on database ${database} is ${client.escapeLiteral(options.mark)}`
        )
        await client.query(`revoke connect, temporary on database ${database} from public`)
        await client.query(`grant connect, temporary on database ${database} to ${owner}`)
      } catch (error) {
        await client.query(`drop database if exists ${database} with (force)`)
        throw error
      }
    })
  }

  /**
   * Makes an existing database (one a tenant already uses) the platform's:
   * owned by `owner`, marked, connectable only by its owner. Refuses a
   * database marked for another tenant. Objects inside are reassigned
   * separately (reassignObjects), connected to the database itself.
   */
  async adopt(name: string, options: { owner: string; mark: string }) {
    assertSafeDatabaseName(name)
    assertSafeDatabaseName(options.owner)
    const found = await this.markOf(name)
    if (found === undefined) throw new Error(`Database "${name}" does not exist`)
    // An unmarked database is adopted (the tenant row names it); another tenant's is refused.
    if (found !== null) await this.assertOwned(name, options.mark)
    const database = quoteIdentifier(name)
    const owner = quoteIdentifier(options.owner)
    await this.#withClient(async (client) => {
      await client.query(`alter database ${database} owner to ${owner}`)
      await client.query(`comment on database ${database} is ${client.escapeLiteral(options.mark)}`)
      await client.query(`revoke connect, temporary on database ${database} from public`)
      await client.query(`grant connect, temporary on database ${database} to ${owner}`)
    })
  }

  /**
   * Gives every object of the database's own schemas (tables, views,
   * sequences, types, functions, schemas) to `owner`. Extension members and
   * sequences owned by a column follow their extension or table. Unlike
   * REASSIGN OWNED it leaves shared objects (other databases) alone.
   * Returns how many objects changed owner.
   */
  async reassignObjects(name: string, owner: string) {
    assertSafeDatabaseName(name)
    assertSafeDatabaseName(owner)
    return this.admin.withClient({ ...this.settings, database: name }, async (client) => {
      const result = await client.query<{ statement: string }>(REASSIGN_STATEMENTS, [owner])
      // One round trip and one commit (a multi-statement query is one implicit transaction).
      if (result.rows.length > 0) {
        await client.query(result.rows.map(({ statement }) => statement).join(';\n'))
      }
      return result.rows.length
    })
  }

  /**
   * Replaces a database's mark, only while it carries `expected` (the
   * check and the change on one connection). Throws otherwise.
   */
  async remark(name: string, expected: string, mark: string) {
    assertSafeDatabaseName(name)
    await this.#withClient(async (client) => {
      const found = await client.query<{ mark: string | null }>(
        `select shobj_description(oid, 'pg_database') as mark from pg_database where datname = $1`,
        [name]
      )
      if (found.rows[0]?.mark !== expected) {
        throw new DatabaseNotOwnedException(
          `Database "${name}" no longer carries the mark "${expected}"; it was left as it is`
        )
      }
      await client.query(
        `comment on database ${quoteIdentifier(name)} is ${client.escapeLiteral(mark)}`
      )
    })
  }

  /**
   * Ends every other session on a database (its owner's members may).
   * Returns how many were ended.
   */
  async terminateSessions(name: string) {
    return this.#withClient(async (client) => {
      const result = await client.query<{ ended: boolean }>(
        `select pg_terminate_backend(pid) as ended from pg_stat_activity
          where datname = $1 and pid <> pg_backend_pid()`,
        [name]
      )
      return result.rows.filter((row) => row.ended).length
    })
  }

  /**
   * Drops a database only if it carries `mark`, disconnecting anyone still
   * connected. Returns false when there was no such database; throws
   * DatabaseNotOwnedException (and drops nothing) for any other database.
   */
  async dropOwned(name: string, mark: string) {
    assertSafeDatabaseName(name)
    const found = await this.markOf(name)
    if (found === undefined) return false
    await this.assertOwned(name, mark)
    await this.#withClient((client) =>
      client.query(`drop database if exists ${quoteIdentifier(name)} with (force)`)
    )
    return true
  }

  /**
   * Drops a role only if it carries `mark`. Returns false when there was no
   * such role; throws DatabaseNotOwnedException for any other role.
   */
  async dropOwnedRole(name: string, mark: string) {
    assertSafeDatabaseName(name)
    const found = await this.roleMarkOf(name)
    if (found === undefined) return false
    await this.assertRoleOwned(name, mark)
    await this.#withClient((client) => client.query(`drop role if exists ${quoteIdentifier(name)}`))
    return true
  }

  /**
   * Names of roles starting with a prefix (for cleanup and audits).
   */
  async listRoles(prefix: string) {
    return this.#withClient(async (client) => {
      const result = await client.query<{ rolname: string }>(
        `select rolname from pg_roles where rolname like $1 order by rolname`,
        [`${prefix.replaceAll('_', '\\_')}%`]
      )
      return result.rows.map((row) => row.rolname)
    })
  }

  /**
   * Names of databases starting with a prefix (for cleanup and audits).
   */
  async list(prefix: string) {
    return this.#withClient(async (client) => {
      const result = await client.query<{ datname: string }>(
        `select datname from pg_database where datname like $1 order by datname`,
        [`${prefix.replaceAll('_', '\\_')}%`]
      )
      return result.rows.map((row) => row.datname)
    })
  }
}

/**
 * ALTER ... OWNER statements for every object of the current database's own
 * schemas not yet owned by $1.
 */
const REASSIGN_STATEMENTS = `
  with own_schemas as (
    select oid, nspname, nspowner from pg_namespace
     where nspname not in ('pg_catalog', 'information_schema')
       and nspname not like 'pg\\_toast%' and nspname not like 'pg\\_temp%'
  ),
  extension_members as (
    select classid, objid from pg_depend where deptype = 'e'
  ),
  target as (select oid from pg_roles where rolname = $1)
  select format('alter schema %I owner to %I', s.nspname, $1) as statement
    from own_schemas s
   where s.nspowner <> (select oid from target)
     and s.nspowner <> 'pg_database_owner'::regrole
     and s.oid not in (select objid from extension_members where classid = 'pg_namespace'::regclass)
  union all
  select format(
           case c.relkind
             when 'S' then 'alter sequence %I.%I owner to %I'
             when 'v' then 'alter view %I.%I owner to %I'
             when 'm' then 'alter materialized view %I.%I owner to %I'
             when 'f' then 'alter foreign table %I.%I owner to %I'
             else 'alter table %I.%I owner to %I'
           end, s.nspname, c.relname, $1)
    from pg_class c join own_schemas s on s.oid = c.relnamespace
   where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
     and c.relowner <> (select oid from target)
     and c.oid not in (select objid from extension_members where classid = 'pg_class'::regclass)
     and not (c.relkind = 'S' and exists (
       select 1 from pg_depend d
        where d.classid = 'pg_class'::regclass and d.objid = c.oid
          and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')))
  union all
  select format('alter type %I.%I owner to %I', s.nspname, t.typname, $1)
    from pg_type t join own_schemas s on s.oid = t.typnamespace
   where (t.typtype in ('e', 'd', 'r')
          or (t.typtype = 'c' and (select relkind from pg_class where oid = t.typrelid) = 'c'))
     and t.typowner <> (select oid from target)
     and t.oid not in (select objid from extension_members where classid = 'pg_type'::regclass)
  union all
  select format('alter routine %s owner to %I', p.oid::regprocedure, $1)
    from pg_proc p join own_schemas s on s.oid = p.pronamespace
   where p.proowner <> (select oid from target)
     and p.oid not in (select objid from extension_members where classid = 'pg_proc'::regclass)
`
