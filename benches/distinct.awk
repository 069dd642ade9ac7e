# Makes every ballot line of a box distinct without changing what it says: after each ':' and ','
# 0-3 spaces, chosen by the digits of the line's number in base 4; what is left of the number in
# leading spaces. The header (line 1) is kept as it is.
NR == 1 { print; next }
{
  n = NR; out = ""; rest = $0
  while ((k = match(rest, /[:,]/)) > 0) {
    out = out substr(rest, 1, k) substr("   ", 1, n % 4); n = int(n / 4); rest = substr(rest, k + 1)
  }
  printf "%" (n % 64) "s%s%s\n", "", out, rest
}
