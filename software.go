package civreg

import (
	"runtime/debug"
)

// Software names civreg and its build for PREMIS: the module version, or the commit it was
// built from.
func Software() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown build"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}
