package screen

// givenNameGroups are given names that are the same name in other
// languages or as a common short form (hypocorism). Each group is one
// name; a token in a group matches another of the group at
// variantSim. Sources: the equivalents listed for each name in Behind the
// Name (behindthename.com, "related names"), and the English short forms
// of the US Social Security Administration's given-name documentation.
var givenNameGroups = [][]string{
	{"john", "juan", "jean", "johann", "johannes", "hans", "giovanni", "joao", "ivan", "ioan", "jan", "johan", "yohannes"},
	{"michael", "miguel", "michel", "michele", "mikhail", "mihail", "mikael", "mike", "mikel"},
	{"joseph", "jose", "giuseppe", "josef", "iosif", "osip", "joe", "yusuf", "youssef", "yousef", "yosef"},
	{"peter", "pedro", "pierre", "pietro", "petr", "pyotr", "piotr", "pete"},
	{"paul", "pablo", "paolo", "pavel", "paulo"},
	{"george", "jorge", "georges", "giorgio", "georgiy", "georgy", "georgi", "yuri", "yuriy", "jurgen"},
	{"alexander", "alejandro", "alexandre", "alessandro", "aleksandr", "aleksander", "alex", "sasha", "iskandar", "alexandr"},
	{"william", "guillermo", "guillaume", "wilhelm", "bill", "will", "willy"},
	{"robert", "roberto", "bob", "rob", "bobby"},
	{"richard", "ricardo", "riccardo", "rick", "dick"},
	{"charles", "carlos", "carlo", "karl", "carl", "charlie", "chuck"},
	{"james", "jaime", "giacomo", "jacques", "jim", "jimmy", "yakov", "jacob", "jakob", "yaakov", "yaqub", "yaqoub"},
	{"thomas", "tomas", "tommaso", "tom", "foma"},
	{"henry", "enrique", "henri", "enrico", "heinrich", "harry", "hank"},
	{"edward", "eduardo", "edouard", "edoardo", "eduard", "ed", "ted", "eddie"},
	{"theodore", "teodoro", "theodor", "fyodor", "fedor", "ted", "teddy"},
	{"francis", "francisco", "francois", "francesco", "franz", "frank", "paco", "pancho"},
	{"anthony", "antonio", "antoine", "anton", "tony"},
	{"stephen", "steven", "esteban", "etienne", "stefano", "stefan", "stepan", "steve"},
	{"andrew", "andres", "andre", "andrea", "andreas", "andrei", "andrey", "andy"},
	{"nicholas", "nicolas", "nicola", "nikolai", "nikolay", "nicolai", "nick"},
	{"benjamin", "veniamin", "ben", "benny", "bibi"},
	{"daniel", "danilo", "danil", "dan", "danny"},
	{"david", "davide", "davit", "dawood", "dawud", "daoud", "dave"},
	{"samuel", "samuele", "sam"},
	{"abraham", "ibrahim", "avraham", "abram"},
	{"moses", "moises", "moshe", "musa", "moussa"},
	{"solomon", "salomon", "sulayman", "suleiman", "sulaiman", "shlomo"},
	{"mary", "maria", "marie", "mariya", "maryam", "miriam", "mariam"},
	{"elizabeth", "isabel", "isabelle", "elisabeth", "elisabetta", "yelizaveta", "liz", "beth", "betty"},
	{"catherine", "catalina", "caterina", "katharina", "yekaterina", "ekaterina", "kate", "katie", "kathy"},
	{"margaret", "margarita", "marguerite", "margherita", "maggie", "peggy"},
	{"helen", "elena", "helene", "yelena", "ellen"},
	{"anne", "ana", "anna", "hannah", "ann", "annie"},
	{"sergey", "sergei", "sergio", "serge", "serhiy"},
	{"dmitry", "dmitri", "dmitriy", "demetrio", "dimitri", "dimitrios"},
	{"vladimir", "volodymyr", "wladimir", "volodya"},
	{"alexei", "alexey", "aleksei", "aleksey", "alexis", "alejo"},
	{"gregory", "gregorio", "gregoire", "grigory", "grigoriy", "greg"},
	{"lawrence", "lorenzo", "laurent", "lavrenty", "larry"},
	{"matthew", "mateo", "matteo", "matthieu", "matvey", "matthias", "matt"},
	{"mark", "marco", "marcos", "marc", "markus"},
	{"luke", "lucas", "luca", "luc", "luka"},
	{"philip", "felipe", "philippe", "filippo", "filipp", "phil"},
	{"vincent", "vicente", "vincenzo"},
	{"louis", "luis", "luigi", "ludwig", "lewis"},
	{"christopher", "cristobal", "christophe", "cristoforo", "chris"},
	{"joshua", "josue", "yehoshua", "josh"},
	{"elias", "elijah", "ilya", "ilyas", "elie"},
	{"gabriel", "gavriil", "jibril", "gabe"},
	{"mohammed", "muhammad", "mohammad", "mohamed", "mohamad", "muhammed", "mohd", "mehmet", "mamadou"},
	{"ahmed", "ahmad", "ahmet"},
	{"osama", "usama", "usamah"},
	{"omar", "umar", "omer"},
	{"hussein", "husayn", "hussain", "husain", "huseyin"},
	{"hassan", "hasan"},
	{"abdullah", "abdallah", "abdulla"},
}

// variantSim is the similarity of two given names of one group.
const variantSim = 0.85

// givenNameGroup returns the groups a token belongs to, as a bit set; 0
// when none.
func givenNameGroup(tok string) uint64 { return nameGroupIndex[tok] }

var nameGroupIndex = func() map[string]uint64 {
	m := map[string]uint64{}
	for i, g := range givenNameGroups {
		for _, n := range g {
			m[n] |= 1 << uint(i)
		}
	}
	return m
}()

// numberWords are English number words and ordinals, compared as digits in
// organisation names ("Brigade Forty-Four" = "Brigade 44", "First
// International Bank" = "1st International Bank").
var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40,
	"fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}

// specificLegalForms are legal forms precise enough that two different
// ones mean two different companies (Deutsche Bank AG is not Deutsche Bank
// GmbH); generic words such as Co., Ltd., Inc. or Trading do not conflict.
var specificLegalForms = map[string]bool{
	"ag": true, "gmbh": true, "kg": true, "sa": true, "sas": true, "sarl": true, "srl": true, "spa": true, "sl": true,
	"nv": true, "bv": true, "plc": true, "spzoo": true, "jsc": true, "llc": true, "llp": true, "lp": true, "ano": true, "oy": true,
	"ab": true, "as": true, "asa": true, "aps": true, "kk": true, "pte": true, "pty": true, "sdn": true, "bhd": true,
	"tbk": true, "cv": true, "sapi": true, "sab": true, "eirl": true, "sac": true, "saa": true, "fze": true, "fzco": true,
}
