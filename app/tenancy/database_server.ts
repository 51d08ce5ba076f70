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
   * `client`: a connection already open to this server as the same role (an
   * advisory lock's, to another database: every call here is server-wide),
   * used instead of opening one; it stays open.
   */
  async session<R>(fn: () => Promise<R>, client?: pg.Client): Promise<R> {
    if (this.#session) return fn()
    const run = async (session: pg.Client) => {
      this.#session = session
      try {
        return await fn()
      } finally {
        this.#session = undefined
      }
    }
    if (client) return run(client)
    return this.admin.withClient({ ...this.settings, database: 'postgres' }, run)
  }

  /**
   * Whether a connection with these settings reaches this server as the same
   * role (it may then serve as session() client, whatever its database).
   */
  sameServerAndRole(settings: Pick<DatabaseServerSettings, 'host' | 'port' | 'user'>) {
    return (
      settings.host === this.settings.host &&
      settings.port === this.settings.port &&
      settings.user === this.settings.user
    )
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
   * The marks of a database and of a role in one round trip (each as
   * markOf and roleMarkOf give it: undefined when absent).
   */
  async marksOf(database: string, role: string) {
    return this.#withClient(async (client) => {
      const result = await client.query<{
        database: string | null
        databaseExists: boolean
        role: string | null
        roleExists: boolean
      }>(
        `select (select shobj_description(oid, 'pg_database') from pg_database where datname = $1) as database,
                exists (select 1 from pg_database where datname = $1) as "databaseExists",
                (select shobj_description(oid, 'pg_authid') from pg_roles where rolname = $2) as role,
                exists (select 1 from pg_roles where rolname = $2) as "roleExists"`,
        [database, role]
      )
      const row = result.rows[0]
      return {
        database: row.databaseExists ? row.database : undefined,
        role: row.roleExists ? row.role : undefined,
      }
    })
  }

  /**
   * Throws DatabaseNotOwnedException unless the database's mark (as markOf
   * gives it) is absent or `mark`.
   */
  checkMark(name: string, found: string | null | undefined, mark: string) {
    refuseUnlessMarked('Database', name, found, mark)
  }

  /**
   * Throws DatabaseNotOwnedException unless the role's mark (as roleMarkOf
   * gives it) is absent or `mark`.
   */
  checkRoleMark(name: string, found: string | null | undefined, mark: string) {
    refuseUnlessMarked('Role', name, found, mark)
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
    this.checkMark(name, await this.markOf(name), mark)
  }

  /**
   * Throws DatabaseNotOwnedException unless the role is absent or carries `mark`.
   */
  async assertRoleOwned(name: string, mark: string) {
    this.checkRoleMark(name, await this.roleMarkOf(name), mark)
  }

  /**
   * Creates a login role carrying `mark`, or gives a new password (when one
   * is given) to one that already carries it, and makes the connected
   * (landlord) role a member so it may create databases owned by it, alter
   * and drop them. The role gets no other power. `password` is the password
   * or its SCRAM verifier (scramVerifier). `found`: the role's mark as just
   * read (roleMarkOf, marksOf), so it is not read again.
   */
  async ensureRole(
    name: string,
    options: { password?: string; mark: string; found?: string | null | undefined }
  ) {
    assertSafeDatabaseName(name)
    const found = 'found' in options ? options.found : await this.roleMarkOf(name)
    this.checkRoleMark(name, found, options.mark)
    // A multi-statement query: one round trip, one transaction.
    await this.#withClient((client) =>
      client.query(roleStatements(client, name, { ...options, found }).join('; '))
    )
  }

  /**
   * Creates a role nobody logs in as (NOLOGIN), carrying `mark`, to own
   * objects (a golden database's), unless one carrying `mark` exists; makes
   * the connected role a member, so it may give objects to it and take them
   * back (REASSIGN OWNED). Refuses a role of that name without the mark.
   */
  async ensureOwnerRole(name: string, mark: string) {
    assertSafeDatabaseName(name)
    const role = quoteIdentifier(name)
    await this.#withClient(async (client) => {
      const found = await client.query<{ mark: string | null; login: boolean }>(
        `select shobj_description(oid, 'pg_authid') as mark, rolcanlogin as login
           from pg_roles where rolname = $1`,
        [name]
      )
      const existing = found.rows[0]
      if (existing && (existing.mark !== mark || existing.login)) {
        throw new DatabaseNotOwnedException(
          `Role "${name}" already exists and is not the platform's owner role ` +
            `(${existing.mark ? `it is marked "${existing.mark}"` : 'it has no mark'}): ${NOT_OWNED_ADVICE}`
        )
      }
      // Two processes building goldens of different sets may race here: the loser's
      // duplicate is the winner's role (created and marked in one transaction).
      if (!existing) {
        await client
          .query(
            `create role ${role} with nologin nosuperuser nocreatedb nocreaterole ` +
              `noreplication nobypassrls; ` +
              `comment on role ${role} is ${client.escapeLiteral(mark)}`
          )
          .catch(ignoreDuplicate)
      }
      await client.query(`grant ${role} to current_user`).catch(ignoreDuplicate)
    })
  }

  /**
   * Creates a database owned by `owner` (a copy of `template` when given),
   * marks it, and lets only its owner connect. It is created with
   * connections refused and opened in the transaction that revokes PUBLIC's
   * CONNECT, so no other role can reach a fresh copy (whose objects still
   * belong to the golden owner) even for a moment. A database whose mark
   * could not be written is dropped again.
   */
  async createOwned(
    name: string,
    options: {
      owner: string
      mark: string
      template?: string
      /**
       * Makes the owner role as ensureRole would (`found`: its mark as just read,
       * checked by the caller), in the same transaction as the database's mark:
       * the database is created by the connected role and then given to it,
       * one round trip and one commit fewer than ensureRole first.
       */
      role?: { password?: string; found: string | null | undefined; memberOf?: string }
    }
  ) {
    assertSafeDatabaseName(name)
    assertSafeDatabaseName(options.owner)
    if (options.template) assertSafeDatabaseName(options.template)
    if (options.role?.memberOf) assertSafeDatabaseName(options.role.memberOf)
    const database = quoteIdentifier(name)
    const owner = quoteIdentifier(options.owner)
    const template = options.template ? ` template ${quoteIdentifier(options.template)}` : ''
    await this.#withClient(async (client) => {
      const role = options.role
      // Nobody may connect until only its owner may: a new database lets PUBLIC connect.
      await client.query(
        `create database ${database}${template}${role ? '' : ` owner ${owner}`} allow_connections false`
      )
      try {
        // One round trip, one transaction (CREATE DATABASE itself cannot be in one).
        await client.query(
          [
            ...(role
              ? [
                  ...roleStatements(client, options.owner, { ...role, mark: options.mark }),
                  ...(role.memberOf ? [`grant ${quoteIdentifier(role.memberOf)} to ${owner}`] : []),
                  `alter database ${database} owner to ${owner}`,
                ]
              : []),
            `comment on database ${database} is ${client.escapeLiteral(options.mark)}`,
            `revoke connect, temporary on database ${database} from public`,
            `grant connect, temporary on database ${database} to ${owner}`,
            `alter database ${database} with allow_connections true`,
          ].join('; ')
        )
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
   * An owner that may not create in a schema the database owner holds (the
   * golden owner role in `public`) gets CREATE there for the changes only:
   * without it a non-superuser may not give it objects there.
   * Returns how many objects changed owner.
   */
  async reassignObjects(name: string, owner: string) {
    assertSafeDatabaseName(name)
    assertSafeDatabaseName(owner)
    return this.admin.withClient({ ...this.settings, database: name }, async (client) => {
      const result = await client.query<{ statement: string }>(REASSIGN_STATEMENTS, [owner])
      if (result.rows.length === 0) return 0
      const schemas = await client.query<{ schema: string }>(SCHEMAS_WITHOUT_CREATE, [owner])
      const role = quoteIdentifier(owner)
      const grants = schemas.rows.map(
        ({ schema }) => `grant create on schema ${quoteIdentifier(schema)} to ${role}`
      )
      const revokes = schemas.rows.map(
        ({ schema }) => `revoke create on schema ${quoteIdentifier(schema)} from ${role}`
      )
      // One round trip and one commit (a multi-statement query is one implicit transaction).
      await client.query(
        [...grants, ...result.rows.map(({ statement }) => statement), ...revokes].join(';\n')
      )
      return result.rows.length
    })
  }

  /**
   * Takes `member` out of `role` (a membership given for one operation).
   * Nothing to do when it is not a member.
   */
  async revokeMembership(member: string, role: string) {
    assertSafeDatabaseName(member)
    assertSafeDatabaseName(role)
    await this.#withClient((client) =>
      client.query(`revoke ${quoteIdentifier(role)} from ${quoteIdentifier(member)}`)
    )
  }

  /**
   * Replaces a database's mark, only while it carries `expected` (the
   * check and the change in one transaction on one connection). Throws
   * otherwise. `withRole`: the role of the same name gets the mark too (a
   * spare made ready).
   */
  async remark(name: string, expected: string, mark: string, options: { withRole?: boolean } = {}) {
    assertSafeDatabaseName(name)
    await this.#withClient(async (client) => {
      const literal = client.escapeLiteral(mark)
      await client.query('begin')
      try {
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
          [
            `comment on database ${quoteIdentifier(name)} is ${literal}`,
            ...(options.withRole ? [`comment on role ${quoteIdentifier(name)} is ${literal}`] : []),
          ].join('; ')
        )
        await client.query('commit')
      } catch (error) {
        // A connection that broke cannot roll back: the first error is the one to report.
        await client.query('rollback').catch(() => {})
        throw error
      }
    })
  }

  /**
   * Takes one ready spare database (and its role of the same name): the
   * first database starting with `prefix` whose database and role both
   * carry `spareMark` and that nobody is connected to. In one transaction,
   * serialized with other takes by an advisory lock (`lock`), it is renamed
   * to `database`, its role to `role` with a new password (a SCRAM
   * verifier), and both get `mark`. Returns the spare's name, or undefined
   * when none is ready (nothing changed).
   */
  async takeSpare(options: {
    prefix: string
    spareMark: string
    lock: [number, number]
    database: string
    role: string
    password: string
    mark: string
  }) {
    assertSafeDatabaseName(options.database)
    assertSafeDatabaseName(options.role)
    return this.#withClient(async (client) => {
      await client.query('begin')
      try {
        await client.query('select pg_advisory_xact_lock($1, $2)', options.lock)
        const found = await client.query<{ name: string }>(
          `select d.datname as name
             from pg_database d join pg_roles r on r.rolname = d.datname
            where d.datname like $1
              and shobj_description(d.oid, 'pg_database') = $2
              and shobj_description(r.oid, 'pg_authid') = $2
              and not exists (select 1 from pg_stat_activity a where a.datid = d.oid)
            order by d.datname
            limit 1`,
          [`${options.prefix.replaceAll('_', '\\_')}%`, options.spareMark]
        )
        const spare = found.rows[0]?.name
        if (!spare) {
          await client.query('rollback')
          return undefined
        }
        assertSafeDatabaseName(spare)
        const database = quoteIdentifier(options.database)
        const role = quoteIdentifier(options.role)
        const mark = client.escapeLiteral(options.mark)
        await client.query(
          [
            `alter database ${quoteIdentifier(spare)} rename to ${database}`,
            `alter role ${quoteIdentifier(spare)} rename to ${role}`,
            `alter role ${role} with login password ${client.escapeLiteral(options.password)}`,
            `comment on database ${database} is ${mark}`,
            `comment on role ${role} is ${mark}`,
          ].join('; ')
        )
        await client.query('commit')
        return spare
      } catch (error) {
        await client.query('rollback').catch(() => {})
        throw error
      }
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
   * Databases and roles whose names start with a prefix, in one query, each
   * with its comment (the mark, null without one): a database's own mark,
   * or a role's when there is no database of that name. By name.
   */
  async listMarked(prefix: string) {
    return this.#withClient(async (client) => {
      const result = await client.query<{ name: string; mark: string | null; database: boolean }>(
        `select coalesce(d.datname, r.rolname) as name,
                case when d.oid is not null then shobj_description(d.oid, 'pg_database')
                     else shobj_description(r.oid, 'pg_authid') end as mark,
                d.oid is not null as database
           from (select oid, datname from pg_database where datname like $1) d
           full join (select oid, rolname from pg_roles where rolname like $1) r
             on r.rolname = d.datname
          order by 1`,
        [`${prefix.replaceAll('_', '\\_')}%`]
      )
      return result.rows
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
 * What ensureRole runs: create the login role with its mark (or give an
 * existing one a new password), and make the connected role a member.
 */
function roleStatements(
  client: pg.Client,
  name: string,
  options: { password?: string; mark: string; found: string | null | undefined }
) {
  assertSafeDatabaseName(name)
  const role = quoteIdentifier(name)
  // PG15 does not make the creator a member; PG16+ does, but without SET, which CREATE DATABASE ... OWNER needs.
  const membership = `grant ${role} to current_user`
  if (options.found === undefined) {
    if (options.password === undefined) throw new Error(`Role "${name}" needs a password`)
    return [
      `create role ${role} with login nosuperuser nocreatedb nocreaterole ` +
        `noreplication nobypassrls password ${client.escapeLiteral(options.password)}`,
      `comment on role ${role} is ${client.escapeLiteral(options.mark)}`,
      membership,
    ]
  }
  if (options.password !== undefined) {
    return [
      `alter role ${role} with login password ${client.escapeLiteral(options.password)}`,
      membership,
    ]
  }
  return [membership]
}

/**
 * A database or role of that name that exists (`found` is not undefined)
 * without `mark` is someone else's: refused.
 */
function refuseUnlessMarked(
  kind: 'Database' | 'Role',
  name: string,
  found: string | null | undefined,
  mark: string
) {
  if (found !== undefined && found !== mark) {
    throw new DatabaseNotOwnedException(
      `${kind} "${name}" already exists and does not carry this tenant's mark ` +
        `(${found ? `it is marked "${found}"` : 'it has no mark'}): ${NOT_OWNED_ADVICE}`
    )
  }
}

/**
 * Lets a concurrent creation of the same role or membership pass.
 */
function ignoreDuplicate(error: Error & { code?: string }) {
  // 42710 duplicate_object, 23505 unique_violation (a catalog row inserted meanwhile).
  if (error.code === '42710' || error.code === '23505') return
  throw error
}

/**
 * Schemas of the database owner (public) in which $1 may not create.
 */
const SCHEMAS_WITHOUT_CREATE = `
  select nspname as schema from pg_namespace
   where nspowner = 'pg_database_owner'::regrole
     and not has_schema_privilege($1, oid, 'CREATE')
`

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
