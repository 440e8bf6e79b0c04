import { mount } from './app'
import { startServerMode } from './server'
import { addFiles, loadEmbedded } from './state'

/** The page's entry: mount, read what `netcheck view` embedded, accept files dropped anywhere. */
function start() {
  const app = document.getElementById('app')
  if (!app) return
  mount(app)
  const embedded = document.getElementById('zim-embedded')
  if (embedded?.textContent) loadEmbedded(embedded.textContent)
  startServerMode()
  document.addEventListener('dragover', (ev) => {
    ev.preventDefault()
    document.body.classList.add('dragging')
  })
  document.addEventListener('dragleave', () => document.body.classList.remove('dragging'))
  document.addEventListener('drop', (ev) => {
    ev.preventDefault()
    document.body.classList.remove('dragging')
    const files = Array.from(ev.dataTransfer?.files ?? [])
    if (files.length) void addFiles(files)
  })
}

start()
