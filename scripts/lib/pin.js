'use strict'

// The one libzmq release this package is built and tested against. The sha256 is the
// GitHub tag archive, which Debian ships byte-for-byte as its .orig tarball, so every
// source we try must yield exactly these bytes; anything else is rejected.
module.exports = Object.freeze({
  version: '4.3.4',
  sha256: '0ff5a531c9ffaf0dfdc7dc78d13d1383088f454896d252934c429b2554d10559',
  // Top-level directory inside the tarball.
  topDir: 'libzmq-4.3.4',
  // Name under which a verified tarball is kept in the download cache.
  cacheFileName: 'libzmq-4.3.4.tar.gz',
  upstreamUrl: 'https://github.com/zeromq/libzmq/archive/refs/tags/v4.3.4.tar.gz',
  debian: Object.freeze({
    sourcePackage: 'zeromq3',
    suite: 'bookworm',
    // Any Debian revision of 4.3.4 carries the same .orig tarball.
    versionPrefix: '4.3.4-',
    origFile: 'zeromq3_4.3.4.orig.tar.gz',
    keyring: '/usr/share/keyrings/debian-archive-keyring.gpg',
    mirror: 'http://deb.debian.org/debian',
  }),
})
