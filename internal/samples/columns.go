package samples

import (
	"strings"

	"civreg"
)

// column is one column of a register: the wordings printers gave its heading, how wide it is
// against the others, and what an entry writes in it.
type column struct {
	headings []string // the General Register Office wording first, then other printers'
	short    []string // abbreviations, for narrow columns
	weight   float64
	text     func(e *entry, row int, sep string) string // row 1 is the bride's; sep joins a combined cell's parts
	sign     bool                                       // the registrar signs here
	centred  bool
}

func field(key string) func(*entry, int, string) string {
	return func(e *entry, row int, _ string) string {
		if row > 0 {
			return ""
		}
		return e.printed[key]
	}
}

// whenAndWhere is the combined cell: the date on its first line, the place after it.
func whenAndWhere(dateKey, placeKey string) func(*entry, int, string) string {
	return func(e *entry, _ int, _ string) string { return e.printed[dateKey] + "\n" + e.printed[placeKey] }
}

// informant is "Signature, description and residence of informant": name, relation, residence.
func informant(e *entry, _ int, sep string) string {
	return strings.Join([]string{e.printed["informant_name"], e.extra["relation"], e.extra["residence"]}, sep)
}

func extra(key string) func(*entry, int, string) string {
	return func(e *entry, _ int, _ string) string { return e.extra[key] }
}

// side writes the bridegroom's value on the first row and the bride's on the second.
func side(groom, bride string) func(*entry, int, string) string {
	return func(e *entry, row int, _ string) string {
		if row == 0 {
			return e.printed[groom]
		}
		return e.printed[bride]
	}
}

// sideWord is side for the columns that carry no field: key is "condition", "rank" ...
func sideWord(key string) func(*entry, int, string) string {
	return func(e *entry, row int, _ string) string {
		if row == 0 {
			return e.extra["groom_name."+key]
		}
		return e.extra["bride_name."+key]
	}
}

var numberColumn = column{headings: []string{"No.", "No.", "Entry No."}, short: []string{"No."}, weight: 0.55,
	text: field("registration_number"), centred: true}

var registrarColumn = column{headings: []string{"Signature of registrar", "Signature of Registrar", "Registrar"},
	short: []string{"Sig. of Registrar", "Registrar"}, weight: 1.1, text: func(*entry, int, string) string { return "" }, sign: true}

var informantColumn = column{headings: []string{"Signature, description and residence of informant",
	"Signature, Description and Residence of Informant", "Informant", "Name of Informant"},
	short: []string{"Sig., descr. & resid. of informant", "Signature, description & residence of informant"}, weight: 1.9, text: informant}

var registeredColumn = column{headings: []string{"When registered", "When Registered", "Date of Registration", "Date registered"},
	short: []string{"When regd.", "When registered"}, weight: 1.25, text: field("registration_date")}

// groColumns are the General Register Office's columns, per record type, in their printed order.
var groColumns = map[civreg.RecordType][]column{
	civreg.Birth: {
		numberColumn,
		{headings: []string{"When and where born", "When and Where Born"}, short: []string{"When & where born"}, weight: 1.7,
			text: whenAndWhere("date_of_birth", "place_of_birth")},
		{headings: []string{"Name, if any", "Name (if any)", "Name, if any", "Name of Child"}, short: []string{"Name, if any"}, weight: 1.4,
			text: field("child_name")},
		{headings: []string{"Sex"}, short: []string{"Sex"}, weight: 0.55, text: field("sex"), centred: true},
		{headings: []string{"Name and surname of father", "Name and Surname of Father", "Father's Name"},
			short: []string{"Name & surname of father"}, weight: 1.4, text: field("father_name")},
		{headings: []string{"Name, surname and maiden surname of mother", "Name, Surname and Maiden Surname of Mother",
			"Name and maiden surname of mother"}, short: []string{"Name, surname & maiden surname of mother"}, weight: 1.8,
			text: field("mother_name")},
		informantColumn, registeredColumn, registrarColumn,
	},
	civreg.Death: {
		numberColumn,
		{headings: []string{"When and where died", "When and Where Died"}, short: []string{"When & where died"}, weight: 1.7,
			text: whenAndWhere("date_of_death", "place_of_death")},
		{headings: []string{"Name and surname", "Name and Surname", "Name of Deceased"}, short: []string{"Name & surname"}, weight: 1.4,
			text: field("deceased_name")},
		{headings: []string{"Sex"}, short: []string{"Sex"}, weight: 0.6, text: field("sex"), centred: true},
		{headings: []string{"Age", "Age", "Age at death"}, short: []string{"Age"}, weight: 0.7, text: field("age"), centred: true},
		{headings: []string{"Occupation", "Rank or profession"}, short: []string{"Occupation"}, weight: 1.1, text: extra("occupation")},
		{headings: []string{"Cause of death", "Cause of Death"}, short: []string{"Cause of death"}, weight: 1.4, text: field("cause_of_death")},
		informantColumn, registeredColumn, registrarColumn,
	},
	civreg.Marriage: {
		numberColumn,
		{headings: []string{"When married", "When Married", "Date of Marriage"}, short: []string{"When married"}, weight: 1.3,
			text: field("date_of_marriage")},
		{headings: []string{"Name and surname", "Name and Surname"}, short: []string{"Name & surname"}, weight: 1.6,
			text: side("groom_name", "bride_name")},
		{headings: []string{"Age"}, short: []string{"Age"}, weight: 0.55, text: side("groom_age", "bride_age"), centred: true},
		{headings: []string{"Condition"}, short: []string{"Condition", "Cond."}, weight: 0.9, text: sideWord("condition")},
		{headings: []string{"Rank or profession", "Rank or Profession"}, short: []string{"Rank or prof."}, weight: 1.0, text: sideWord("rank")},
		{headings: []string{"Residence at the time of marriage", "Residence at the Time of Marriage"},
			short: []string{"Residence at time of marriage"}, weight: 1.4, text: sideWord("residence")},
		{headings: []string{"Father's name and surname", "Father's Name and Surname"}, short: []string{"Father's name & surname"}, weight: 1.4,
			text: sideWord("father")},
		{headings: []string{"Rank or profession of father", "Rank or Profession of Father"}, short: []string{"Rank or prof. of father"},
			weight: 1.1, text: sideWord("father_rank")},
	},
}

// printedLabels are the labels the registry's other forms print for each field.
var printedLabels = map[string][]string{
	"registration_number": {"Registration No.", "Reg. No.", "Entry No.", "No."},
	"registration_date":   {"Date of Registration", "When registered", "Registered on", "Date registered"},
	"child_name":          {"Name of Child", "Child's Name", "Full Name of Child", "Name (if any)"},
	"sex":                 {"Sex"},
	"date_of_birth":       {"Date of Birth", "When born", "Born on"},
	"place_of_birth":      {"Place of Birth", "Where born"},
	"mother_name":         {"Name of Mother", "Mother's Name", "Mother"},
	"father_name":         {"Name of Father", "Father's Name", "Father"},
	"informant_name":      {"Informant", "Name of Informant"},
	"deceased_name":       {"Name of Deceased", "Name and surname", "Deceased"},
	"age":                 {"Age", "Age at death"},
	"date_of_death":       {"Date of Death", "When died"},
	"place_of_death":      {"Place of Death", "Where died"},
	"cause_of_death":      {"Cause of Death"},
	"date_of_marriage":    {"Date of Marriage", "When married"},
	"place_of_marriage":   {"Place of Marriage", "Where married", "Married at"},
	"groom_name":          {"Name of Bridegroom", "Bridegroom", "Groom's Name", "Husband"},
	"groom_age":           {"Age of Bridegroom", "Groom's Age"},
	"bride_name":          {"Name of Bride", "Bride", "Bride's Name", "Wife"},
	"bride_age":           {"Age of Bride", "Bride's Age"},
	"officiant_name":      {"Solemnised by", "Officiating Minister", "Marriage Officer"},
}

// ledgerKeys are a ledger's columns: one field each, one row an entry, marriages included.
var ledgerKeys = map[civreg.RecordType][]string{
	civreg.Birth: {"child_name", "sex", "date_of_birth", "place_of_birth", "father_name", "mother_name", "informant_name",
		"registration_date"},
	civreg.Death: {"deceased_name", "sex", "age", "date_of_death", "place_of_death", "cause_of_death", "informant_name",
		"registration_date"},
	civreg.Marriage: {"date_of_marriage", "groom_name", "groom_age", "bride_name", "bride_age", "place_of_marriage",
		"officiant_name"},
}

// ledgerWeights are the ledger columns' relative widths.
var ledgerWeights = map[string]float64{"registration_number": 0.8, "sex": 0.6, "age": 0.6, "groom_age": 0.6, "bride_age": 0.6, "place_of_birth": 1.6,
	"place_of_death": 1.7, "place_of_marriage": 1.9, "mother_name": 1.5, "cause_of_death": 1.4, "officiant_name": 1.6}

// ledgerColumn is the ledger's column for one field, headed by one of its printed labels.
func ledgerColumn(key string) column {
	w, ok := ledgerWeights[key]
	if !ok {
		w = 1.2
	}
	labels := printedLabels[key]
	return column{headings: labels, short: labels, weight: w, text: field(key), centred: w < 0.7}
}
