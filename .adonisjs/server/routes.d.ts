import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'portal.home': { paramsTuple?: []; params?: {} }
    'portal.locale.update': { paramsTuple?: []; params?: {} }
    'portal.vendor.alpine': { paramsTuple?: []; params?: {} }
    'portal.session.create': { paramsTuple?: []; params?: {} }
    'portal.session.store': { paramsTuple?: []; params?: {} }
    'portal.password_reset.create': { paramsTuple?: []; params?: {} }
    'portal.password_reset.store': { paramsTuple?: []; params?: {} }
    'portal.password_reset.edit': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'portal.password_reset.update': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'portal.session.destroy': { paramsTuple?: []; params?: {} }
    'portal.dashboard': { paramsTuple?: []; params?: {} }
    'portal.calendar.bs': { paramsTuple?: []; params?: {} }
    'portal.staff.index': { paramsTuple?: []; params?: {} }
    'portal.staff.create': { paramsTuple?: []; params?: {} }
    'portal.staff.store': { paramsTuple?: []; params?: {} }
    'portal.staff.deactivate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.create': { paramsTuple?: []; params?: {} }
    'portal.members.places': { paramsTuple?: []; params?: {} }
    'portal.members.export': { paramsTuple?: []; params?: {} }
    'portal.members.import': { paramsTuple?: []; params?: {} }
    'portal.members.import.preview': { paramsTuple?: []; params?: {} }
    'portal.members.import.store': { paramsTuple?: []; params?: {} }
    'portal.members.restore': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.committees.index': { paramsTuple?: []; params?: {} }
    'portal.committees.create': { paramsTuple?: []; params?: {} }
    'portal.committees.store': { paramsTuple?: []; params?: {} }
    'portal.committees.show': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.committees.edit': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.committees.update': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.committees.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.committees.deactivate': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.committees.seats.store': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.committees.seats.end': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue,'seat': ParamValue} }
    'portal.members.index': { paramsTuple?: []; params?: {} }
    'portal.members.store': { paramsTuple?: []; params?: {} }
    'portal.members.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donations.create': { paramsTuple?: []; params?: {} }
    'portal.donations.export': { paramsTuple?: []; params?: {} }
    'portal.donations.fiscal_year': { paramsTuple?: []; params?: {} }
    'portal.donations.receipt': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donations.verify': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donations.index': { paramsTuple?: []; params?: {} }
    'portal.donations.store': { paramsTuple?: []; params?: {} }
    'portal.donations.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donations.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donation_limits.split_cash': { paramsTuple?: []; params?: {} }
    'portal.donation_limits.index': { paramsTuple?: []; params?: {} }
    'portal.donation_limits.store': { paramsTuple?: []; params?: {} }
    'portal.designated_donors.index': { paramsTuple?: []; params?: {} }
    'portal.designated_donors.store': { paramsTuple?: []; params?: {} }
    'portal.designated_donors.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.create': { paramsTuple?: []; params?: {} }
    'portal.campaigns.candidates.create': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.events.create': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.index': { paramsTuple?: []; params?: {} }
    'portal.campaigns.store': { paramsTuple?: []; params?: {} }
    'portal.campaigns.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.candidates.store': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.candidates.show': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.candidates.edit': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.candidates.update': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.candidates.status': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.candidates.expenses.store': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'candidate_id': ParamValue} }
    'portal.campaigns.candidates.expenses.destroy': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'candidate_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.events.index': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.events.store': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.events.edit': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.events.update': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.ceilings.index': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.ceilings.store': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.ceilings.update': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.ceilings.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.results.index': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.results.store': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.expenditures.create': { paramsTuple?: []; params?: {} }
    'portal.expenditures.index': { paramsTuple?: []; params?: {} }
    'portal.expenditures.store': { paramsTuple?: []; params?: {} }
    'portal.expenditures.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.expenditures.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.expenditures.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.income.create': { paramsTuple?: []; params?: {} }
    'portal.income.index': { paramsTuple?: []; params?: {} }
    'portal.income.store': { paramsTuple?: []; params?: {} }
    'portal.income.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.income.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.income.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.financial_reports.index': { paramsTuple?: []; params?: {} }
    'portal.financial_reports.store': { paramsTuple?: []; params?: {} }
    'portal.financial_reports.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.financial_reports.export': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.financial_reports.submit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.financial_reports.accept': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.financial_reports.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.audit_logs.index': { paramsTuple?: []; params?: {} }
    'portal.audit_logs.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'health': { paramsTuple?: []; params?: {} }
    'locale.update': { paramsTuple?: []; params?: {} }
    'vendor.alpine': { paramsTuple?: []; params?: {} }
    'vendor.transmit': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
    'event_stream': { paramsTuple?: []; params?: {} }
    'subscribe': { paramsTuple?: []; params?: {} }
    'unsubscribe': { paramsTuple?: []; params?: {} }
    'admin.session.create': { paramsTuple?: []; params?: {} }
    'admin.session.store': { paramsTuple?: []; params?: {} }
    'admin.session.destroy': { paramsTuple?: []; params?: {} }
    'admin.dashboard': { paramsTuple?: []; params?: {} }
    'admin.tenants.index': { paramsTuple?: []; params?: {} }
    'admin.tenants.create': { paramsTuple?: []; params?: {} }
    'admin.tenants.check_slug': { paramsTuple?: []; params?: {} }
    'admin.tenants.store': { paramsTuple?: []; params?: {} }
    'admin.tenants.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.progress': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.retry': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.suspend': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.resume': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.migrate': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.drift': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.accept_drift': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.migrate_all': { paramsTuple?: []; params?: {} }
    'admin.tenants.admin_credentials': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.add_module': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.add_domain': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.verify_domain': { paramsTuple: [ParamValue,ParamValue]; params: {'slug': ParamValue,'id': ParamValue} }
    'admin.tenants.remove_domain': { paramsTuple: [ParamValue,ParamValue]; params: {'slug': ParamValue,'id': ParamValue} }
    'admin.tenants.confirm_destroy': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.destroy': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.jobs.index': { paramsTuple?: []; params?: {} }
    'admin.jobs.retry': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    '127.0.0.1@health': { paramsTuple?: []; params?: {} }
    '[::1]@health': { paramsTuple?: []; params?: {} }
  }
  GET: {
    'portal.home': { paramsTuple?: []; params?: {} }
    'portal.vendor.alpine': { paramsTuple?: []; params?: {} }
    'portal.session.create': { paramsTuple?: []; params?: {} }
    'portal.password_reset.create': { paramsTuple?: []; params?: {} }
    'portal.password_reset.edit': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'portal.dashboard': { paramsTuple?: []; params?: {} }
    'portal.calendar.bs': { paramsTuple?: []; params?: {} }
    'portal.staff.index': { paramsTuple?: []; params?: {} }
    'portal.staff.create': { paramsTuple?: []; params?: {} }
    'portal.members.create': { paramsTuple?: []; params?: {} }
    'portal.members.places': { paramsTuple?: []; params?: {} }
    'portal.members.export': { paramsTuple?: []; params?: {} }
    'portal.members.import': { paramsTuple?: []; params?: {} }
    'portal.committees.index': { paramsTuple?: []; params?: {} }
    'portal.committees.create': { paramsTuple?: []; params?: {} }
    'portal.committees.show': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.committees.edit': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.members.index': { paramsTuple?: []; params?: {} }
    'portal.members.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donations.create': { paramsTuple?: []; params?: {} }
    'portal.donations.export': { paramsTuple?: []; params?: {} }
    'portal.donations.fiscal_year': { paramsTuple?: []; params?: {} }
    'portal.donations.receipt': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donations.index': { paramsTuple?: []; params?: {} }
    'portal.donations.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donation_limits.index': { paramsTuple?: []; params?: {} }
    'portal.designated_donors.index': { paramsTuple?: []; params?: {} }
    'portal.campaigns.create': { paramsTuple?: []; params?: {} }
    'portal.campaigns.candidates.create': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.events.create': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.index': { paramsTuple?: []; params?: {} }
    'portal.campaigns.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.candidates.show': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.candidates.edit': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.events.index': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.events.edit': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.ceilings.index': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.results.index': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.expenditures.create': { paramsTuple?: []; params?: {} }
    'portal.expenditures.index': { paramsTuple?: []; params?: {} }
    'portal.expenditures.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.income.create': { paramsTuple?: []; params?: {} }
    'portal.income.index': { paramsTuple?: []; params?: {} }
    'portal.income.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.financial_reports.index': { paramsTuple?: []; params?: {} }
    'portal.financial_reports.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.financial_reports.export': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.audit_logs.index': { paramsTuple?: []; params?: {} }
    'portal.audit_logs.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'health': { paramsTuple?: []; params?: {} }
    'vendor.alpine': { paramsTuple?: []; params?: {} }
    'vendor.transmit': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
    'event_stream': { paramsTuple?: []; params?: {} }
    'admin.session.create': { paramsTuple?: []; params?: {} }
    'admin.dashboard': { paramsTuple?: []; params?: {} }
    'admin.tenants.index': { paramsTuple?: []; params?: {} }
    'admin.tenants.create': { paramsTuple?: []; params?: {} }
    'admin.tenants.check_slug': { paramsTuple?: []; params?: {} }
    'admin.tenants.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.progress': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.drift': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.confirm_destroy': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.jobs.index': { paramsTuple?: []; params?: {} }
    '127.0.0.1@health': { paramsTuple?: []; params?: {} }
    '[::1]@health': { paramsTuple?: []; params?: {} }
  }
  HEAD: {
    'portal.home': { paramsTuple?: []; params?: {} }
    'portal.vendor.alpine': { paramsTuple?: []; params?: {} }
    'portal.session.create': { paramsTuple?: []; params?: {} }
    'portal.password_reset.create': { paramsTuple?: []; params?: {} }
    'portal.password_reset.edit': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'portal.dashboard': { paramsTuple?: []; params?: {} }
    'portal.calendar.bs': { paramsTuple?: []; params?: {} }
    'portal.staff.index': { paramsTuple?: []; params?: {} }
    'portal.staff.create': { paramsTuple?: []; params?: {} }
    'portal.members.create': { paramsTuple?: []; params?: {} }
    'portal.members.places': { paramsTuple?: []; params?: {} }
    'portal.members.export': { paramsTuple?: []; params?: {} }
    'portal.members.import': { paramsTuple?: []; params?: {} }
    'portal.committees.index': { paramsTuple?: []; params?: {} }
    'portal.committees.create': { paramsTuple?: []; params?: {} }
    'portal.committees.show': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.committees.edit': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.members.index': { paramsTuple?: []; params?: {} }
    'portal.members.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donations.create': { paramsTuple?: []; params?: {} }
    'portal.donations.export': { paramsTuple?: []; params?: {} }
    'portal.donations.fiscal_year': { paramsTuple?: []; params?: {} }
    'portal.donations.receipt': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donations.index': { paramsTuple?: []; params?: {} }
    'portal.donations.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donation_limits.index': { paramsTuple?: []; params?: {} }
    'portal.designated_donors.index': { paramsTuple?: []; params?: {} }
    'portal.campaigns.create': { paramsTuple?: []; params?: {} }
    'portal.campaigns.candidates.create': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.events.create': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.index': { paramsTuple?: []; params?: {} }
    'portal.campaigns.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.candidates.show': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.candidates.edit': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.events.index': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.events.edit': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.ceilings.index': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.results.index': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.expenditures.create': { paramsTuple?: []; params?: {} }
    'portal.expenditures.index': { paramsTuple?: []; params?: {} }
    'portal.expenditures.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.income.create': { paramsTuple?: []; params?: {} }
    'portal.income.index': { paramsTuple?: []; params?: {} }
    'portal.income.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.financial_reports.index': { paramsTuple?: []; params?: {} }
    'portal.financial_reports.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.financial_reports.export': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.audit_logs.index': { paramsTuple?: []; params?: {} }
    'portal.audit_logs.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'health': { paramsTuple?: []; params?: {} }
    'vendor.alpine': { paramsTuple?: []; params?: {} }
    'vendor.transmit': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
    'event_stream': { paramsTuple?: []; params?: {} }
    'admin.session.create': { paramsTuple?: []; params?: {} }
    'admin.dashboard': { paramsTuple?: []; params?: {} }
    'admin.tenants.index': { paramsTuple?: []; params?: {} }
    'admin.tenants.create': { paramsTuple?: []; params?: {} }
    'admin.tenants.check_slug': { paramsTuple?: []; params?: {} }
    'admin.tenants.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.progress': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.drift': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.confirm_destroy': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.jobs.index': { paramsTuple?: []; params?: {} }
    '127.0.0.1@health': { paramsTuple?: []; params?: {} }
    '[::1]@health': { paramsTuple?: []; params?: {} }
  }
  POST: {
    'portal.locale.update': { paramsTuple?: []; params?: {} }
    'portal.session.store': { paramsTuple?: []; params?: {} }
    'portal.password_reset.store': { paramsTuple?: []; params?: {} }
    'portal.password_reset.update': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'portal.session.destroy': { paramsTuple?: []; params?: {} }
    'portal.staff.store': { paramsTuple?: []; params?: {} }
    'portal.staff.deactivate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.import.preview': { paramsTuple?: []; params?: {} }
    'portal.members.import.store': { paramsTuple?: []; params?: {} }
    'portal.members.restore': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.committees.store': { paramsTuple?: []; params?: {} }
    'portal.committees.deactivate': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.committees.seats.store': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.committees.seats.end': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue,'seat': ParamValue} }
    'portal.members.store': { paramsTuple?: []; params?: {} }
    'portal.donations.verify': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donations.store': { paramsTuple?: []; params?: {} }
    'portal.donation_limits.split_cash': { paramsTuple?: []; params?: {} }
    'portal.donation_limits.store': { paramsTuple?: []; params?: {} }
    'portal.designated_donors.store': { paramsTuple?: []; params?: {} }
    'portal.campaigns.store': { paramsTuple?: []; params?: {} }
    'portal.campaigns.candidates.store': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.candidates.status': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.candidates.expenses.store': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'candidate_id': ParamValue} }
    'portal.campaigns.events.store': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.ceilings.store': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.campaigns.results.store': { paramsTuple: [ParamValue]; params: {'campaign_id': ParamValue} }
    'portal.expenditures.store': { paramsTuple?: []; params?: {} }
    'portal.income.store': { paramsTuple?: []; params?: {} }
    'portal.financial_reports.store': { paramsTuple?: []; params?: {} }
    'portal.financial_reports.submit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.financial_reports.accept': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'locale.update': { paramsTuple?: []; params?: {} }
    'subscribe': { paramsTuple?: []; params?: {} }
    'unsubscribe': { paramsTuple?: []; params?: {} }
    'admin.session.store': { paramsTuple?: []; params?: {} }
    'admin.session.destroy': { paramsTuple?: []; params?: {} }
    'admin.tenants.store': { paramsTuple?: []; params?: {} }
    'admin.tenants.retry': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.suspend': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.resume': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.migrate': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.accept_drift': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.migrate_all': { paramsTuple?: []; params?: {} }
    'admin.tenants.admin_credentials': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.add_module': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.add_domain': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.verify_domain': { paramsTuple: [ParamValue,ParamValue]; params: {'slug': ParamValue,'id': ParamValue} }
    'admin.tenants.remove_domain': { paramsTuple: [ParamValue,ParamValue]; params: {'slug': ParamValue,'id': ParamValue} }
    'admin.tenants.destroy': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.jobs.retry': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  PUT: {
    'portal.committees.update': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.members.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.candidates.update': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.events.update': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.ceilings.update': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.expenditures.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.income.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  DELETE: {
    'portal.committees.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'type': ParamValue,'id': ParamValue} }
    'portal.members.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.donations.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.designated_donors.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.candidates.expenses.destroy': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'candidate_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.ceilings.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.expenditures.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.income.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.financial_reports.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  PATCH: {
    'portal.members.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.campaigns.candidates.update': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.events.update': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.campaigns.ceilings.update': { paramsTuple: [ParamValue,ParamValue]; params: {'campaign_id': ParamValue,'id': ParamValue} }
    'portal.expenditures.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.income.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}