/**
 * Text from the network, a saved report or a share link is shown on terminals, in markdown and in chat. Before
 * it is printed, control characters (C0, DEL, C1: ESC and CSI start terminal escapes, CR overwrites a line),
 * Unicode line separators and bidirectional controls (which reorder what the reader sees) are replaced by a
 * visible escape such as `\x1b` or `\u202e`: harmless, and support can still see what was there.
 */

// C0 except TAB and LF, DEL, C1; bidi marks, embeddings, overrides and isolates; line/paragraph separators.
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const UNSAFE_OR_BREAK = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

function escapeChar(c: string): string {
  const code = c.charCodeAt(0)
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

/** Multi-line output: keeps TAB and LF, neutralises every other control, escape and bidi character. */
export function safeOutput(text: string): string {
  return text.replace(UNSAFE, escapeChar)
}

/**
 * One field on one line (a URL, an errMsg, a warning): OpenSSL messages trimmed, line breaks and tabs become
 * spaces, the rest as in `safeOutput`; capped at `max` characters.
 */
export function safeField(value: unknown, max = 300): string {
  const text = trimOpenSsl(typeof value === 'string' ? value : String(value ?? ''))
    .replace(/\r\n|[\r\n\t]/g, ' ')
    .replace(UNSAFE_OR_BREAK, escapeChar)
    .trim()
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/**
 * OpenSSL's error strings as Node gives them, e.g.
 * `803C86D6BD7F0000:error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify
 * failed:../deps/openssl/openssl/ssl/statem/statem_clnt.c:1889:` plus a newline: the thread-id prefix and the
 * source path are dropped, lines are joined, so it reads `error:0A000086:SSL routines:…:certificate verify
 * failed`. Other text is returned unchanged apart from joining lines.
 */
export function trimOpenSsl(message: string): string {
  if (!/:error:[0-9A-Fa-f]{8}:/.test(message)) return message
  return message
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/\b[0-9A-Fa-f]{6,16}:(error:[0-9A-Fa-f]{8}:)/g, '$1')
        .replace(/:(?:[A-Za-z]:)?[^\s:]*[\\/][^\s:]*\.[ch]:\d+:?/g, ':')
        .replace(/:+\s*$/, '')
        .trim(),
    )
    .filter(Boolean)
    .join('; ')
    .replace(/:(SSL alert number \d+)/, ' ($1)')
}

/**
 * JSON text for a terminal: JSON.stringify already escapes C0; this also writes C1, DEL, bidi controls and
 * line separators as `\uXXXX`. The result parses to exactly the same value.
 */
export function safeJson(json: string): string {
  return json.replace(
    /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** Text read from a file, stdin or a request body, without the UTF-8 byte order mark Windows Notepad writes first. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}
