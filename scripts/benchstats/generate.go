package main

import (
	"civreg"
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// generate writes n records and their fields in two statements. Values come from hashes of
// the record's number, so a run is repeatable: dates over 1930-2019, 2% of event dates
// unreadable, delays from the same day to 20 years, 1% of districts outside the gazetteer,
// ages 0-104 with some in months, causes from a short list, 0.5% duplicates.
func generate(ctx context.Context, conn *pgx.Conn, n int) error {
	quoted := make([]string, len(civreg.Districts))
	for i, d := range civreg.Districts {
		quoted[i] = "'" + strings.ReplaceAll(d, "'", "''") + "'"
	}
	steps := []string{
		`INSERT INTO batches (name, record_type) VALUES ('generated for the statistics benchmark', 'unknown')`,
		fmt.Sprintf(`INSERT INTO records (id, batch_id, record_type, status)
			SELECT g, 1, (ARRAY['birth','death','marriage'])[1 + g %% 3], 'needs_review' FROM generate_series(1, %d) g`, n),
		`SELECT setval('records_id_seq', (SELECT max(id) FROM records))`,
		fmt.Sprintf(`INSERT INTO fields (record_id, key, value, version)
		SELECT r.id, v.key, v.value, 1
		  FROM records r,
		  LATERAL (SELECT date '1930-01-01' + (hashint4(r.id::int) & 32767) AS event,
		                  (ARRAY[0, 3, 10, 30, 31, 60, 200, 365, 366, 900, 1825, 1826, 4000, 7300])[1 + (hashint4(r.id::int + 7) & 1023) %% 14] AS delay,
		                  (ARRAY[%s])[1 + (hashint4(r.id::int + 3) & 1023) %% %d] AS district) d,
		  LATERAL (VALUES
		      (CASE r.record_type WHEN 'birth' THEN 'date_of_birth' WHEN 'death' THEN 'date_of_death' ELSE 'date_of_marriage' END,
		       CASE WHEN r.id %% 50 = 0 THEN '14/03/1987' ELSE to_char(d.event, 'YYYY-MM-DD') END),
		      ('registration_date', to_char(d.event + d.delay, 'YYYY-MM-DD')),
		      ('registration_district', CASE WHEN r.id %% 100 = 1 THEN 'Atlantis' ELSE d.district END),
		      (CASE WHEN r.record_type <> 'marriage' THEN 'sex' END, (ARRAY['M','F'])[1 + r.id %% 2]),
		      (CASE WHEN r.record_type = 'death' THEN 'age' END,
		       CASE WHEN r.id %% 40 = 2 THEN '3 months' ELSE ((hashint4(r.id::int + 11) & 1023) %% 105)::text END),
		      (CASE WHEN r.record_type = 'death' THEN 'cause_of_death' END,
		       (ARRAY['Myocardial infarction','Cerebrovascular accident','Diabetes mellitus','Hypertension','Pneumonia','Carcinoma of the breast','Old age','Road traffic accident','Unknown fever'])[1 + (hashint4(r.id::int + 5) & 1023) %% 9]),
		      (CASE WHEN r.record_type = 'marriage' THEN 'groom_age' END, (18 + (hashint4(r.id::int + 13) & 1023) %% 50)::text),
		      (CASE WHEN r.record_type = 'marriage' THEN 'bride_age' END, (16 + (hashint4(r.id::int + 17) & 1023) %% 45)::text)
		  ) AS v(key, value)
		 WHERE v.key IS NOT NULL`, strings.Join(quoted, ","), len(quoted)),
		`UPDATE records SET duplicate_of = id - 3 WHERE id % 200 = 199`,
		`ANALYZE records`, `ANALYZE fields`,
	}
	for _, sql := range steps {
		if _, err := conn.Exec(ctx, sql); err != nil {
			return fmt.Errorf("%.60s...: %w", strings.TrimSpace(sql), err)
		}
	}
	return nil
}
