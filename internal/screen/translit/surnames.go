package translit

// surnameReadings gives the reading of characters and two-character
// compound surnames whose reading as a surname differs from their most
// common reading, or that go-pinyin reads otherwise. Source: the surname
// (姓) readings in the Xiandai Hanyu Cidian (7th ed., 2016) and the
// Tongyong Guifan Hanzi Biao (2013); keys are simplified characters
// (traditional forms are folded to simplified first).
var surnameReadings = map[string]string{
	"单": "shan", "曾": "zeng", "仇": "qiu", "解": "xie", "区": "ou",
	"朴": "piao", "查": "zha", "盖": "ge", "繁": "po", "乐": "yue",
	"翟": "zhai", "覃": "qin", "缪": "miao", "秘": "bi", "种": "chong",
	"员": "yun", "能": "nai", "宿": "su", "祭": "zhai", "句": "gou",
	"召": "shao", "折": "she", "车": "che", "角": "jue", "万": "wan",
	"尉": "wei", "沈": "shen", "薄": "bo", "长": "chang", "重": "chong",
	"哈": "ha", "华": "hua", "任": "ren", "燕": "yan", "纪": "ji",
	"贲": "ben", "隗": "wei", "洗": "xian", "冼": "xian", "适": "kuo",
	"尉迟": "yuchi", "万俟": "moqi", "长孙": "zhangsun", "欧阳": "ouyang",
	"司马": "sima", "诸葛": "zhuge", "上官": "shangguan", "司徒": "situ",
	"东方": "dongfang", "皇甫": "huangfu", "令狐": "linghu", "夏侯": "xiahou",
	"慕容": "murong", "宇文": "yuwen", "公孙": "gongsun", "澹台": "tantai",
	"单于": "chanyu", "呼延": "huyan", "端木": "duanmu", "轩辕": "xuanyuan",
}

// commonSurnames are the most frequent Chinese surnames in pinyin: the
// first 100 of the Ministry of Public Security's 2020 household-register
// ranking (《二〇二〇年全国姓名报告》), plus the compound surnames above.
// They decide whether a Latin-script name looks Chinese (to split fused
// given names such as "Jinping").
var commonSurnames = []string{
	"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou",
	"xu", "sun", "ma", "zhu", "hu", "guo", "he", "lin", "gao", "luo",
	"zheng", "liang", "xie", "song", "tang", "han", "feng", "deng", "cao", "peng",
	"zeng", "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang", "yu", "du",
	"ye", "cheng", "wei", "su", "lv", "ding", "ren", "lu", "yao", "shen",
	"zhong", "cui", "tan", "fan", "wan", "liao", "shi", "jin", "jia", "xia",
	"fu", "fang", "zou", "xiong", "bai", "meng", "qin", "qiu", "hou", "yin",
	"xue", "yan", "duan", "lei", "long", "tao", "mao", "hao", "gu", "gong",
	"shao", "qian", "dai", "mo", "kong", "xiang", "chang", "kang", "yi", "qiao",
	"lai", "wen", "hong", "xin", "ke", "zhuang", "mai", "guan", "ou", "shan",
}
