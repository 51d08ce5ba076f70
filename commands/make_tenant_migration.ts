import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { args, flags } from '@adonisjs/core/ace'
import tenancyConfig from '#config/tenancy'
import Tenant from '#models/landlord/tenant'
import TenantTemplate from '#models/landlord/tenant_template'
import TemplateModule from '#models/landlord/template_module'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import { LAYER_TYPES, type LayerType } from '#tenancy/layers'

const NAME_PATTERN = /^[a-z][a-z0-9_]*$/
/** Migrations are recorded by path (folder/NNNN_name) in varchar(255) columns. */
const MAX_MIGRATION_PATH = 255

export default class MakeTenantMigration extends TenantCommand {
  static commandName = 'make:tenant-migration'
  static description = 'Create a tenant migration file in the right layer folder'
  static help = [
    'Examples:',
    '  node ace make:tenant-migration create_pledges --layer=template --template=political_party_nepal',
    '  node ace make:tenant-migration add_nickname_to_members --layer=custom --tenant=demo-party',
  ]
  @args.string({ description: 'Migration name, e.g. create_pledges or add_x_to_members' })
  declare name: string

  @flags.string({ description: 'basic, template, module or custom', required: true })
  declare layer: string

  @flags.string({ description: 'Template name (layer=template)' })
  declare template?: string

  @flags.string({ description: 'Module name (layer=module)' })
  declare module?: string

  @flags.string({ description: 'Tenant slug (layer=custom)' })
  declare tenant?: string

  async run() {
    const problem = this.#problem() ?? (await this.#missing())
    if (problem) return this.fail(problem)
    const folder = this.#folder()
    const longest = MAX_MIGRATION_PATH - `${folder}/0000_`.length
    if (this.name.length > longest) {
      return this.fail(
        `The name is too long: at most ${longest} characters here, so that ${folder}/NNNN_<name> fits in ${MAX_MIGRATION_PATH}`
      )
    }
    const absolute = this.app.makePath(folder)
    await mkdir(absolute, { recursive: true })
    const existing = existsSync(absolute) ? await readdir(absolute) : []
    const numbers = existing
      .map((file) => Number.parseInt(file.split('_')[0], 10))
      .filter(Number.isFinite)
    const next = String((numbers.length ? Math.max(...numbers) : 0) + 1).padStart(4, '0')
    const fileName = `${next}_${this.name}.ts`
    const table = this.#tableName()
    const creating = this.name.startsWith('create_')
    const contents = creating
      ? `import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = '${table}'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
`
      : `import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = '${table}'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {})
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {})
  }
}
`
    await writeFile(join(absolute, fileName), contents)
    this.logger.action(`create ${join(folder, fileName)}`).succeeded()
  }

  #problem(): string | null {
    if (!NAME_PATTERN.test(this.name)) return 'The name must be snake_case, e.g. create_pledges'
    if (!LAYER_TYPES.includes(this.layer as LayerType))
      return `--layer must be one of ${LAYER_TYPES.join(', ')}`
    if (this.layer === 'template' && !this.template)
      return '--template is required for the template layer'
    if (this.layer === 'module' && !this.module) return '--module is required for the module layer'
    if (this.layer === 'custom' && !this.tenant) return '--tenant is required for the custom layer'
    for (const value of [this.template, this.module]) {
      if (value && !NAME_PATTERN.test(value))
        return `"${value}" is not a valid template or module name`
    }
    if (this.tenant && !/^[a-z0-9-]{3,40}$/.test(this.tenant))
      return `"${this.tenant}" is not a valid tenant slug`
    return null
  }

  /**
   * The template, module or tenant named must exist in the landlord.
   */
  async #missing(): Promise<string | null> {
    if (this.layer === 'template' && !(await TenantTemplate.findBy('name', this.template))) {
      return `No template "${this.template}" (templates are registered in the landlord)`
    }
    if (this.layer === 'module' && !(await TemplateModule.findBy('name', this.module))) {
      return `No module "${this.module}" (modules are registered in the landlord)`
    }
    if (this.layer === 'custom' && !(await Tenant.findBy('slug', this.tenant))) {
      return `No tenant "${this.tenant}" (see node ace tenant:list)`
    }
    return null
  }

  #folder() {
    const root = tenancyConfig.migrationsPath
    switch (this.layer as LayerType) {
      case 'basic':
        return join(root, 'basic')
      case 'template':
        return join(root, 'templates', this.template!)
      case 'module':
        return join(root, 'modules', this.module!)
      case 'custom':
        return join(root, 'custom', this.tenant!)
    }
  }

  #tableName() {
    const match =
      this.name.match(/^create_(.+?)(?:_table)?$/) ?? this.name.match(/_to_(.+?)(?:_table)?$/)
    return match ? match[1] : this.name
  }
}
