package synth

import "github.com/centinela-aml/centinela/internal/model"

// sdnRole says how a sanctioned name enters the bank.
type sdnRole uint8

const (
	sdnCustomer     sdnRole = iota + 1 // a customer, with KYC
	sdnCounterparty                    // an off-us party in transactions
)

// sdnVariant is a planted sanctioned name: a party that is on the OFAC SDN
// list, recorded by the bank in a form that differs from the list's. These
// are facts about the SDN list published on 2026-08-20 (uid = OFAC entry
// number); the generator needs no list file to plant them.
type sdnVariant struct {
	uid      int      // OFAC SDN entry number
	listed   string   // the name as OFAC lists it
	programs []string // the entry's programs on 2026-08-20
	linkedTo string   // an FTO the entry is linked to, when its own programs lack FTO
	kind     model.PartyKind
	role     sdnRole
	names    []model.Name // how the bank records the party, primary first
	country  string       // where the party comes from or is registered
	how      string       // what makes the bank's form differ from the list
	birth    model.Date   // customers: date of birth, as in the SDN remarks
	docs     []model.IDDocument
	occup    string  // customers: declared occupation
	income   float64 // customers: declared income
}

// sdnVariants are the sanctioned names the generator can plant. The first
// two are always planted when the SANCTIONS rate is positive: one FTO
// designation and one Chinese name in Han characters; the others follow in
// a seeded order. See docs/generator.md.
var sdnVariants = []sdnVariant{
	{
		// OFAC SDN uid 39376, designated a Foreign Terrorist Organization in
		// 2025 (programs FTO, SDGT, ILLICIT-DRUGS-EO14059).
		uid: 39376, listed: "LA NUEVA FAMILIA MICHOACANA",
		programs: []string{"FTO", "SDGT", "ILLICIT-DRUGS-EO14059"},
		kind:     model.Organization, role: sdnCounterparty, country: "MX",
		names: []model.Name{{Full: "La Nueva Familia Michoacana, S.A. de C.V.", Script: model.ScriptLatin, Kind: model.NamePrimary}},
		how:   "the cartel's name used as a Mexican company name: mixed case, legal form S.A. de C.V. added",
	},
	{
		// OFAC SDN uid 26323, "ZHENG, Guanghua" (SDNTK). The bank holds the
		// name in traditional characters (鄭光華 reads Zheng Guanghua in
		// pinyin) with the Hong Kong Cantonese romanization as an alias.
		uid: 26323, listed: "ZHENG, Guanghua", programs: []string{"SDNTK"},
		kind: model.Person, role: sdnCustomer, country: "HK",
		names: []model.Name{
			{Full: "鄭光華", Script: model.ScriptHan, Kind: model.NamePrimary},
			{Full: "Cheng Kwong Wah", Given: "Kwong Wah", Family: "Cheng", Script: model.ScriptLatin, Kind: model.NameAlias},
		},
		how:   "Han characters (traditional) and Cantonese romanization; the list has pinyin only",
		birth: model.NewDate(1955, 11, 4), // DOB in the SDN remarks of 2024-05-03
		docs: []model.IDDocument{ // passport in the SDN remarks of 2024-05-03
			{Type: model.DocPassport, Number: "E51809923", Country: "CN", Issued: model.NewDate(2015, 5, 25), Expires: model.NewDate(2025, 5, 24)},
		},
		occup:  "Import/export trader",
		income: 120000,
	},
	{
		// OFAC SDN uid 20131, "QUINTANA NAVARRO, Maria Teresa" (SDNTK). The
		// SDN remarks of 2024-05-03 give "Linked To: CARTEL DE JALISCO NUEVA
		// GENERACION" (uid 17671, an FTO since 2025), DOB 05 Mar 1971 and
		// C.U.R.P. QUNT710305MJCNVR02.
		uid: 20131, listed: "QUINTANA NAVARRO, Maria Teresa", programs: []string{"SDNTK"},
		linkedTo: "CARTEL DE JALISCO NUEVA GENERACION (uid 17671, FTO)",
		kind:     model.Person, role: sdnCustomer, country: "US",
		names: []model.Name{{Full: "María Teresa Quintana Navarro", Given: "María Teresa", Family: "Quintana Navarro", Script: model.ScriptLatin, Kind: model.NamePrimary}},
		how:   "accents added, natural order; the CURP on file equals the one in the SDN remarks",
		birth: model.NewDate(1971, 3, 5),
		docs: []model.IDDocument{
			{Type: model.DocCURP, Number: "QUNT710305MJCNVR02", Country: "MX"},
		},
		occup:  "Comerciante",
		income: 48000,
	},
	{
		// OFAC SDN uid 41301, "GUO, Chunyan" (ILLICIT-DRUGS-EO14059).
		// 郭春燕 reads Guo Chunyan in pinyin and Kwok Chun Yin in Cantonese.
		uid: 41301, listed: "GUO, Chunyan", programs: []string{"ILLICIT-DRUGS-EO14059"},
		kind: model.Person, role: sdnCustomer, country: "US",
		names: []model.Name{
			{Full: "Kwok Chun Yin", Given: "Chun Yin", Family: "Kwok", Script: model.ScriptLatin, Kind: model.NamePrimary},
			{Full: "郭春燕", Script: model.ScriptHan, Kind: model.NameAlias},
		},
		how:   "Cantonese romanization as the primary name, simplified characters as alias",
		birth: model.NewDate(1983, 4, 15), // DOB in the SDN remarks of 2024-05-03
		docs: []model.IDDocument{ // national ID in the SDN remarks of 2024-05-03
			{Type: model.DocNationalID, Number: "44138119830415242X", Country: "CN", Issued: model.NewDate(2016, 3, 18), Expires: model.NewDate(2036, 3, 18)},
		},
		occup:  "Homemaker",
		income: 0,
	},
	{
		// OFAC SDN uid 25308, "YAN, Xiaobing" (SDNTK). Written in Wade-Giles
		// as a Taiwanese passport would (颜晓兵: Yen Hsiao-ping).
		uid: 25308, listed: "YAN, Xiaobing", programs: []string{"SDNTK"},
		kind: model.Person, role: sdnCounterparty, country: "TW",
		names: []model.Name{{Full: "YEN HSIAO-PING", Script: model.ScriptLatin, Kind: model.NamePrimary}},
		how:   "Wade-Giles romanization of the same characters; the list has pinyin",
	},
	{
		// OFAC SDN uid 13447, "GASTELUM PAYAN, Maria Guadalupe" (SDNTK).
		uid: 13447, listed: "GASTELUM PAYAN, Maria Guadalupe", programs: []string{"SDNTK"},
		kind: model.Person, role: sdnCustomer, country: "US",
		names: []model.Name{{Full: "María Guadalupe Gastélum", Given: "María Guadalupe", Family: "Gastélum", Script: model.ScriptLatin, Kind: model.NamePrimary}},
		how:   "maternal surname dropped, accents added",
		birth: model.NewDate(1949, 8, 30), // DOB in the SDN remarks of 2024-05-03
		docs: []model.IDDocument{ // identifiers in the SDN remarks of 2024-05-03
			{Type: model.DocCURP, Number: "GAPG490830MSLSYD06", Country: "MX"},
			{Type: model.DocRFC, Number: "GAPG4908307H1", Country: "MX"},
		},
		occup:  "Ama de casa",
		income: 0,
	},
	{
		// OFAC SDN uid 41380, "YASON ELECTRONICS TECHNOLOGY CO., LIMITED"
		// (ILLICIT-DRUGS-EO14059).
		uid: 41380, listed: "YASON ELECTRONICS TECHNOLOGY CO., LIMITED", programs: []string{"ILLICIT-DRUGS-EO14059"},
		kind: model.Organization, role: sdnCounterparty, country: "HK",
		names: []model.Name{{Full: "Yason Electronics Technology Company Limited", Script: model.ScriptLatin, Kind: model.NamePrimary}},
		how:   "legal form spelled out (Company Limited for CO., LIMITED)",
	},
	{
		// OFAC SDN uid 54729, "GONZALEZ LOMELI, Jesus" (SDGT,
		// ILLICIT-DRUGS-EO14059).
		uid: 54729, listed: "GONZALEZ LOMELI, Jesus", programs: []string{"SDGT", "ILLICIT-DRUGS-EO14059"},
		kind: model.Person, role: sdnCounterparty, country: "MX",
		names: []model.Name{{Full: "Jesús González Lomelí", Script: model.ScriptLatin, Kind: model.NamePrimary}},
		how:   "natural order with accents",
	},
	{
		// OFAC SDN uid 41716, "WU, Yonghao" (ILLICIT-DRUGS-EO14059).
		// 吳永浩 reads Wu Yonghao in pinyin and Ng Wing Ho in Cantonese.
		uid: 41716, listed: "WU, Yonghao", programs: []string{"ILLICIT-DRUGS-EO14059"},
		kind: model.Person, role: sdnCounterparty, country: "HK",
		names: []model.Name{{Full: "Ng Wing Ho", Script: model.ScriptLatin, Kind: model.NamePrimary}},
		how:   "Cantonese romanization (Wu → Ng, Yong → Wing, Hao → Ho)",
	},
}
