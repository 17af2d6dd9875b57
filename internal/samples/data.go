package samples

// Names, places and words of the Federation, for records that read like the registry's own.

var givenFemale = []string{"Amelia", "Grace", "Shanice", "Keisha", "Althea", "Marcia", "Joan", "Beverly", "Carmen", "Delia",
	"Esther", "Faith", "Gloria", "Hyacinth", "Ivy", "Janelle", "Lorna", "Monique", "Natalie", "Olive", "Patricia", "Rosalind",
	"Sonia", "Thelma", "Una", "Veronica", "Yvonne", "Zelma", "Claudette", "Merline"}

var givenMale = []string{"Kendall", "Leroy", "Errol", "Michael", "Dwayne", "Clement", "Desmond", "Elvis", "Franklyn", "Glenroy",
	"Horace", "Ivor", "Jerome", "Kelvin", "Lennox", "Marvin", "Nigel", "Oswald", "Percival", "Rupert", "Sylvester", "Trevor",
	"Vernon", "Winston", "Alphonso", "Basil", "Cuthbert", "Denzil", "Egbert", "Fitzroy"}

var surnames = []string{"Liburd", "Browne", "Williams", "Hodge", "Maynard", "Harris", "Richards", "Phillip", "Connor", "Huggins",
	"Skerritt", "Hector", "Isaac", "Morton", "Nisbett", "Warner", "Wilkes", "Francis", "Douglas", "Amory", "Byron", "Claxton",
	"Daniel", "Esdaille", "Fahie", "Gumbs", "Hanley", "Jeffers", "Kelly", "Lake", "Mills", "Nevis", "Pemberton", "Queeley",
	"Rawlins", "Sutton", "Tross", "Walwyn", "Yearwood", "Powell"}

// Districts is the gazetteer of docs/records.md: the fourteen parishes.
var Districts = []string{
	"Saint George Basseterre", "Saint Peter Basseterre", "Saint Anne Sandy Point", "Christ Church Nichola Town",
	"Saint Mary Cayon", "Saint John Capisterre", "Saint Paul Capisterre", "Saint Thomas Middle Island",
	"Trinity Palmetto Point", "Saint James Windward", "Saint George Gingerland", "Saint John Figtree",
	"Saint Paul Charlestown", "Saint Thomas Lowland",
}

var places = []string{"Joseph N. France General Hospital, Basseterre", "Alexandra Hospital, Charlestown",
	"Pogson Medical Centre, Sandy Point", "Mary Charles Hospital, Molineux", "Cayon Street, Basseterre",
	"Old Road Village", "Dieppe Bay Town", "Tabernacle Village", "Cotton Ground, Nevis", "Brown Hill, Nevis"}

var causes = []string{"Cardiac arrest", "Diabetes mellitus", "Pneumonia", "Hypertensive heart disease", "Cerebrovascular accident",
	"Renal failure", "Old age", "Prostate cancer", "Septicaemia", "Asthma"}

var churches = []string{"St. George's Anglican Church, Basseterre", "Immaculate Conception Cathedral, Basseterre",
	"Wesley Methodist Church, Basseterre", "St. Paul's Anglican Church, Charlestown", "Moravian Church, Bethesda",
	"Registrar's Office, Basseterre"}

var officiants = []string{"Rev. Canon Leroy Hodge", "Rev. Father Michael Browne", "Pastor Errol Liburd",
	"Rev. Dr. Claudette Maynard", "Marriage Officer Joan Williams", "Rev. Canon Percival Huggins"}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
