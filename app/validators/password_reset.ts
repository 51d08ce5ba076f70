import vine from '@vinejs/vine'

/** Shortest password a reset accepts. */
export const MIN_PASSWORD_LENGTH = 12

/**
 * "Forgot password" form on a party's host.
 */
export const forgotPasswordValidator = vine.create({
  email: vine.string().trim().email().maxLength(254),
})

/**
 * Choosing a new password with a reset link.
 */
export const resetPasswordValidator = vine.create({
  password: vine.string().minLength(MIN_PASSWORD_LENGTH).maxLength(200).confirmed(),
})
