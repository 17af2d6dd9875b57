package civreg

// Districts is the gazetteer of registration districts (docs/records.md): the fourteen
// parishes, in their canonical spelling. A value read close to one of them is stored as it.
var Districts = []string{
	"Saint George Basseterre", "Saint Peter Basseterre", "Saint Anne Sandy Point", "Christ Church Nichola Town",
	"Saint Mary Cayon", "Saint John Capisterre", "Saint Paul Capisterre", "Saint Thomas Middle Island",
	"Trinity Palmetto Point", "Saint James Windward", "Saint George Gingerland", "Saint John Figtree",
	"Saint Paul Charlestown", "Saint Thomas Lowland",
}
