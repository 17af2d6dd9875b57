package civreg_test

import (
	"os"
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

// TestComposeFileHasEveryServiceVolumeAndHealthCheck parses docker-compose.yml (no Docker
// engine runs here) and checks what the deployment relies on.
func TestComposeFileHasEveryServiceVolumeAndHealthCheck(t *testing.T) {
	b, err := os.ReadFile("docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("docker-compose.yml does not parse: %v", err)
	}
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
