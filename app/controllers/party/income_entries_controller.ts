import FinanceEntriesController from '#controllers/party/finance_entries_controller'

/** `/income`: income under the s.37 fund sources other than donations. */
export default class IncomeEntriesController extends FinanceEntriesController {
  protected kind = 'income' as const
}
