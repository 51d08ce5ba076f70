import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'portal.home': { paramsTuple?: []; params?: {} }
    'portal.locale.update': { paramsTuple?: []; params?: {} }
    'portal.vendor.alpine': { paramsTuple?: []; params?: {} }
    'portal.session.create': { paramsTuple?: []; params?: {} }
    'portal.session.store': { paramsTuple?: []; params?: {} }
    'portal.session.destroy': { paramsTuple?: []; params?: {} }
    'portal.dashboard': { paramsTuple?: []; params?: {} }
    'portal.calendar.bs': { paramsTuple?: []; params?: {} }
    'portal.staff.index': { paramsTuple?: []; params?: {} }
    'portal.staff.create': { paramsTuple?: []; params?: {} }
    'portal.staff.store': { paramsTuple?: []; params?: {} }
    'portal.staff.deactivate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.create': { paramsTuple?: []; params?: {} }
    'portal.members.export': { paramsTuple?: []; params?: {} }
    'portal.members.import': { paramsTuple?: []; params?: {} }
    'portal.members.import.preview': { paramsTuple?: []; params?: {} }
    'portal.members.import.store': { paramsTuple?: []; params?: {} }
    'portal.members.restore': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.index': { paramsTuple?: []; params?: {} }
    'portal.members.store': { paramsTuple?: []; params?: {} }
    'portal.members.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
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
    'portal.dashboard': { paramsTuple?: []; params?: {} }
    'portal.calendar.bs': { paramsTuple?: []; params?: {} }
    'portal.staff.index': { paramsTuple?: []; params?: {} }
    'portal.staff.create': { paramsTuple?: []; params?: {} }
    'portal.members.create': { paramsTuple?: []; params?: {} }
    'portal.members.export': { paramsTuple?: []; params?: {} }
    'portal.members.import': { paramsTuple?: []; params?: {} }
    'portal.members.index': { paramsTuple?: []; params?: {} }
    'portal.members.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
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
    'portal.dashboard': { paramsTuple?: []; params?: {} }
    'portal.calendar.bs': { paramsTuple?: []; params?: {} }
    'portal.staff.index': { paramsTuple?: []; params?: {} }
    'portal.staff.create': { paramsTuple?: []; params?: {} }
    'portal.members.create': { paramsTuple?: []; params?: {} }
    'portal.members.export': { paramsTuple?: []; params?: {} }
    'portal.members.import': { paramsTuple?: []; params?: {} }
    'portal.members.index': { paramsTuple?: []; params?: {} }
    'portal.members.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
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
    'portal.session.destroy': { paramsTuple?: []; params?: {} }
    'portal.staff.store': { paramsTuple?: []; params?: {} }
    'portal.staff.deactivate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.import.preview': { paramsTuple?: []; params?: {} }
    'portal.members.import.store': { paramsTuple?: []; params?: {} }
    'portal.members.restore': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.members.store': { paramsTuple?: []; params?: {} }
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
    'portal.members.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  PATCH: {
    'portal.members.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  DELETE: {
    'portal.members.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}