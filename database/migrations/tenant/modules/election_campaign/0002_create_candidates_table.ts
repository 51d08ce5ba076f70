import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Candidates the party fields in a campaign, from its members.
 * - FPTP (first past the post) candidates have a constituency
 *   (`Kathmandu-1`, or the post and local level in local elections) and no
 *   list rank; PR (proportional) candidates have a list rank and no
 *   constituency.
 * - A member stands at most once per campaign.
 * - `province_id` is the constituency's province for FPTP; for PR it is the
 *   province of the provincial list, and null on the federal list. PR list
 *   ranks are unique per (campaign, province_id), null counting as one list,
 *   among candidates not withdrawn or rejected.
 * - The address parts given (province, district, local level, ward) must fit
 *   together (trigger `candidates_check_geography`, which never fills a
 *   missing part since a null province_id means the federal PR list).
 */
export default class extends BaseSchema {
  protected tableName = 'candidates'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('campaign_id')
        .notNullable()
        .references('id')
        .inTable('election_campaigns')
        .onDelete('CASCADE')
      table
        .integer('member_id')
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('RESTRICT')
      table.enu('election_system', ['fptp', 'pr']).notNullable()
      table.string('constituency', 150).nullable()
      table.smallint('pr_list_rank').nullable()
      table
        .integer('province_id')
        .nullable()
        .references('id')
        .inTable('provinces')
        .onDelete('RESTRICT')
      table
        .integer('district_id')
        .nullable()
        .references('id')
        .inTable('districts')
        .onDelete('RESTRICT')
      table
        .integer('local_level_id')
        .nullable()
        .references('id')
        .inTable('local_levels')
        .onDelete('RESTRICT')
      table.smallint('ward_number').nullable()
      table
        .enu('status', ['proposed', 'nominated', 'withdrawn', 'rejected', 'elected', 'not_elected'])
        .notNullable()
        .defaultTo('proposed')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.unique(['campaign_id', 'member_id'])
      /** Target of campaign_events' composite foreign key (same campaign). */
      table.unique(['id', 'campaign_id'])
      table.index(['member_id'])
      table.index(['province_id'])
      table.index(['district_id'])
      table.index(['local_level_id'])
      table.check(
        `CASE election_system
          WHEN 'fptp' THEN btrim(coalesce(constituency, '')) <> '' AND pr_list_rank IS NULL
          WHEN 'pr' THEN pr_list_rank IS NOT NULL AND constituency IS NULL
         END`,
        [],
        'candidates_system_fields_check'
      )
      table.check('pr_list_rank > 0', [], 'candidates_pr_list_rank_check')
      table.check('ward_number > 0', [], 'candidates_ward_number_check')
    })

    this.schema.raw(`
      CREATE UNIQUE INDEX candidates_pr_list_rank_unique
        ON candidates (campaign_id, province_id, pr_list_rank) NULLS NOT DISTINCT
        WHERE election_system = 'pr' AND status NOT IN ('withdrawn', 'rejected');

      CREATE FUNCTION candidates_check_geography() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM assert_nepal_geography(
          NEW.province_id, NEW.district_id, NEW.local_level_id, NEW.ward_number, 'candidates'
        );
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER candidates_check_geography
        BEFORE INSERT OR UPDATE OF province_id, district_id, local_level_id, ward_number
        ON candidates
        FOR EACH ROW EXECUTE FUNCTION candidates_check_geography();
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
    this.schema.raw('DROP FUNCTION candidates_check_geography()')
  }
}
