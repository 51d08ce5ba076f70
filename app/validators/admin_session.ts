import vine from '@vinejs/vine'

/**
 * Super-admin login form.
 */
export const adminLoginValidator = vine.create({
  email: vine.string().trim().email().maxLength(254),
  password: vine.string().minLength(1).maxLength(200),
})
