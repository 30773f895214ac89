#!/usr/bin/env bash
# Short fuzz run for the test suite: 500 random and mutated inputs per
# target argument (every type input function and every extension function
# taking text, jsonb or an array) in a UTF8 database, at most 4 s per target
# (IA_FUZZ_CASES, IA_FUZZ_BUDGET, IA_FUZZ_ENCODINGS override); the count of
# cases run is printed.  tools/dev/fuzz is the long run (100,000 per target, UTF8
# and SQL_ASCII).  Fails on a backend crash or an unexpected SQLSTATE.  The long run is tools/dev/fuzz.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 test/fuzz/fuzz.py --cases "${IA_FUZZ_CASES:-500}" --budget "${IA_FUZZ_BUDGET:-4}" --encodings "${IA_FUZZ_ENCODINGS:-UTF8}" ${IA_FUZZ_SEED:+--seed "$IA_FUZZ_SEED"}
