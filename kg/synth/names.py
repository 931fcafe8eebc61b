"""Made-up but plausible Chinese names with their pinyin, unique by construction.

A name is a pair of characters picked from a table by its number: the number is
first mixed by an affine permutation (so neighbours do not look alike) and then
read as the index of an ordered pair of distinct characters. Different numbers
give different pairs, so no set of names already used is kept, however many
companies a graph has.
"""

from __future__ import annotations

from dataclasses import dataclass

# characters companies put in their names (字号), with pinyin without tones
BUSINESS_CHARACTERS: tuple[tuple[str, str], ...] = (
    ("华", "hua"), ("嘉", "jia"), ("盛", "sheng"), ("兴", "xing"), ("德", "de"), ("鑫", "xin"),
    ("宏", "hong"), ("泰", "tai"), ("达", "da"), ("丰", "feng"), ("源", "yuan"), ("恒", "heng"),
    ("昌", "chang"), ("隆", "long"), ("瑞", "rui"), ("祥", "xiang"), ("安", "an"), ("康", "kang"),
    ("宇", "yu"), ("星", "xing"), ("辰", "chen"), ("博", "bo"), ("睿", "rui"), ("智", "zhi"),
    ("远", "yuan"), ("航", "hang"), ("海", "hai"), ("天", "tian"), ("力", "li"), ("新", "xin"),
    ("创", "chuang"), ("科", "ke"), ("捷", "jie"), ("驰", "chi"), ("通", "tong"), ("信", "xin"),
    ("诚", "cheng"), ("润", "run"), ("和", "he"), ("美", "mei"), ("锦", "jin"), ("辉", "hui"),
    ("金", "jin"), ("峰", "feng"), ("川", "chuan"), ("江", "jiang"), ("山", "shan"), ("林", "lin"),
    ("森", "sen"), ("明", "ming"), ("光", "guang"), ("阳", "yang"), ("晨", "chen"), ("立", "li"),
    ("正", "zheng"), ("元", "yuan"), ("众", "zhong"), ("联", "lian"), ("合", "he"), ("凯", "kai"),
    ("旭", "xu"), ("腾", "teng"), ("飞", "fei"), ("龙", "long"), ("鹏", "peng"), ("豪", "hao"),
    ("宝", "bao"), ("富", "fu"), ("荣", "rong"), ("永", "yong"), ("长", "chang"), ("久", "jiu"),
    ("乐", "le"), ("欣", "xin"), ("悦", "yue"), ("佳", "jia"), ("益", "yi"), ("中", "zhong"),
    ("东", "dong"), ("亿", "yi"), ("万", "wan"), ("方", "fang"), ("奥", "ao"), ("艾", "ai"),
    ("英", "ying"), ("杰", "jie"), ("俊", "jun"), ("雅", "ya"), ("卓", "zhuo"), ("越", "yue"),
    ("精", "jing"), ("利", "li"), ("成", "cheng"), ("顺", "shun"), ("吉", "ji"), ("庆", "qing"),
    ("福", "fu"), ("惠", "hui"), ("泽", "ze"), ("汇", "hui"), ("聚", "ju"), ("鼎", "ding"),
    ("晟", "sheng"), ("璟", "jing"), ("翔", "xiang"), ("拓", "tuo"), ("蓝", "lan"), ("青", "qing"),
)

# characters of place names (地名)
PLACE_CHARACTERS: tuple[tuple[str, str], ...] = (
    ("青", "qing"), ("安", "an"), ("江", "jiang"), ("北", "bei"), ("南", "nan"), ("东", "dong"),
    ("西", "xi"), ("城", "cheng"), ("山", "shan"), ("河", "he"), ("川", "chuan"), ("嘉", "jia"),
    ("德", "de"), ("华", "hua"), ("宁", "ning"), ("平", "ping"), ("兴", "xing"), ("阳", "yang"),
    ("丰", "feng"), ("泰", "tai"), ("永", "yong"), ("新", "xin"), ("云", "yun"), ("龙", "long"),
    ("桐", "tong"), ("梁", "liang"), ("璧", "bi"), ("合", "he"), ("松", "song"), ("柏", "bai"),
    ("溪", "xi"), ("湖", "hu"), ("岭", "ling"), ("峡", "xia"), ("州", "zhou"), ("陵", "ling"),
    ("宜", "yi"), ("荣", "rong"), ("昌", "chang"), ("临", "lin"), ("清", "qing"), ("源", "yuan"),
    ("武", "wu"), ("文", "wen"), ("太", "tai"), ("石", "shi"), ("金", "jin"), ("沙", "sha"),
    ("巴", "ba"), ("涪", "fu"), ("黔", "qian"), ("綦", "qi"), ("潼", "tong"), ("开", "kai"),
    ("忠", "zhong"), ("奉", "feng"), ("秀", "xiu"), ("彭", "peng"), ("垫", "dian"), ("渠", "qu"),
)


@dataclass(frozen=True)
class Name:
    zh: str  # the characters, e.g. 嘉华
    pinyin: str  # as written in English, e.g. Jiahua, Xi'an
    slug: str  # for identifiers, e.g. jiahua


def join_pinyin(syllables: list[str]) -> str:
    """Pinyin syllables as one word, with the apostrophe before a, e, o (Xi'an, not Xian)."""
    text = syllables[0]
    for syllable in syllables[1:]:
        text += ("'" if syllable[0] in "aeo" else "") + syllable
    return text.capitalize()


class NameTable:
    """The n-th name of a table of characters: two distinct characters, a third past n*(n-1)."""

    # coprime with any pair count below: an odd prime that divides none of them
    _MULTIPLIER = 7919

    def __init__(self, characters: tuple[tuple[str, str], ...]):
        self.characters = characters
        size = len(characters)
        self.pairs = size * (size - 1)
        if self.pairs % self._MULTIPLIER == 0:
            raise ValueError("the multiplier must be coprime with the number of pairs")

    def name(self, number: int) -> Name:
        size = len(self.characters)
        extra, index = divmod(number, self.pairs)
        if extra > size:
            raise ValueError(f"name table exhausted at {number}")
        mixed = (index * self._MULTIPLIER + 1) % self.pairs
        first, second = divmod(mixed, size - 1)
        if second >= first:
            second += 1  # skip the pair of a character with itself
        picked = [self.characters[first], self.characters[second]]
        if extra:
            picked.append(self.characters[extra - 1])
        zh = "".join(c for c, _ in picked)
        syllables = [p for _, p in picked]
        return Name(zh, join_pinyin(syllables), "".join(syllables))


BUSINESS_NAMES = NameTable(BUSINESS_CHARACTERS)
PLACE_NAMES = NameTable(PLACE_CHARACTERS)
