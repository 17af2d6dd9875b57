package samples

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Words of the registers: how their clerks wrote dates, ages and the columns that have no
// field of their own.

var dayWords = []string{"First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
	"Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth",
	"Twentieth", "Twenty-first", "Twenty-second", "Twenty-third", "Twenty-fourth", "Twenty-fifth", "Twenty-sixth",
	"Twenty-seventh", "Twenty-eighth", "Twenty-ninth", "Thirtieth", "Thirty-first"}

// dateInWords writes a date as the registers do: "Fourteenth March 1987".
func dateInWords(d date) string { return fmt.Sprintf("%s %s %d", dayWords[d.d-1], months[d.m-1], d.y) }

// registerDate writes a date as a register clerk would: usually in words, sometimes with an
// ordinal, now and then with a comma after the month.
func registerDate(rng *rand.Rand, d date) string {
	switch r := rng.IntN(10); {
	case r < 7:
		return dateInWords(d)
	case r < 9:
		return fmt.Sprintf("%d%s %s %d", d.d, ordinal(d.d), months[d.m-1], d.y)
	}
	return fmt.Sprintf("%d%s %s, %d", d.d, ordinal(d.d), months[d.m-1], d.y)
}

// ageAtDeath writes an age as a death register does and gives its stored value: whole years,
// and 0 for an infant whose age is in months or days.
func ageAtDeath(rng *rand.Rand) (value, printed string) {
	switch r := rng.IntN(20); {
	case r == 0:
		n := 1 + rng.IntN(27)
		return "0", fmt.Sprintf("%d %s", n, plural(n, "day"))
	case r == 1:
		n := 1 + rng.IntN(11)
		return "0", fmt.Sprintf("%d %s", n, plural(n, "month"))
	case r < 5:
		n := 1 + rng.IntN(99)
		return fmt.Sprint(n), fmt.Sprint(n)
	}
	n := 1 + rng.IntN(99)
	return fmt.Sprint(n), fmt.Sprintf("%d %s", n, plural(n, "year"))
}

func plural(n int, unit string) string {
	if n == 1 {
		return unit
	}
	return unit + "s"
}

// caps writes s in block capitals, as clerks often did by hand.
func caps(s string) string { return strings.ToUpper(s) }

var villages = []string{"Cayon Street, Basseterre", "Old Road", "Sandy Point", "Dieppe Bay", "Tabernacle", "Molineux",
	"Cotton Ground, Nevis", "Brown Hill, Nevis", "Newcastle, Nevis", "Gingerland, Nevis", "Half Way Tree", "Challengers",
	"Verchilds", "Mansion", "Saddlers", "Ogees", "Lodge", "Conaree", "Keys", "Stapleton, Nevis", "Market Street, Basseterre"}

var birthPlaces = []string{"Joseph N. France General Hospital", "Alexandra Hospital, Charlestown", "Pogson Hospital, Sandy Point",
	"Mary Charles Hospital, Molineux", "Cayon Street, Basseterre", "Old Road", "Dieppe Bay", "Tabernacle", "Cotton Ground, Nevis",
	"Brown Hill, Nevis", "Cunningham Hospital, Basseterre", "Gingerland, Nevis"}

var occupations = []string{"Labourer", "Seamstress", "Fisherman", "Domestic", "Retired Teacher", "Planter", "Shopkeeper",
	"Carpenter", "Mason", "Nurse", "Pensioner", "Clerk", "Driver", "Farmer", "Housewife", "Tailor"}

var ranks = []string{"Labourer", "Carpenter", "Teacher", "Nurse", "Clerk", "Mechanic", "Seamstress", "Fisherman",
	"Civil Servant", "Farmer", "Police Constable", "Shop Assistant", "Mason", "Domestic"}

var deathInformants = []string{"Son", "Daughter", "Widow", "Widower", "Present at the death", "Occupier", "Brother", "Sister"}
