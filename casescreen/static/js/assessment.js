// Saves each answer on a theme page as soon as it is given (progressive enhancement:
// without this script the page's "Save and continue" button saves everything).
// Unsaved input is kept in localStorage until the server confirms it, so a reload,
// a dropped connection or a server error never loses a judgement.

const form = document.getElementById('theme-form')

if (form) {
  const saveUrl = form.dataset.saveUrl
  const storageKey = form.dataset.storageKey
  const csrfInput = form.querySelector('input[name="csrfmiddlewaretoken"]')
  const caseReference = form.querySelector('input[name="case_reference"]').value
  // The page shows input sent and not saved (theme.html marks it): not the saved answers.
  const shownUnsaved = 'unsaved' in form.dataset
  const DEBOUNCE_MS = 700
  const blocks = []
  // One queue for the page: saves go to the server one at a time, in the order given.
  let queue = Promise.resolve()
  let submitting = false

  // Signing in again (in another tab, after a sign-out for inactivity) gives this browser
  // a new token, and the one the page was served with is refused from then on.
  function csrfToken () {
    const cookie = document.cookie.split('; ').find((pair) => pair.startsWith('csrftoken='))
    return cookie ? decodeURIComponent(cookie.slice('csrftoken='.length)) : csrfInput.value
  }

  const note = document.getElementById('autosave-note')
  if (note) note.hidden = false

  // The messages in the page's language, from the page (autosave_messages in the view).
  const messages = JSON.parse(document.getElementById('autosave-messages').textContent)
  function say (key, values = {}) {
    return messages[key].replace(/%\((\w+)\)s/g, (whole, name) => values[name] ?? whole)
  }

  function readDrafts () {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || '{}')
    } catch (error) {
      return {}
    }
  }

  function writeDrafts (drafts) {
    try {
      if (Object.keys(drafts).length) {
        window.localStorage.setItem(storageKey, JSON.stringify(drafts))
      } else {
        window.localStorage.removeItem(storageKey)
      }
    } catch (error) {
      // Storage full or disabled: the server save still goes ahead.
    }
  }

  function setup (block) {
    const questionId = block.dataset.question
    const radios = Array.from(block.querySelectorAll('input[type="radio"]'))
    const evidence = block.querySelector('textarea')
    const version = block.querySelector('input[data-version]')
    const status = block.querySelector('[data-status]')
    const actions = document.createElement('div')
    actions.className = 'govuk-button-group govuk-!-margin-top-2'
    actions.hidden = true
    status.after(actions)
    let timer = null
    // A change not yet sent, or sent and not saved: leaving the page would strand it in
    // this browser's drafts.
    let unsent = false

    function current () {
      const checked = radios.find((radio) => radio.checked)
      return { value: checked ? checked.value : '', evidence: evidence.value }
    }

    function apply (values) {
      radios.forEach((radio) => { radio.checked = radio.value === values.value })
      evidence.value = values.evidence
      evidence.dispatchEvent(new Event('keyup'))
    }

    function keepDraft () {
      const drafts = readDrafts()
      drafts[questionId] = { ...current(), version: Number(version.value) }
      writeDrafts(drafts)
    }

    function clearDraft () {
      const drafts = readDrafts()
      delete drafts[questionId]
      writeDrafts(drafts)
    }

    function showStatus (text, isError) {
      status.textContent = text
      status.classList.toggle('app-save-status--error', Boolean(isError))
    }

    function showActions (buttons) {
      const hadFocus = actions.contains(document.activeElement)
      actions.replaceChildren()
      buttons.forEach(([label, handler, secondary]) => {
        const button = document.createElement('button')
        button.type = 'button'
        button.className = 'govuk-button' + (secondary ? ' govuk-button--secondary' : '')
        button.textContent = label
        button.addEventListener('click', handler)
        actions.append(button)
      })
      actions.hidden = buttons.length === 0
      // The button just chosen is gone: keep a keyboard or screen reader user at this
      // question rather than at the top of the page.
      if (hadFocus) {
        const checked = radios.find((radio) => radio.checked)
        const target = actions.querySelector('button') || checked || radios[0] || evidence
        target.focus()
      }
    }

    function describe (values) {
      const label = say(values.value === 'yes' || values.value === 'no' ? values.value : 'not_answered')
      return values.evidence ? `${label} (“${values.evidence}”)` : label
    }

    async function send () {
      const mine = current()
      const body = new URLSearchParams()
      body.append('case_reference', caseReference)
      body.append('question_id', questionId)
      body.append('value', mine.value)
      body.append('evidence', mine.evidence)
      body.append('version', version.value)
      showStatus(say('saving'))
      unsent = false
      let response
      try {
        response = await window.fetch(saveUrl, {
          method: 'POST',
          body,
          credentials: 'same-origin',
          // Signed out, the server answers with a redirect to the sign-in page: followed,
          // it would look like a page saved. Not followed, it says what happened.
          redirect: 'manual',
          headers: { 'X-CSRFToken': csrfToken(), Accept: 'application/json' }
        })
      } catch (error) {
        unsent = true
        showStatus(say('offline'), true)
        showActions([[say('retry'), save]])
        return
      }
      if (response.type === 'opaqueredirect') {
        unsent = true
        showStatus(say('signed_out'), true)
        showActions([[say('retry'), save]])
        return
      }
      let data = {}
      try {
        data = await response.json()
      } catch (error) {
        data = {}
      }
      if (response.ok && data.version !== undefined) {
        document.dispatchEvent(new Event('casescreen:activity'))
        version.value = data.version
        const now = current()
        // Changed while this save was on its way: the draft must name the version just
        // saved, or restoring it would be taken for someone else's change.
        if (now.value === mine.value && now.evidence === mine.evidence) clearDraft()
        else keepDraft()
        showActions([])
        showStatus(say(data.counted ? 'saved' : 'saved_not_counted', { time: data.saved_at }))
        return
      }
      unsent = true
      if (response.status === 409) {
        const theirs = data.current
        const described = { theirs: describe(theirs), mine: describe(mine), who: theirs.updated_by }
        showStatus(say(theirs.updated_by ? 'conflict_by' : 'conflict', described), true)
        showActions([
          [say('keep_mine'), () => { version.value = theirs.version; save() }],
          [say('keep_theirs'), () => {
            version.value = theirs.version
            apply(theirs)
            clearDraft()
            unsent = false
            showActions([])
            showStatus(say('kept_theirs'))
          }, true]
        ])
      } else {
        showStatus(say('refused', { error: data.error || say('server_failed') }), true)
        showActions(response.status >= 500 || response.ok ? [[say('retry'), save]] : [])
      }
    }

    function save () {
      window.clearTimeout(timer)
      timer = null
      unsent = true
      keepDraft()
      queue = queue.then(send, send)
      return queue
    }

    function flush () {
      return timer ? save() : queue
    }

    radios.forEach((radio) => radio.addEventListener('change', save))
    evidence.addEventListener('input', () => {
      unsent = true
      keepDraft()
      window.clearTimeout(timer)
      timer = window.setTimeout(save, DEBOUNCE_MS)
    })
    evidence.addEventListener('blur', () => { if (timer) save() })

    // Restore what this browser had not yet saved, then save it.
    const draft = readDrafts()[questionId]
    const shown = current()
    if (draft && (draft.value !== shown.value || draft.evidence !== shown.evidence)) {
      apply(draft)
      version.value = draft.version
      showStatus(say('restored'))
      save()
    } else if (shownUnsaved) {
      // What the page shows was sent but not saved (refused, or sent signed out): until
      // it is saved, it stays in this browser and leaving the page is warned of.
      unsent = true
      keepDraft()
    } else if (draft) {
      clearDraft()
    }
    return { flush, unsaved: () => unsent }
  }

  form.querySelectorAll('[data-question]').forEach((block) => blocks.push(setup(block)))

  // "Save and continue" waits for any save in flight, so the form posts current versions.
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    Promise.all(blocks.map((block) => block.flush())).then(() => {
      csrfInput.value = csrfToken()
      submitting = true
      form.submit()
    })
  })

  // The form sends every answer, saved or not; any other way off the page is warned of
  // while an answer is not saved (the browser gives the words).
  window.addEventListener('beforeunload', (event) => {
    if (!submitting && blocks.some((block) => block.unsaved())) {
      event.preventDefault()
      event.returnValue = true // browsers that predate preventDefault here
    }
  })
}
