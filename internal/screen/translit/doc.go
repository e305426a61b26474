// Package translit turns names written in other scripts into Latin letters
// and knows which Latin spellings of Chinese syllables are the same
// syllable in another romanization.
//
// Sources, one per table (each entry can be traced to them):
//
//   - Han → Mandarin pinyin: github.com/mozillazg/go-pinyin (its dictionary
//     is derived from the Unicode Han Database, kHanyuPinyin/kMandarin);
//     surname readings of polyphonic characters (单 Shan, 曾 Zeng, 仇 Qiu,
//     解 Xie, 区 Ou, 朴 Piao, …) from the surname readings given in the
//     Xiandai Hanyu Cidian (Contemporary Chinese Dictionary, 7th ed.) and the
//     Tongyong Guifan Hanzi Biao (2013), as listed in surnames.go.
//   - Han → Cantonese, telegraph codes, traditional → simplified: the
//     Unicode Han Database (Unihan, Unicode 15.0; kCantonese Jyutping,
//     kMainlandTelegraph/kTaiwanTelegraph, kSimplifiedVariant), generated
//     into unihan.txt by gen_unihan.go.
//   - Jyutping → Hong Kong Government Cantonese Romanisation (the spelling
//     used for personal names on Hong Kong identity cards): initial by
//     initial and final by final from Jyutping (Linguistic Society of Hong
//     Kong, 1993), with the customary alternatives (ch/ts, s/sh, u/oo,
//     ei/ee, au/ow), in cantonese.go.
//   - Pinyin → Wade–Giles: the syllable correspondence of the Library of
//     Congress Pinyin conversion tables (ALA-LC romanization, 2000), in
//     wadegiles.go; apostrophes and umlauts dropped, as passports do.
//   - Cyrillic: ICAO Doc 9303 Part 3 (machine-readable travel documents)
//     transliteration, with Ukrainian, Belarusian and Mongolian letters;
//     Greek: ELOT 743 / ISO 843; Arabic and Persian: the consonant values of
//     the UNGEGN/BGN-PCGN romanization, vowels omitted as the script omits
//     them; Hangul: Revised Romanization of Korean (2000); Armenian: ISO
//     9985 without diacritics; Georgian: the national romanization system
//     (2002); kana: modified Hepburn.
package translit
