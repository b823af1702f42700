// Marks the page as having JavaScript, as GOV.UK Frontend expects (no inline scripts: CSP).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
