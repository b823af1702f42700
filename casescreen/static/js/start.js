import { initAll } from '../vendor/govuk/govuk-frontend.min.js'

initAll()

// Focus the error summary after a failed submit, so keyboard and screen reader users land on it.
const summary = document.querySelector('.govuk-error-summary')
if (summary) {
  summary.setAttribute('tabindex', '-1')
  summary.focus()
}
