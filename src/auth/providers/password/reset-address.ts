/**
 * A reset code proves one address at one moment. It may replace the password only while that address is still the
 * account's: after an email change, whoever reads the old mailbox (a previous owner of the address, a mailbox left
 * behind) must not reach the account through a code mailed there before (issue 15, defect 6; decision 0021).
 */
export function resetCodeStillFitsAccount(codeEmail: string, accountEmail: string): boolean {
  return codeEmail.toLowerCase() === accountEmail.toLowerCase();
}
