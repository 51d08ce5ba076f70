import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What a generated financial report needs beyond 0015:
 *
 * - the period it covers (`period_start`, `period_end`, AD dates), the
 *   opening and closing balances in paisa (a deficit is negative), and the
 *   computed `breakdown` (income by head, expenditure by category, donors);
 * - who generated it and when; when the Election Commission accepted it.
 *
 * Trigger `financial_reports_guard`: the status only moves forward
 * (draft → submitted → accepted, never skipping one); a submitted report keeps its figures (only
 * its acceptance may be recorded); an accepted report is frozen; only a
 * draft can be deleted.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE financial_reports
        ADD COLUMN period_start date NULL,
        ADD COLUMN period_end date NULL,
        ADD COLUMN opening_balance_paisa bigint NOT NULL DEFAULT 0,
        ADD COLUMN closing_balance_paisa bigint NOT NULL DEFAULT 0,
        ADD COLUMN breakdown jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN generated_at timestamptz NULL,
        ADD COLUMN generated_by integer NULL REFERENCES users (id) ON DELETE RESTRICT,
        ADD COLUMN accepted_at timestamptz NULL;
      ALTER TABLE financial_reports ADD CONSTRAINT financial_reports_period_dates_check
        CHECK (period_end >= period_start);
      ALTER TABLE financial_reports ADD CONSTRAINT financial_reports_accepted_check
        CHECK (status <> 'accepted' OR accepted_at IS NOT NULL);
      ALTER TABLE financial_reports ADD CONSTRAINT financial_reports_breakdown_check
        CHECK (jsonb_typeof(breakdown) = 'object');

      CREATE FUNCTION financial_reports_guard() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'financial_reports: a % report cannot be deleted', OLD.status
              USING ERRCODE = 'check_violation', CONSTRAINT = 'financial_reports_status_guard';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status = 'accepted' THEN
          RAISE EXCEPTION 'financial_reports: an accepted report cannot be changed'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'financial_reports_status_guard';
        END IF;
        IF OLD.status = 'draft' AND NEW.status = 'accepted' THEN
          RAISE EXCEPTION 'financial_reports: a draft must be submitted before it is accepted'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'financial_reports_status_guard';
        END IF;
        IF OLD.status = 'submitted' AND (
             NEW.status = 'draft'
             OR (NEW.fiscal_year, NEW.report_type, NEW.period, NEW.total_income,
                 NEW.total_expenditure, NEW.total_donations, NEW.opening_balance_paisa,
                 NEW.closing_balance_paisa, NEW.breakdown, NEW.period_start, NEW.period_end)
               IS DISTINCT FROM
                (OLD.fiscal_year, OLD.report_type, OLD.period, OLD.total_income,
                 OLD.total_expenditure, OLD.total_donations, OLD.opening_balance_paisa,
                 OLD.closing_balance_paisa, OLD.breakdown, OLD.period_start, OLD.period_end)) THEN
          RAISE EXCEPTION 'financial_reports: a submitted report keeps its figures and status (only its acceptance can be recorded)'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'financial_reports_status_guard';
        END IF;
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER financial_reports_guard
        BEFORE UPDATE OR DELETE ON financial_reports
        FOR EACH ROW EXECUTE FUNCTION financial_reports_guard();
    `)
  }

  async down() {
    this.schema.raw(`
      DROP TRIGGER financial_reports_guard ON financial_reports;
      DROP FUNCTION financial_reports_guard();
      ALTER TABLE financial_reports
        DROP CONSTRAINT financial_reports_period_dates_check,
        DROP CONSTRAINT financial_reports_accepted_check,
        DROP CONSTRAINT financial_reports_breakdown_check,
        DROP COLUMN period_start,
        DROP COLUMN period_end,
        DROP COLUMN opening_balance_paisa,
        DROP COLUMN closing_balance_paisa,
        DROP COLUMN breakdown,
        DROP COLUMN generated_at,
        DROP COLUMN generated_by,
        DROP COLUMN accepted_at;
    `)
  }
}
