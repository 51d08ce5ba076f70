import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'health': { paramsTuple?: []; params?: {} }
    'locale.update': { paramsTuple?: []; params?: {} }
    'vendor.alpine': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
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
    'admin.jobs.index': { paramsTuple?: []; params?: {} }
    'admin.jobs.retry': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.home': { paramsTuple?: []; params?: {} }
    'portal.locale.update': { paramsTuple?: []; params?: {} }
    'portal.vendor.alpine': { paramsTuple?: []; params?: {} }
  }
  GET: {
    'health': { paramsTuple?: []; params?: {} }
    'vendor.alpine': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
    'admin.session.create': { paramsTuple?: []; params?: {} }
    'admin.dashboard': { paramsTuple?: []; params?: {} }
    'admin.tenants.index': { paramsTuple?: []; params?: {} }
    'admin.tenants.create': { paramsTuple?: []; params?: {} }
    'admin.tenants.check_slug': { paramsTuple?: []; params?: {} }
    'admin.tenants.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.progress': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.drift': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.jobs.index': { paramsTuple?: []; params?: {} }
    'portal.home': { paramsTuple?: []; params?: {} }
    'portal.vendor.alpine': { paramsTuple?: []; params?: {} }
  }
  HEAD: {
    'health': { paramsTuple?: []; params?: {} }
    'vendor.alpine': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
    'admin.session.create': { paramsTuple?: []; params?: {} }
    'admin.dashboard': { paramsTuple?: []; params?: {} }
    'admin.tenants.index': { paramsTuple?: []; params?: {} }
    'admin.tenants.create': { paramsTuple?: []; params?: {} }
    'admin.tenants.check_slug': { paramsTuple?: []; params?: {} }
    'admin.tenants.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.progress': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.drift': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.jobs.index': { paramsTuple?: []; params?: {} }
    'portal.home': { paramsTuple?: []; params?: {} }
    'portal.vendor.alpine': { paramsTuple?: []; params?: {} }
  }
  POST: {
    'locale.update': { paramsTuple?: []; params?: {} }
    'admin.session.store': { paramsTuple?: []; params?: {} }
    'admin.session.destroy': { paramsTuple?: []; params?: {} }
    'admin.tenants.store': { paramsTuple?: []; params?: {} }
    'admin.tenants.retry': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.suspend': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.resume': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.migrate': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.accept_drift': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.jobs.retry': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portal.locale.update': { paramsTuple?: []; params?: {} }
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}