#!/bin/sh
# grep over the archive's pages: the peer with no index at all (issue 5).
#
#   benchmarks/peers/grep.sh ingest DIR         nothing to build (prints a note)
#   benchmarks/peers/grep.sh search QUERY DIR   the pages (files, not articles) containing QUERY
#
# `grep -rlF` answers per file: it cannot say which article of a page matched, nor rank.
# LC_ALL=C matches bytes, which is exact for UTF-8 (no character's bytes occur inside another's).
set -eu
case "${1:-}" in
ingest)
    [ -d "${2:?usage: grep.sh ingest DIR}" ] || { echo "Error: no folder $2" >&2; exit 2; }
    echo "grep needs no index" >&2
    ;;
search)
    query="${2:?usage: grep.sh search QUERY DIR}"
    dir="${3:?usage: grep.sh search QUERY DIR}"
    # exec: the measured process is grep itself. Like grep, exits 1 when no page matches.
    LC_ALL=C exec grep -rlF -e "$query" -- "$dir"
    ;;
*)
    echo "usage: grep.sh ingest DIR | grep.sh search QUERY DIR" >&2
    exit 2
    ;;
esac
