package synth

// Name tables. The Chinese tables give, for each character, its reading in
// Hanyu Pinyin (mainland passports), in the Hong Kong government's
// Cantonese romanization (HKSAR passports and identity cards) and in
// Wade-Giles without tone marks or apostrophes (Taiwanese passports). The
// readings of surnames are the surname readings, which differ from the
// common reading for some characters (单 Shan not Dan, 曾 Zeng not Ceng,
// 仇 Qiu not Chou, 解 Xie not Jie, 区 Ou not Qu).

// hanSurname is a Chinese family name in its scripts and romanizations.
type hanSurname struct {
	simp, trad string // simplified and traditional characters
	pinyin     string // Hanyu Pinyin
	canton     string // Hong Kong Cantonese romanization
	wade       string // Wade-Giles as written in Taiwanese passports
	weight     float64
}

// hanSurnames are common Chinese surnames, weighted roughly by frequency,
// plus the surnames whose surname reading differs from the usual reading.
var hanSurnames = []hanSurname{
	{"王", "王", "Wang", "Wong", "Wang", 7.2},
	{"李", "李", "Li", "Lee", "Li", 7.1},
	{"张", "張", "Zhang", "Cheung", "Chang", 6.8},
	{"刘", "劉", "Liu", "Lau", "Liu", 5.4},
	{"陈", "陳", "Chen", "Chan", "Chen", 4.6},
	{"杨", "楊", "Yang", "Yeung", "Yang", 3.1},
	{"黄", "黃", "Huang", "Wong", "Huang", 2.5},
	{"赵", "趙", "Zhao", "Chiu", "Chao", 2.0},
	{"吴", "吳", "Wu", "Ng", "Wu", 2.0},
	{"周", "周", "Zhou", "Chow", "Chou", 1.9},
	{"徐", "徐", "Xu", "Tsui", "Hsu", 1.3},
	{"孙", "孫", "Sun", "Suen", "Sun", 1.3},
	{"马", "馬", "Ma", "Ma", "Ma", 1.2},
	{"朱", "朱", "Zhu", "Chu", "Chu", 1.2},
	{"胡", "胡", "Hu", "Wu", "Hu", 1.1},
	{"郭", "郭", "Guo", "Kwok", "Kuo", 1.1},
	{"何", "何", "He", "Ho", "Ho", 1.0},
	{"林", "林", "Lin", "Lam", "Lin", 1.0},
	{"罗", "羅", "Luo", "Law", "Lo", 0.9},
	{"高", "高", "Gao", "Ko", "Kao", 0.9},
	{"郑", "鄭", "Zheng", "Cheng", "Cheng", 0.9},
	{"梁", "梁", "Liang", "Leung", "Liang", 0.9},
	{"谢", "謝", "Xie", "Tse", "Hsieh", 0.8},
	{"宋", "宋", "Song", "Sung", "Sung", 0.7},
	{"唐", "唐", "Tang", "Tong", "Tang", 0.7},
	{"许", "許", "Xu", "Hui", "Hsu", 0.7},
	{"韩", "韓", "Han", "Hon", "Han", 0.6},
	{"冯", "馮", "Feng", "Fung", "Feng", 0.6},
	{"邓", "鄧", "Deng", "Tang", "Teng", 0.6},
	{"曹", "曹", "Cao", "Tso", "Tsao", 0.6},
	{"彭", "彭", "Peng", "Pang", "Peng", 0.6},
	{"曾", "曾", "Zeng", "Tsang", "Tseng", 0.5},
	{"肖", "蕭", "Xiao", "Siu", "Hsiao", 0.5},
	{"田", "田", "Tian", "Tin", "Tien", 0.4},
	{"董", "董", "Dong", "Tung", "Tung", 0.4},
	{"潘", "潘", "Pan", "Poon", "Pan", 0.4},
	{"袁", "袁", "Yuan", "Yuen", "Yuan", 0.4},
	{"蔡", "蔡", "Cai", "Choi", "Tsai", 0.4},
	{"蒋", "蔣", "Jiang", "Cheung", "Chiang", 0.4},
	{"余", "余", "Yu", "Yue", "Yu", 0.4},
	{"叶", "葉", "Ye", "Yip", "Yeh", 0.4},
	{"杜", "杜", "Du", "To", "Tu", 0.3},
	{"苏", "蘇", "Su", "So", "Su", 0.3},
	{"吕", "呂", "Lyu", "Lui", "Lu", 0.3},
	{"卢", "盧", "Lu", "Lo", "Lu", 0.3},
	{"钟", "鍾", "Zhong", "Chung", "Chung", 0.3},
	{"邱", "邱", "Qiu", "Yau", "Chiu", 0.3},
	{"严", "嚴", "Yan", "Yim", "Yen", 0.2},
	{"颜", "顏", "Yan", "Ngan", "Yen", 0.1},
	{"邝", "鄺", "Kuang", "Kwong", "Kuang", 0.1},
	{"区", "區", "Ou", "Au", "Ou", 0.1},
	{"单", "單", "Shan", "Sin", "Shan", 0.1},
	{"解", "解", "Xie", "Hai", "Hsieh", 0.05},
	{"仇", "仇", "Qiu", "Sau", "Chiu", 0.05},
}

// hanSyllable is one character of a Chinese given name.
type hanSyllable struct {
	simp, trad string
	pinyin     string
	canton     string
	wade       string
	sex        byte // 'm', 'f' or 'n' (either)
}

// hanGiven are characters common in given names.
var hanGiven = []hanSyllable{
	{"伟", "偉", "wei", "wai", "wei", 'm'},
	{"芳", "芳", "fang", "fong", "fang", 'f'},
	{"娜", "娜", "na", "na", "na", 'f'},
	{"敏", "敏", "min", "man", "min", 'n'},
	{"静", "靜", "jing", "ching", "ching", 'f'},
	{"丽", "麗", "li", "lai", "li", 'f'},
	{"强", "強", "qiang", "keung", "chiang", 'm'},
	{"磊", "磊", "lei", "lui", "lei", 'm'},
	{"军", "軍", "jun", "kwan", "chun", 'm'},
	{"洋", "洋", "yang", "yeung", "yang", 'm'},
	{"勇", "勇", "yong", "yung", "yung", 'm'},
	{"艳", "艷", "yan", "yim", "yen", 'f'},
	{"杰", "傑", "jie", "kit", "chieh", 'm'},
	{"涛", "濤", "tao", "to", "tao", 'm'},
	{"明", "明", "ming", "ming", "ming", 'n'},
	{"超", "超", "chao", "chiu", "chao", 'm'},
	{"秀", "秀", "xiu", "sau", "hsiu", 'f'},
	{"霞", "霞", "xia", "ha", "hsia", 'f'},
	{"平", "平", "ping", "ping", "ping", 'n'},
	{"刚", "剛", "gang", "kong", "kang", 'm'},
	{"华", "華", "hua", "wah", "hua", 'n'},
	{"晓", "曉", "xiao", "hiu", "hsiao", 'n'},
	{"文", "文", "wen", "man", "wen", 'n'},
	{"建", "建", "jian", "kin", "chien", 'm'},
	{"国", "國", "guo", "kwok", "kuo", 'm'},
	{"志", "志", "zhi", "chi", "chih", 'm'},
	{"玉", "玉", "yu", "yuk", "yu", 'f'},
	{"红", "紅", "hong", "hung", "hung", 'f'},
	{"英", "英", "ying", "ying", "ying", 'f'},
	{"家", "家", "jia", "ka", "chia", 'n'},
	{"俊", "俊", "jun", "chun", "chun", 'm'},
	{"德", "德", "de", "tak", "te", 'm'},
	{"美", "美", "mei", "mei", "mei", 'f'},
	{"玲", "玲", "ling", "ling", "ling", 'f'},
	{"慧", "慧", "hui", "wai", "hui", 'f'},
	{"婷", "婷", "ting", "ting", "ting", 'f'},
	{"海", "海", "hai", "hoi", "hai", 'm'},
	{"辉", "輝", "hui", "fai", "hui", 'm'},
	{"宇", "宇", "yu", "yu", "yu", 'm'},
	{"浩", "浩", "hao", "ho", "hao", 'm'},
	{"子", "子", "zi", "tsz", "tzu", 'n'},
	{"欣", "欣", "xin", "yan", "hsin", 'f'},
	{"思", "思", "si", "sze", "ssu", 'n'},
	{"佳", "佳", "jia", "kai", "chia", 'f'},
	{"成", "成", "cheng", "shing", "cheng", 'm'},
	{"荣", "榮", "rong", "wing", "jung", 'n'},
	{"永", "永", "yong", "wing", "yung", 'm'},
	{"小", "小", "xiao", "siu", "hsiao", 'n'},
	{"兵", "兵", "bing", "bing", "ping", 'm'},
	{"光", "光", "guang", "kwong", "kuang", 'm'},
	{"春", "春", "chun", "chun", "chun", 'n'},
	{"燕", "燕", "yan", "yin", "yen", 'f'},
	{"梅", "梅", "mei", "mui", "mei", 'f'},
	{"雪", "雪", "xue", "suet", "hsueh", 'f'},
	{"振", "振", "zhen", "chun", "chen", 'm'},
	{"东", "東", "dong", "tung", "tung", 'm'},
	{"林", "林", "lin", "lam", "lin", 'n'},
	{"鹏", "鵬", "peng", "pang", "peng", 'm'},
	{"琳", "琳", "lin", "lam", "lin", 'f'},
	{"亮", "亮", "liang", "leung", "liang", 'm'},
}

// englishGivenHK are English given names that Hong Kong and diaspora
// Chinese customers often use beside their Chinese names.
var englishGivenHK = map[byte][]string{
	'm': {"Kelvin", "Kenneth", "Raymond", "Calvin", "Eric", "Jason", "Kevin", "Vincent", "Alan", "Terence", "Wilson", "Edmund"},
	'f': {"Winnie", "Cindy", "Vivian", "Grace", "Joyce", "Karen", "Fiona", "Irene", "Jenny", "Tiffany", "Queenie", "Phoebe"},
}

// Hispanic given names. Compound names are common ("José Luis", "María
// Guadalupe"); the generator also combines two names.
var hispanicGiven = map[byte][]string{
	'm': {"José", "Juan", "Luis", "Carlos", "Jesús", "Miguel", "Francisco", "Alejandro", "Jorge", "Ricardo",
		"Fernando", "Roberto", "Eduardo", "Sergio", "Manuel", "Antonio", "Rafael", "Javier", "Martín", "Arturo",
		"Héctor", "Raúl", "Óscar", "Víctor", "Andrés", "Diego", "Emilio", "Gerardo", "Ramón", "Alfredo",
		"Rubén", "Armando", "Enrique", "Ignacio", "Julio", "Saúl", "Adrián", "Iván", "Joaquín", "Ángel"},
	'f': {"María", "Guadalupe", "Ana", "Rosa", "Claudia", "Verónica", "Patricia", "Alejandra", "Gabriela", "Adriana",
		"Leticia", "Sofía", "Daniela", "Fernanda", "Yesenia", "Mónica", "Laura", "Elena", "Lucía", "Isabel",
		"Carmen", "Teresa", "Margarita", "Araceli", "Silvia", "Beatriz", "Lorena", "Norma", "Alma", "Rocío",
		"Graciela", "Esperanza", "Dolores", "Marisol", "Xóchitl", "Itzel", "Ximena", "Valeria", "Paola", "Brenda"},
}

// hispanicCompoundGiven are fixed two-word given names.
var hispanicCompoundGiven = map[byte][]string{
	'm': {"José Luis", "Juan Carlos", "Miguel Ángel", "José Antonio", "Luis Fernando", "Juan Pablo", "José Manuel", "Jesús Alberto", "Carlos Alberto", "Juan José"},
	'f': {"María Guadalupe", "Ana María", "María Fernanda", "María José", "Rosa María", "María del Carmen", "María Elena", "Ana Laura", "María Isabel", "Martha Patricia"},
}

// hispanicSurnames are common Mexican and Central American surnames, with
// their accents.
var hispanicSurnames = []string{
	"García", "Hernández", "Martínez", "López", "González", "Rodríguez", "Pérez", "Sánchez", "Ramírez", "Flores",
	"Gómez", "Torres", "Díaz", "Vázquez", "Cruz", "Morales", "Reyes", "Gutiérrez", "Ortiz", "Ruiz",
	"Jiménez", "Mendoza", "Álvarez", "Castillo", "Romero", "Chávez", "Ramos", "Herrera", "Medina", "Aguilar",
	"Vargas", "Castro", "Guzmán", "Ortega", "Contreras", "Salazar", "Valenzuela", "Sandoval", "Espinoza", "Lara",
	"Domínguez", "Navarro", "Delgado", "Núñez", "Ibarra", "Acosta", "Villarreal", "Treviño", "Cervantes", "Orozco",
	"Montoya", "Rosales", "Zamora", "Valdez", "Ochoa", "Esparza", "Solís", "Cortés", "Luna", "Ávila",
	"Juárez", "Fuentes", "Cabrera", "Carrillo", "Meza", "Robles", "Molina", "Estrada", "Pacheco", "Villegas",
	"Trujillo", "Cisneros", "Arellano", "Mejía", "Peña", "Ponce", "Bautista", "Barajas", "Velázquez", "Zúñiga",
}

// Anglo names.
var angloGiven = map[byte][]string{
	'm': {"James", "Michael", "Robert", "David", "William", "Richard", "Joseph", "Thomas", "Christopher", "Daniel",
		"Matthew", "Anthony", "Mark", "Steven", "Andrew", "Joshua", "Kenneth", "Kevin", "Brian", "Timothy",
		"Ryan", "Jacob", "Gary", "Nicholas", "Eric", "Jonathan", "Stephen", "Larry", "Justin", "Scott",
		"Brandon", "Benjamin", "Samuel", "Gregory", "Patrick", "Tyler", "Aaron", "Nathan", "Zachary", "Dylan"},
	'f': {"Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen",
		"Lisa", "Nancy", "Betty", "Sandra", "Ashley", "Kimberly", "Emily", "Donna", "Michelle", "Carol",
		"Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia", "Amy", "Angela",
		"Emma", "Olivia", "Hannah", "Megan", "Rachel", "Lauren", "Katherine", "Heather", "Julie", "Allison"},
}

var angloSurnames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
	"Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
	"Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker",
	"Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards",
	"Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed",
	"Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks",
	"Bennett", "Gray", "Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster", "Sullivan",
}

// otherGroup is a smaller community of the region, with its names and the
// country its immigrants come from. native gives the names in their own
// script where the community uses one (Korean Hangul, Russian Cyrillic,
// Vietnamese with diacritics), index-aligned with given and family.
type otherGroup struct {
	country      string
	weight       float64
	givenM       []string
	givenF       []string
	family       []string
	nativeGivenM []string
	nativeGivenF []string
	nativeFamily []string
	familyFirst  bool // the native form puts the family name first
}

var otherGroups = []otherGroup{
	{country: "VN", weight: 0.25,
		givenM:       []string{"Minh", "Tuan", "Hung", "Long", "Nam", "Hai", "Quang", "Duc"},
		givenF:       []string{"Lan", "Huong", "Linh", "Thao", "Mai", "Ngoc", "Trang", "Hoa"},
		family:       []string{"Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do"},
		nativeGivenM: []string{"Minh", "Tuấn", "Hùng", "Long", "Nam", "Hải", "Quang", "Đức"},
		nativeGivenF: []string{"Lan", "Hương", "Linh", "Thảo", "Mai", "Ngọc", "Trang", "Hoa"},
		nativeFamily: []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"},
		familyFirst:  true},
	{country: "KR", weight: 0.2,
		givenM:       []string{"Min-jun", "Ji-ho", "Jae-won", "Hyun-woo", "Sung-min", "Dong-hyun"},
		givenF:       []string{"Seo-yeon", "Ha-eun", "Soo-jin", "Eun-ji", "Ji-young", "Hye-jin"},
		family:       []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon"},
		nativeGivenM: []string{"민준", "지호", "재원", "현우", "성민", "동현"},
		nativeGivenF: []string{"서연", "하은", "수진", "은지", "지영", "혜진"},
		nativeFamily: []string{"김", "이", "박", "최", "정", "강", "조", "윤"},
		familyFirst:  true},
	{country: "PH", weight: 0.2,
		givenM: []string{"Mark", "Jerome", "Rodel", "Jonathan", "Ramon", "Paolo", "Jun", "Emmanuel"},
		givenF: []string{"Maria Cristina", "Angelica", "Rowena", "Jocelyn", "Marites", "Lorna", "Kristine", "Rhea"},
		family: []string{"Santos", "Reyes", "Cruz", "Bautista", "Mendoza", "Dela Cruz", "Villanueva", "Aquino", "Ramos", "Castillo"}},
	{country: "IN", weight: 0.15,
		givenM: []string{"Rahul", "Amit", "Anil", "Vikram", "Sanjay", "Rohan", "Arjun", "Suresh"},
		givenF: []string{"Priya", "Neha", "Sunita", "Deepa", "Anjali", "Kavita", "Pooja", "Meera"},
		family: []string{"Patel", "Shah", "Singh", "Kumar", "Sharma", "Gupta", "Reddy", "Iyer", "Desai", "Mehta"}},
	{country: "AM", weight: 0.1,
		givenM: []string{"Armen", "Hayk", "Narek", "Tigran", "Vahe", "Gevorg"},
		givenF: []string{"Ani", "Lilit", "Gohar", "Anahit", "Mariam", "Nare"},
		family: []string{"Petrosyan", "Sargsyan", "Hakobyan", "Grigoryan", "Avetisyan", "Harutyunyan", "Karapetyan"}},
	{country: "LB", weight: 0.05,
		givenM: []string{"Karim", "Sami", "Rami", "Fadi", "Nabil", "Ziad"},
		givenF: []string{"Layla", "Rania", "Nadia", "Maya", "Rima", "Dina"},
		family: []string{"Haddad", "Khoury", "Saade", "Nassar", "Aoun", "Frem", "Karam"}},
	{country: "RU", weight: 0.05,
		givenM:       []string{"Dmitri", "Sergei", "Alexei", "Mikhail", "Andrei", "Pavel"},
		givenF:       []string{"Olga", "Natalia", "Irina", "Tatiana", "Elena", "Svetlana"},
		family:       []string{"Belov", "Orlov", "Zaitsev", "Lebedev", "Gusev", "Vinogradov"},
		nativeGivenM: []string{"Дмитрий", "Сергей", "Алексей", "Михаил", "Андрей", "Павел"},
		nativeGivenF: []string{"Ольга", "Наталья", "Ирина", "Татьяна", "Елена", "Светлана"},
		nativeFamily: []string{"Белов", "Орлов", "Зайцев", "Лебедев", "Гусев", "Виноградов"}},
}
