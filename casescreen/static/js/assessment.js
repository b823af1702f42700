// Saves each answer on a theme page as soon as it is given (progressive enhancement:
// without this script the page's "Save and continue" button saves everything).
// Unsaved input is kept in localStorage until the server confirms it, so a reload,
// a dropped connection or a server error never loses a judgement.

const form = document.getElementById('theme-form')

if (form) {
  const saveUrl = form.dataset.saveUrl
  const storageKey = form.dataset.storageKey
  const csrfToken = form.querySelector('input[name="csrfmiddlewaretoken"]').value
  const caseReference = form.querySelector('input[name="case_reference"]').value
  const DEBOUNCE_MS = 700
  const blocks = []
  // One queue for the page: saves go to the server one at a time, in the order given.
  let queue = Promise.resolve()

  const note = document.getElementById('autosave-note')
  if (note) note.hidden = false

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
    }

    function describe (values) {
      const label = values.value === 'yes' ? 'Yes' : values.value === 'no' ? 'No' : 'not answered'
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
      showStatus('Saving…')
      let response
      try {
        response = await window.fetch(saveUrl, {
          method: 'POST',
          body,
          credentials: 'same-origin',
          headers: { 'X-CSRFToken': csrfToken, Accept: 'application/json' }
        })
      } catch (error) {
        showStatus('Not saved: the connection failed. Your answer is kept in this browser.', true)
        showActions([['Retry', save]])
        return
      }
      let data = {}
      try {
        data = await response.json()
      } catch (error) {
        data = {}
      }
      if (response.ok) {
        version.value = data.version
        const now = current()
        if (now.value === mine.value && now.evidence === mine.evidence) clearDraft()
        showActions([])
        showStatus(`Saved at ${data.saved_at}` + (data.counted ? '' : ' (not counted: the question does not apply)'))
      } else if (response.status === 409) {
        const theirs = data.current
        showStatus(`Not saved: someone else changed this answer to ${describe(theirs)}${theirs.updated_by ? ' (' + theirs.updated_by + ')' : ''}. Yours is ${describe(mine)}.`, true)
        showActions([
          ['Keep mine', () => { version.value = theirs.version; save() }],
          ['Keep theirs', () => {
            version.value = theirs.version
            apply(theirs)
            clearDraft()
            showActions([])
            showStatus('Kept their answer')
          }, true]
        ])
      } else {
        showStatus(`Not saved: ${data.error || 'the server could not save it'}. Your answer is kept in this browser.`, true)
        showActions(response.status >= 500 ? [['Retry', save]] : [])
      }
    }

    function save () {
      window.clearTimeout(timer)
      timer = null
      keepDraft()
      queue = queue.then(send, send)
      return queue
    }

    function flush () {
      return timer ? save() : queue
    }

    radios.forEach((radio) => radio.addEventListener('change', save))
    evidence.addEventListener('input', () => {
      keepDraft()
      window.clearTimeout(timer)
      timer = window.setTimeout(save, DEBOUNCE_MS)
    })
    evidence.addEventListener('blur', () => { if (timer) save() })

    // Restore what this browser had not yet saved, then save it.
    const draft = readDrafts()[questionId]
    if (draft) {
      const saved = current()
      if (draft.value === saved.value && draft.evidence === saved.evidence) {
        clearDraft()
      } else {
        apply(draft)
        version.value = draft.version
        showStatus('Restored your unsaved answer from this browser.')
        save()
      }
    }
    return { flush }
  }

  form.querySelectorAll('[data-question]').forEach((block) => blocks.push(setup(block)))

  // "Save and continue" waits for any save in flight, so the form posts current versions.
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    Promise.all(blocks.map((block) => block.flush())).then(() => form.submit())
  })
}
