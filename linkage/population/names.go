package population

// Names and places of the Federation, common ones first: a person's name is drawn with
// weights falling with its rank, so a few surnames are everywhere and most are rare, as in
// the registry.

var femaleNames = []string{"Mary", "Patricia", "Joan", "Veronica", "Marcia", "Gloria", "Sonia", "Yvonne", "Beverly",
	"Grace", "Althea", "Carmen", "Delia", "Esther", "Faith", "Hyacinth", "Ivy", "Janelle", "Lorna", "Monique",
	"Natalie", "Olive", "Rosalind", "Thelma", "Una", "Zelma", "Claudette", "Merline", "Amelia", "Shanice", "Keisha",
	"Elaine", "Lynette", "Sandra", "Cynthia", "Dorothy", "Euphemia", "Florence", "Geraldine", "Hortense", "Iris",
	"Jacqueline", "Kathleen", "Lucille", "Margaret", "Norma", "Ophelia", "Pearline", "Rita", "Sheila", "Theresa",
	"Vernice", "Wilhelmina", "Angela", "Bernadette", "Celestine", "Dahlia", "Eulalie", "Gwendolyn", "Hazel",
	"Icilda", "Josephine", "Kimberly", "Leonie", "Maxine", "Nadine", "Paulette", "Rhonda", "Shirley", "Tamika",
	"Valerie", "Winifred", "Alicia", "Brenda", "Charmaine", "Donna", "Edwina", "Francine", "Gail", "Heather",
	"Imogene", "Jennifer", "Karen", "Lisa", "Melissa", "Nicole", "Pamela", "Rochelle", "Sharon", "Tricia",
	"Vanessa", "Wendy", "Antoinette", "Barbara", "Cheryl", "Desiree", "Evadne", "Felicia", "Glenda", "Hilda"}

var maleNames = []string{"John", "Michael", "Joseph", "Leroy", "Errol", "Winston", "Kendall", "Dwayne", "Clement",
	"Desmond", "Elvis", "Franklyn", "Glenroy", "Horace", "Ivor", "Jerome", "Kelvin", "Lennox", "Marvin", "Nigel",
	"Oswald", "Percival", "Rupert", "Sylvester", "Trevor", "Vernon", "Alphonso", "Basil", "Cuthbert", "Denzil",
	"Egbert", "Fitzroy", "Anthony", "Brian", "Carlton", "Dennis", "Edward", "Frederick", "George", "Henry",
	"Irvin", "James", "Keith", "Lloyd", "Maurice", "Neville", "Orville", "Patrick", "Reginald", "Samuel",
	"Thomas", "Vincent", "Wilfred", "Austin", "Bertram", "Cecil", "Donald", "Everton", "Felix", "Gregory",
	"Hubert", "Ishmael", "Julian", "Kenrick", "Lester", "Milton", "Noel", "Owen", "Peter", "Ralph", "Stanley",
	"Timothy", "Victor", "Walter", "Alvin", "Byron", "Calvin", "Delroy", "Eustace", "Fenton", "Gilbert", "Harold",
	"Ignatius", "Joel", "Kirk", "Lionel", "Mervyn", "Nathaniel", "Osbert", "Phillip", "Randolph", "Sheldon",
	"Terrence", "Ulric", "Wendell", "Andre", "Conrad", "Derrick", "Elroy", "Garfield"}

var surnames = []string{"Williams", "Browne", "Liburd", "Francis", "Richards", "Phillip", "Hodge", "Maynard",
	"Harris", "Jeffers", "Connor", "Huggins", "Skerritt", "Hector", "Isaac", "Morton", "Nisbett", "Warner",
	"Wilkes", "Douglas", "Amory", "Byron", "Claxton", "Daniel", "Esdaille", "Fahie", "Gumbs", "Hanley", "Kelly",
	"Lake", "Mills", "Pemberton", "Queeley", "Rawlins", "Sutton", "Tross", "Walwyn", "Yearwood", "Powell",
	"Henry", "James", "Thomas", "Martin", "Jones", "Matthew", "Herbert", "Archibald", "Bridgewater", "Caines",
	"Dore", "Freeman", "Greaux", "Hendrickson", "Lawrence", "Manners", "Mitcham", "Parris", "Pinney", "Prentice",
	"Stapleton", "Tyson", "Wallace", "Webbe", "Weekes", "Wigley", "Condor", "Liddie", "Boddie", "Brandy",
	"Challenger", "Dasent", "Elliott", "Flanders", "Grant", "Hamilton", "Jacobs", "Kirwan", "Lescott", "Marshall",
	"Nicholls", "Ottley", "Pereira", "Rogers", "Sergeant", "Taylor", "Vanterpool", "Wattley", "Abbott", "Benjamin",
	"Chiverton", "Duporte", "Evelyn", "Fleming", "Glasford", "Hazel", "Jackson", "Knight", "Lloyd", "Moven",
	"Newton", "Olivacce", "Pencheon", "Ramsay", "Samuel", "Tuckett", "Udall", "Veira", "Warde", "Baker",
	"Carty", "Dublin", "Edwards", "Farrell", "Gordon", "Hobson", "Ible", "Joseph", "Kawaja", "Leader", "Mussington"}

// surnameSyllables make the long tail of rare surnames a real registry has beside its
// common ones.
var surnameSyllables = []string{"ab", "bel", "car", "dan", "el", "fen", "gar", "hol", "ing", "jer", "kel", "lin", "mor",
	"nor", "ol", "pen", "quin", "ros", "sel", "tor", "ull", "ver", "wal", "yar", "ash", "brook", "cott", "dale"}

var endings = []string{"ton", "ley", "son", "by", "field", "well", "ham", "wood", "er", "ford", "man", "ville"}

// givenSyllables and the endings of each sex make the given names a registry gains as
// parents choose new ones (Keshania, Jamarion): most children bear a common name, yet a
// large registry holds thousands of names.
var givenSyllables = []string{"sha", "ke", "la", "de", "ja", "ta", "ni", "ro", "mar", "jo", "tre", "ky", "da", "le",
	"an", "al", "ver", "er", "cal", "bri", "ty", "zi", "qua", "ren", "lyn", "mo", "ca", "shan"}

var femaleEndings = []string{"a", "ia", "ette", "ine", "elle", "isha", "ika", "ene", "anne", "ice", "yn", "ona"}

var maleEndings = []string{"on", "el", "ard", "ick", "roy", "ton", "ius", "an", "ell", "ley", "vin", "us"}

// Districts are the fourteen parishes, most populous first.
var districts = []string{"Saint George Basseterre", "Saint Peter Basseterre", "Saint Mary Cayon",
	"Saint Paul Charlestown", "Trinity Palmetto Point", "Saint John Capisterre", "Saint Anne Sandy Point",
	"Christ Church Nichola Town", "Saint George Gingerland", "Saint John Figtree", "Saint James Windward",
	"Saint Thomas Middle Island", "Saint Paul Capisterre", "Saint Thomas Lowland"}

var birthPlaces = []string{"Joseph N. France General Hospital, Basseterre", "Alexandra Hospital, Charlestown",
	"Pogson Medical Centre, Sandy Point", "Mary Charles Hospital, Molineux", "Cayon Street, Basseterre",
	"Old Road Village", "Dieppe Bay Town", "Tabernacle Village", "Cotton Ground, Nevis", "Brown Hill, Nevis"}

var causes = []string{"Cardiac arrest", "Diabetes mellitus", "Pneumonia", "Hypertensive heart disease",
	"Cerebrovascular accident", "Renal failure", "Old age", "Prostate cancer", "Septicaemia", "Asthma"}

var churches = []string{"St. George's Anglican Church, Basseterre", "Immaculate Conception Cathedral, Basseterre",
	"Wesley Methodist Church, Basseterre", "St. Paul's Anglican Church, Charlestown", "Moravian Church, Bethesda",
	"Registrar's Office, Basseterre"}

var officiants = []string{"Rev. Canon Leroy Hodge", "Rev. Father Michael Browne", "Pastor Errol Liburd",
	"Rev. Dr. Claudette Maynard", "Marriage Officer Joan Williams", "Rev. Canon Percival Huggins"}
