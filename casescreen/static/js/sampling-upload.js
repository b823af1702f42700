// Upload progress: parsing happens while the request is open, so say so and stop a second submit.
for (const form of document.querySelectorAll('form[data-module="app-upload-progress"]')) {
  form.addEventListener('submit', () => {
    const progress = form.querySelector('.app-upload-progress')
    const button = form.querySelector('button[type="submit"]')
    if (progress) progress.hidden = false
    if (button) {
      button.disabled = true
      button.setAttribute('aria-disabled', 'true')
      // The words are the page's, in its language (data-busy-text).
      if (button.dataset.busyText) button.textContent = button.dataset.busyText
    }
  })
}
