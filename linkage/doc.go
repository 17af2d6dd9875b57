// Package linkage finds the same person across the registry's records and the same event
// registered twice. It is pure: records in, scored pairs out, no database.
//
// The work runs in three steps, each a Fellegi-Sunter comparison of field agreements
// weighted by how telling they are (a rare surname agreeing counts for more than a common
// one; the frequencies come from the records being linked):
//
//  1. duplicate registrations of one birth (or death, or marriage) are found and marked, so
//     the later registration is not taken for another person;
//  2. each bride and groom is matched with a birth, the age given at marriage checked against
//     the date of birth, and a bride's married surname remembered;
//  3. each death is matched with a birth, the age at death checked against the date of birth,
//     and a woman found under the surname she married into.
//
// Candidate pairs come from blocking keys (phonetic keys of given name and surname, the
// year or decade of birth); a block grown crowded gives way to the same block within the
// registration district, so the work grows with the number of records, not with its square. Pairs scoring above Thresholds.Upper are linked, pairs
// between Lower and Upper go to a person, and the rest are dropped. The thresholds are
// chosen by ChooseThresholds from a measured precision and recall on a generated population
// (package linkage/population), not guessed.
package linkage
