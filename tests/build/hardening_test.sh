#!/usr/bin/env bash
# The served binary carries the hardening the top CMakeLists.txt asks of the release build
# (OWASP ASVS 14.1): read from the ELF file itself, so that a flag lost in a refactoring of
# the build shows here and not in an incident.
# Usage: tests/build/hardening_test.sh BINARY
set -uo pipefail
binary=${1:?usage: hardening_test.sh BINARY}
[[ -f $binary ]] || { echo "missing $binary: build the release preset first (make build)" >&2; exit 1; }

missing=()
header=$(readelf -hW "$binary") || { echo "$binary is not an ELF file" >&2; exit 1; }
segments=$(readelf -lW "$binary")
dynamic=$(readelf -dW "$binary")
# Undefined dynamic symbols are what the binary calls in libc.
symbols=$(readelf --dyn-syms -W "$binary")
notes=$(readelf -nW "$binary")

grep -q 'Type:[[:space:]]*DYN' <<<"$header" ||
  missing+=("PIE: ELF type is not DYN (link with -pie)")
grep -q 'GNU_RELRO' <<<"$segments" ||
  missing+=("RELRO: no GNU_RELRO program header (link with -Wl,-z,relro)")
grep -qE '\(BIND_NOW\)|\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*NOW' <<<"$dynamic" ||
  missing+=("full RELRO: no BIND_NOW or FLAGS_1 NOW in the dynamic section (link with -Wl,-z,now)")
grep -q '__stack_chk_fail' <<<"$symbols" ||
  missing+=("stack protector: __stack_chk_fail is not referenced (compile with -fstack-protector-strong)")
grep -qE '__[a-z0-9_]+_chk(@|[[:space:]]|$)' <<<"$(grep -v '__stack_chk_fail' <<<"$symbols")" ||
  missing+=("_FORTIFY_SOURCE: no fortified __*_chk function is referenced (compile with -O2 -D_FORTIFY_SOURCE=3)")
stack=$(grep 'GNU_STACK' <<<"$segments")
if [[ -z $stack ]]; then
  missing+=("non-executable stack: no GNU_STACK program header (link with -Wl,-z,noexecstack)")
elif grep -qE 'RWE[[:space:]]' <<<"$stack"; then
  missing+=("non-executable stack: GNU_STACK is RWE (link with -Wl,-z,noexecstack)")
fi
# The IBT/SHSTK property note is kept by the linker only when every object linked carries
# it, and Debian 12's glibc start files (Scrt1.o, crti.o, crtn.o) do not, so on Debian 12
# even a C program compiled with -fcf-protection lacks it. Then the code compiled here is
# checked instead: with -fcf-protection every function that can be called indirectly, main
# among them, starts with endbr64.
if ! grep -qE 'x86 feature: IBT, SHSTK' <<<"$notes"; then
  main_start=$(objdump -d --no-show-raw-insn --disassemble=main "$binary" 2>/dev/null |
    awk '/<main>:/ {getline; print; exit}')
  if grep -q 'endbr64' <<<"$main_start"; then
    echo "note: no IBT/SHSTK property note (the C library's start files lack it), but main starts with endbr64"
  else
    missing+=("control-flow protection: no 'x86 feature: IBT, SHSTK' note and main does not start with endbr64 (compile with -fcf-protection)")
  fi
fi

if ((${#missing[@]})); then
  echo "$binary lacks:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "$binary: PIE, full RELRO, stack protector, _FORTIFY_SOURCE, non-executable stack, CET"
