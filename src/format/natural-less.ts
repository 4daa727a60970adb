// github.com/fvbommel/sortorder's NaturalLess, which kubectl's --sort-by used for strings up to 1.30
// ("web-2" before "web-10"); kubectl 1.31 dropped it for plain byte order (kubernetes PR 124514).
// Compares UTF-8 bytes, as the Go code does; digits are ASCII only.

const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;

export function naturalLess(str1: string, str2: string): boolean {
  const s1 = Buffer.from(str1, 'utf8');
  const s2 = Buffer.from(str2, 'utf8');
  let idx1 = 0;
  let idx2 = 0;
  while (idx1 < s1.length && idx2 < s2.length) {
    const c1 = s1[idx1] as number;
    const c2 = s2[idx2] as number;
    const dig1 = isDigit(c1);
    const dig2 = isDigit(c2);
    if (dig1 !== dig2) return dig1; // digits before other characters
    if (!dig1) {
      if (c1 !== c2) return c1 < c2;
      idx1++;
      idx2++;
      continue;
    }
    while (idx1 < s1.length && s1[idx1] === 0x30) idx1++;
    while (idx2 < s2.length && s2[idx2] === 0x30) idx2++;
    const nonZero1 = idx1;
    const nonZero2 = idx2;
    while (idx1 < s1.length && isDigit(s1[idx1])) idx1++;
    while (idx2 < s2.length && isDigit(s2[idx2])) idx2++;
    const len1 = idx1 - nonZero1;
    const len2 = idx2 - nonZero2;
    if (len1 !== len2) return len1 < len2;
    const nr1 = s1.subarray(nonZero1, idx1).toString('latin1');
    const nr2 = s2.subarray(nonZero2, idx2).toString('latin1');
    if (nr1 !== nr2) return nr1 < nr2;
    if (nonZero1 !== nonZero2) return nonZero1 < nonZero2;
  }
  return s1.length < s2.length;
}

/** Go's string < : byte order of the UTF-8 encodings. */
export function goStringLess(a: string, b: string): boolean {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')) < 0;
}
