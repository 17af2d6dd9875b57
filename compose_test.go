package civreg_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Command     []string          `yaml:"command"`
		Environment map[string]string `yaml:"environment"`
		Volumes     []string          `yaml:"volumes"`
		DependsOn   map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Healthcheck *struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

// readCompose parses docker-compose.yml.
func readCompose(t *testing.T) composeFile {
	t.Helper()
	b, err := os.ReadFile("docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("docker-compose.yml does not parse: %v", err)
	}
	return c
}

// TestComposeFileHasEveryServiceVolumeAndHealthCheck parses docker-compose.yml (no Docker
// engine runs here) and checks what the deployment relies on.
func TestComposeFileHasEveryServiceVolumeAndHealthCheck(t *testing.T) {
	c := readCompose(t)
	for _, name := range []string{"postgres", "redis", "minio", "meilisearch", "serve", "work", "migrate"} {
		if _, ok := c.Services[name]; !ok {
			t.Errorf("service %s is missing", name)
		}
	}
	for name, s := range c.Services {
		if name != "migrate" && (s.Healthcheck == nil || len(s.Healthcheck.Test) == 0) {
			t.Errorf("service %s has no health check", name)
		}
		for _, v := range s.Volumes {
			vol, _, _ := strings.Cut(v, ":")
			if _, ok := c.Volumes[vol]; !ok {
				t.Errorf("service %s uses volume %s that is not declared", name, vol)
			}
		}
		for dep, d := range s.DependsOn {
			dsvc, ok := c.Services[dep]
			if !ok {
				t.Errorf("service %s depends on unknown %s", name, dep)
			} else if d.Condition == "service_healthy" && dsvc.Healthcheck == nil {
				t.Errorf("service %s waits for %s to be healthy, but it has no health check", name, dep)
			}
		}
	}
	if r := c.Services["redis"]; !strings.Contains(strings.Join(r.Command, " "), "--appendonly yes") {
		t.Errorf("redis runs without append-only persistence: %v", r.Command)
	}
	if m := c.Services["meilisearch"]; !strings.Contains(m.Environment["MEILI_MASTER_KEY"], "${MEILI_MASTER_KEY") {
		t.Errorf("meilisearch master key does not come from the environment: %q", m.Environment["MEILI_MASTER_KEY"])
	}
	for _, name := range []string{"serve", "work"} {
		s := c.Services[name]
		if s.Build == nil || len(s.Command) == 0 || s.Command[0] != name {
			t.Errorf("service %s does not build civreg and run civreg %s: %+v", name, name, s)
		}
		for _, v := range []string{"CIVREG_DATABASE_URL", "CIVREG_REDIS_URL", "CIVREG_MINIO_ENDPOINT", "CIVREG_MINIO_SECRET_KEY", "MEILI_URL"} {
			if s.Environment[v] == "" {
				t.Errorf("service %s lacks %s", name, v)
			}
		}
		if s.DependsOn["migrate"].Condition != "service_completed_successfully" {
			t.Errorf("service %s does not wait for migrate", name)
		}
	}
	if _, err := os.Stat("Dockerfile"); err != nil {
		t.Errorf("Dockerfile: %v", err)
	}
}

// imageCommands is what each pinned image ships that a health check may run, from the images'
// documentation: postgres and redis are Debian with their own clients; MinIO's images have
// had no curl since RELEASE.2023-11-01 (mc is in each); Meilisearch's is Alpine (BusyBox
// wget, no curl). civreg's own image ships what its Dockerfile installs.
var imageCommands = map[string][]string{
	"postgres:":             {"sh", "pg_isready", "psql"},
	"redis:":                {"sh", "redis-cli"},
	"minio/minio:RELEASE.":  {"sh", "mc"},
	"getmeili/meilisearch:": {"sh", "wget"},
}

// TestComposeHealthChecksRunOnlyWhatTheirImageShips fails for a health check that calls a
// program its image lacks (a curl in MinIO's image left serve and work waiting for ever).
func TestComposeHealthChecksRunOnlyWhatTheirImageShips(t *testing.T) {
	c := readCompose(t)
	for name, s := range c.Services {
		if s.Healthcheck == nil || len(s.Healthcheck.Test) < 2 {
			continue
		}
		ships := civregImageCommands(t)
		if s.Build == nil {
			ships = nil
			for prefix, cmds := range imageCommands {
				if strings.HasPrefix(s.Image, prefix) {
					ships = cmds
				}
			}
			if ships == nil {
				t.Errorf("service %s: image %q is not in the table of what images ship", name, s.Image)
				continue
			}
			if strings.HasPrefix(s.Image, "minio/minio:") && s.Image < "minio/minio:RELEASE.2023-11-01" {
				t.Errorf("service %s: %s is older than the table knows", name, s.Image)
			}
		}
		test := s.Healthcheck.Test
		prog := test[1]
		switch test[0] {
		case "CMD-SHELL":
			if !slices.Contains(ships, "sh") {
				t.Errorf("service %s: CMD-SHELL health check but its image has no shell", name)
			}
			prog = strings.Fields(test[1])[0]
			if prog == "kill" || prog == "test" {
				continue // shell builtins
			}
		case "CMD":
		default:
			t.Errorf("service %s: health check %v is neither CMD nor CMD-SHELL", name, test)
			continue
		}
		if !slices.Contains(ships, prog) {
			t.Errorf("service %s: health check runs %s, which its image (%s) does not ship (it has %v)", name, prog, s.Image, ships)
		}
	}
}

// civregImageCommands reads the final stage of the Dockerfile for what civreg's image installs.
func civregImageCommands(t *testing.T) []string {
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	stages := strings.Split(string(b), "\nFROM ")
	final := stages[len(stages)-1]
	cmds := []string{"sh", "civreg"}
	for _, pkg := range []string{"curl", "wget"} {
		if strings.Contains(final, " "+pkg+" ") || strings.Contains(final, " "+pkg+"\n") || strings.Contains(final, " "+pkg+" \\") {
			cmds = append(cmds, pkg)
		}
	}
	return cmds
}
