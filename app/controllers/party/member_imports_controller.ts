import { rm } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import MemberPolicy from '#policies/member_policy'
import { LayeredMessagesProvider } from '#support/i18n_messages'
import { auditActorOf } from '#party/audit/audit_trail'
import { checkMembersCsv, importMembersCsv } from '#party/members/import_members'
import { EXPORT_COLUMNS } from '#party/members/export_members'
import {
  claimImportUpload,
  importUploadsDir,
  newImportUpload,
  sweepImportUploads,
} from '#party/members/import_uploads'

/**
 * CSV import of members: upload, preview with row-level errors, confirm.
 */
export default class MemberImportsController {
  async create({ view, bouncer }: HttpContext) {
    await bouncer.with(MemberPolicy).authorize('create')
    return view.render('pages/party/members/import', { columns: EXPORT_COLUMNS })
  }

  async preview({ request, view, bouncer, tenant, i18n, session, response }: HttpContext) {
    await bouncer.with(MemberPolicy).authorize('create')
    const file = request.file('file', { size: '20mb', extnames: ['csv', 'txt'] })
    if (!file || !file.isValid || !file.tmpPath) {
      session.flash('error', i18n.t('members.import.no_file'))
      return response.redirect('/members/import')
    }
    await sweepImportUploads()
    const upload = await newImportUpload(tenant!.id)
    await file.move(importUploadsDir(), { name: upload.name })
    const check = await checkMembersCsv(
      upload.path,
      new LayeredMessagesProvider(i18n, 'members.validation'),
      i18n.t('members.validation.citizenship_taken')
    )
    return view.render('pages/party/members/import_preview', { check, token: upload.token })
  }

  async store(ctx: HttpContext) {
    const { request, response, bouncer, tenant, i18n, session } = ctx
    await bouncer.with(MemberPolicy).authorize('create')
    await sweepImportUploads()
    const path = await claimImportUpload(tenant!.id, request.input('token'))
    if (!path) {
      session.flash('error', i18n.t('members.import.expired'))
      return response.redirect('/members/import')
    }
    try {
      const result = await importMembersCsv(path, {
        messagesProvider: new LayeredMessagesProvider(i18n, 'members.validation'),
        duplicateMessage: i18n.t('members.validation.citizenship_taken'),
        skipInvalid: request.input('skip_invalid') === '1',
        actor: auditActorOf(ctx),
      })
      if (result.imported === 0 && result.invalid > 0) {
        session.flash('error', i18n.t('members.import.refused', { invalid: result.invalid }))
        return response.redirect('/members/import')
      }
      session.flash(
        'success',
        i18n.t('members.import.done', { imported: result.imported, skipped: result.invalid })
      )
      return response.redirect('/members')
    } finally {
      await rm(path, { force: true })
    }
  }
}
