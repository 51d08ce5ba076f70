import FinanceEntriesController from '#controllers/party/finance_entries_controller'

/** `/expenditures`: what the party spent, by category and voucher. */
export default class ExpendituresController extends FinanceEntriesController {
  protected kind = 'expenditure' as const
}
