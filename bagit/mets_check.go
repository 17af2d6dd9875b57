package bagit

// METSCheck is what the METS documents of a civreg bag say of it.
type METSCheck struct {
	Documents int      `json:"documents"`
	Files     int      `json:"files"`
	Problems  []string `json:"problems"`
}

func (c *check) metsCheck() *METSCheck { return nil }
