// Warns two minutes before the sign-out that follows inactivity and lets the person stay
// signed in (WCAG 2.2.1, Timing Adjustable), then says when they have been signed out.
// The page gives the time (data-idle-seconds: from its last request to the earliest
// sign-out), the words in its language and the banner, in a template: the banner is on
// the page only while it has something to say. Saves made by the page's scripts count
// as activity: they send a 'casescreen:activity' event. So do the requests of the site's
// other tabs, which share the session: each tab tells the others of its own (a
// BroadcastChannel, which stores nothing), and they count again from then.

const template = document.getElementById('session-timeout-template')

if (template) {
  const idleSeconds = Number(template.dataset.idleSeconds)
  const WARN_BEFORE_SECONDS = 120
  let banner = null
  let warnTimer = null
  let endTimer = null
  // Where the person was when the banner took the focus, to take them back there.
  let returnFocus = null

  function show (words, canStay) {
    if (!banner) {
      returnFocus = document.activeElement
      banner = template.content.firstElementChild.cloneNode(true)
      banner.querySelector('button').addEventListener('click', stayAfterAll)
      document.getElementById('main-content').prepend(banner)
    }
    banner.querySelector('[data-timeout-text]').textContent = words
    // The button's own display rule would win over its hidden attribute: hide its box.
    banner.querySelector('[data-timeout-stay]').hidden = !canStay
    banner.focus()
  }

  function schedule () {
    window.clearTimeout(warnTimer)
    window.clearTimeout(endTimer)
    if (banner) {
      const hadFocus = banner.contains(document.activeElement)
      banner.remove()
      banner = null
      if (hadFocus && returnFocus && returnFocus.isConnected) returnFocus.focus()
    }
    warnTimer = window.setTimeout(
      () => show(template.dataset.warning, true),
      Math.max(idleSeconds - WARN_BEFORE_SECONDS, 0) * 1000
    )
    endTimer = window.setTimeout(() => show(template.dataset.ended, false), idleSeconds * 1000)
  }

  async function stayAfterAll () {
    let response
    try {
      // Any page asked for renews the session; signed out, the answer is a redirect.
      response = await window.fetch(template.dataset.renewUrl, {
        credentials: 'same-origin',
        redirect: 'manual'
      })
    } catch (error) {
      return
    }
    if (response.type === 'opaqueredirect') {
      show(template.dataset.ended, false)
    } else {
      active()
    }
  }

  // The site's other open tabs hear of this tab's requests, and this tab of theirs.
  const tabs = 'BroadcastChannel' in window ? new window.BroadcastChannel('casescreen:activity') : null

  function active () {
    schedule()
    if (tabs) tabs.postMessage('active')
  }

  if (tabs) tabs.addEventListener('message', schedule)
  document.addEventListener('casescreen:activity', active)
  active()
}
