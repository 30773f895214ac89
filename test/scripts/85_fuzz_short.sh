#!/usr/bin/env bash
# Short fuzz run for the test suite: 2,000 random and mutated inputs per
# target argument (every type input function and every extension function
# taking text, jsonb or an array), in a UTF8 and a SQL_ASCII database.
# Slow targets (load_attack_stix processes whole bundles) stop after 45 s
# (IA_FUZZ_BUDGET); the count of cases run is printed.  Fails on a backend crash or an unexpected SQLSTATE.  The long run is tools/fuzz.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 test/fuzz/fuzz.py --cases "${IA_FUZZ_CASES:-2000}" --budget "${IA_FUZZ_BUDGET:-45}" ${IA_FUZZ_SEED:+--seed "$IA_FUZZ_SEED"}
