'use strict'

const fs = require('fs')

// Explains why a fetch failed in a few words (fetch hides the network error in `cause`).
function describeFetchError(error) {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out'
  const cause = error.cause
  if (cause) return `${error.message} (${cause.code || cause.message})`
  return error.message
}

// Downloads url into dest. The whole transfer is bounded by timeoutMs so an unreachable
// host costs seconds, not the minutes a stalled connection could otherwise take.
async function download(url, dest, { timeoutMs }) {
  let response
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) })
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`)
    fs.writeFileSync(dest, Buffer.from(await response.arrayBuffer()))
  } catch (error) {
    throw new Error(`GET ${url} failed: ${describeFetchError(error)}`)
  }
}

module.exports = { download }
