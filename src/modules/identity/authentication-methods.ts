/**
 * How a sign-in proved who someone is, as RFC 8176 authentication method references (`amr`).
 * A passkey is a key held by the authenticator (`hwk`; `swk` when it is synced, i.e. backed up, so
 * no longer bound to one device's hardware), used after a presence test (`user`) and a user
 * verification the authenticator does by PIN or biometrics without telling which: that second
 * factor makes it `mfa`, but neither `pin` nor `fpt` can honestly be claimed.
 */
export type SignInMethod = 'password' | 'password+totp' | 'password+recovery_code' | 'passkey';

export function amrOf(method: SignInMethod, passkey?: { backed_up: boolean }): string[] {
  switch (method) {
    case 'password': return ['pwd'];
    // A recovery code is a one-time code as much as the app's are.
    case 'password+totp': case 'password+recovery_code': return ['pwd', 'otp', 'mfa'];
    case 'passkey': return [passkey?.backed_up ? 'swk' : 'hwk', 'user', 'mfa'];
  }
}
