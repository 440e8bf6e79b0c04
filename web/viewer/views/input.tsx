import { Component } from 'preact'
import { intakeMessage } from '../intake'
import { fill } from '../strings'
import { addFiles, addPaste, clearAll, state, strings, subscribeBusy } from '../state'

/** The paste box, the file chooser, 清空 and the reading progress. */
export function InputCard() {
  const s = strings()
  return (
    <section class="card input">
      <textarea
        data-role="paste"
        rows={3}
        spellcheck={false}
        placeholder={s.pasteLabel}
        aria-label={s.pasteLabel}
        value={state.paste}
        onInput={(ev) => (state.paste = ev.currentTarget.value)}
      />
      <div class="actions">
        <button
          class="primary"
          data-role="read"
          type="button"
          onClick={() => {
            const text = state.paste
            state.paste = ''
            if (text.trim()) addPaste(text)
          }}
        >
          {s.read}
        </button>
        <label class="file">
          <span>{s.chooseFiles}</span>
          <input
            data-role="files"
            type="file"
            multiple
            accept=".json,.txt,application/json,text/plain"
            onChange={(ev) => {
              const input = ev.currentTarget
              const files = Array.from(input.files ?? [])
              input.value = ''
              void addFiles(files)
            }}
          />
        </label>
        <button data-role="clear" type="button" onClick={clearAll}>
          {s.clear}
        </button>
      </div>
      <p class="hint">{s.dropHint}</p>
      {state.busy ? <BusyLine /> : null}
    </section>
  )
}

/** 正在读取 n / N: redrawn alone between batches of files while the rest of the page waits for the end.
 * (A class, not hooks: preact/hooks would add 2.5 KB to the page for this one line.) */
class BusyLine extends Component {
  private off?: () => void
  componentDidMount() {
    this.off = subscribeBusy(() => this.forceUpdate())
  }
  componentWillUnmount() {
    this.off?.()
  }
  render() {
    const busy = state.busy
    if (!busy) return null
    return (
      <p class="busy" data-role="busy">
        {`${strings().reading} ${busy.done} / ${busy.total}`}
      </p>
    )
  }
}

/** The inputs that could not be read, each with its reason (the first 200). */
export function RejectedCard() {
  const s = strings()
  const shown = state.rejected.slice(0, 200)
  return (
    <section class="card rejected" data-role="rejected">
      <h2>{`${s.rejectedTitle} (${state.rejected.length})`}</h2>
      <ul>
        {shown.map((r) => (
          <li>
            <span class="name">{r.name}</span>
            <span class="why">{intakeMessage(r.error, state.lang)}</span>
          </li>
        ))}
      </ul>
      {state.rejected.length > shown.length ? (
        <p>{fill(s.more, { n: state.rejected.length - shown.length })}</p>
      ) : null}
    </section>
  )
}
