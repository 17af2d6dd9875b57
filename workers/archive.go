package workers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"

	"civreg"
	"civreg/ocr"
	"civreg/pdfa"

	"github.com/hibiken/asynq"
)

// archiveRecord builds the PDF/A copy of an approved version of a record, verifies it and
// stores it with its SHA-256. Nothing is stored when the copy fails verification or an
// original is missing or changed: the record fails with the reason, for an admin to see.
// Running it again for the same version is safe: the copy is built the same, byte for byte.
func (p *Pipeline) archiveRecord(ctx context.Context, id int64, version int) error {
	rec, err := p.DB.Record(ctx, id)
	if err != nil {
		return err
	}
	if !rec.Status.Rule().Archivable || rec.Version != version {
		return nil // corrected since: the newer version is archived when it is approved
	}
	var buf bytes.Buffer
	written, err := BuildArchive(ctx, p.DB, p.Objects, rec, &buf)
	if err != nil {
		return err
	}
	if failed, err := pdfa.VerifyWritten(buf.Bytes()); err != nil {
		return err
	} else if failed != "" {
		return fmt.Errorf("%w: %w", asynq.SkipRetry, civreg.Errorf(civreg.EINTERNAL, "the PDF/A copy failed verification, so it was not stored: %s", failed))
	}
	sum := sha256.Sum256(buf.Bytes())
	a := civreg.Archive{
		RecordID: id, Version: version, Key: civreg.ArchiveKey(id, version),
		SHA256: hex.EncodeToString(sum[:]), Size: int64(buf.Len()),
		Conformance: written.Conformance, Detail: strings.Join(written.Pages, "; "),
	}
	err = p.Objects.PutNew(ctx, a.Key, bytes.NewReader(buf.Bytes()), a.Size, "application/pdf")
	if errors.Is(err, civreg.ErrObjectExists) {
		// A retry after the copy was stored: it must be the same copy; an archive is never
		// overwritten.
		got, herr := p.hashObject(ctx, a.Key)
		if herr != nil {
			return herr
		}
		if got != a.SHA256 {
			return fmt.Errorf("%w: %w", asynq.SkipRetry, civreg.Errorf(civreg.ECONFLICT,
				"a different PDF/A copy of version %d is already stored at %s (sha256 %s, this build %s); it was kept", version, a.Key, got, a.SHA256))
		}
	} else if err != nil {
		return err
	}
	if err := p.DB.FinishArchive(ctx, a); err != nil {
		return err
	}
	// The index learns the record is archived now; reconcile catches it up if this fails.
	if p.Search != nil {
		if err := p.indexRecord(ctx, id); err != nil {
			p.Log.Warn("index after archiving", slog.Int64("record", id), slog.Any("err", err))
		}
	}
	return nil
}

// BuildArchive writes the PDF/A copy of rec's current version to w: its pages' originals,
// each checked against its recorded SHA-256, with the words read on them.
func BuildArchive(ctx context.Context, db civreg.Records, objects civreg.Objects, rec *civreg.Record, w io.Writer) (*pdfa.Written, error) {
	if rec.ApprovedAt == nil || !rec.Status.Rule().Published {
		return nil, fmt.Errorf("%w: %w", asynq.SkipRetry, civreg.Errorf(civreg.ECONFLICT, "record %d is not approved, so it has no archive copy", rec.ID))
	}
	// A scan of several pages (a register volume) is read and checked once.
	type original struct {
		scan *civreg.Scan
		data []byte
	}
	originals := map[int64]original{}
	var pages []pdfa.Page
	for _, pg := range rec.Pages {
		if rec.Region != nil && pg.Number != rec.EntryPage {
			continue // an entry of a register page: its copy holds the page it stands on
		}
		o, ok := originals[pg.ScanID]
		if !ok {
			scan, err := db.Scan(ctx, pg.ScanID)
			if err != nil {
				return nil, err
			}
			data, err := readOriginal(ctx, objects, scan)
			if err != nil {
				return nil, err
			}
			o = original{scan, data}
			originals[pg.ScanID] = o
		}
		page := pdfa.Page{Scan: o.data, MediaType: o.scan.MediaType, ScanPage: pg.ScanPage}
		if pg.WordsKey != "" {
			r, err := objects.Get(ctx, pg.WordsKey)
			if err != nil {
				return nil, err
			}
			var words civreg.PageWords
			err = json.NewDecoder(r).Decode(&words)
			r.Close()
			if err != nil {
				return nil, fmt.Errorf("workers: words of record %d page %d: %w", rec.ID, pg.Number, err)
			}
			page.Words = &words
		}
		pages = append(pages, page)
	}
	return pdfa.Write(ctx, w, ArchiveDocument(rec), pages)
}

// readOriginal reads an original scan and checks it is still the bytes uploaded.
func readOriginal(ctx context.Context, objects civreg.Objects, scan *civreg.Scan) ([]byte, error) {
	r, err := objects.Get(ctx, scan.ObjectKey)
	if civreg.ErrorCode(err) == civreg.ENOTFOUND {
		return nil, fmt.Errorf("%w: %w", asynq.SkipRetry, civreg.Errorf(civreg.ECORRUPT, "the original scan %q (sha256 %s) is missing from storage", scan.OriginalName, scan.SHA256))
	} else if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("workers: read original %s: %w", scan.ObjectKey, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != scan.SHA256 {
		return nil, fmt.Errorf("%w: %w", asynq.SkipRetry, civreg.Errorf(civreg.ECORRUPT,
			"the original scan %q no longer matches its recorded SHA-256 (%s): it has changed in storage", scan.OriginalName, scan.SHA256))
	}
	return data, nil
}

var isoDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// ArchiveDocument is what the archive copy of a record says about itself.
func ArchiveDocument(rec *civreg.Record) pdfa.Document {
	spec, ok := rec.RecordType.Spec()
	kind := spec.Title
	if !ok {
		kind = "Civil registry"
	}
	ident := rec.Fields["registration_number"].Value
	if ident == "" {
		ident = fmt.Sprintf("civreg record %d", rec.ID)
	}
	var dates []string
	for _, k := range append(civreg.EventDateFields(), "registration_date") {
		// Only a whole date goes into the XMP (a Date there must be one); a value a reviewer
		// left unnormalised stays in the record, not in the archive's metadata.
		if v := rec.Fields[k].Value; isoDate.MatchString(v) && !civreg.IsSensitive(k) {
			dates = append(dates, v)
		}
	}
	return pdfa.Document{
		Title:      fmt.Sprintf("%s record %s%s", kind, ident, entryTitle(rec)),
		Identifier: ident,
		Subject:    fmt.Sprintf("%s record %d, version %d, approved by %s%s; Civil Registry of St Kitts and Nevis", kind, rec.ID, rec.Version, rec.ApprovedBy, entrySubject(rec)),
		Dates:      dates,
		Created:    rec.CreatedAt,
		Modified:   *rec.ApprovedAt,
		Key:        fmt.Sprintf("record %d version %d", rec.ID, rec.Version),
	}
}

// entryTitle names the entry in the copy's title when the record is one entry of a register
// page: the page holds other records too. pdfa.Document has no field of its own for it.
func entryTitle(rec *civreg.Record) string {
	if rec.Region == nil {
		return ""
	}
	return fmt.Sprintf(", entry %d on its page", rec.Entry)
}

// entrySubject says where on the page the entry stands, for a reader of the copy who sees the
// whole page: the band in pixels of the upright page image, and the record owning the page.
func entrySubject(rec *civreg.Record) string {
	if len(rec.Region) != 4 {
		return ""
	}
	g := rec.Region
	return fmt.Sprintf(", entry %d of page %d of scan record %d, region [%d, %d, %d, %d] on the upright page image",
		rec.Entry, rec.EntryPage, rec.PageOwner(), g[0], g[1], g[2], g[3])
}

// ArchiveWords are a page's OCR words as the archive's text layer takes them.
func ArchiveWords(res *ocr.Result) *civreg.PageWords {
	return &civreg.PageWords{Width: res.Width, Height: res.Height, Orientation: res.Orientation, Skew: res.Skew, Words: res.Words, Rules: res.Rules}
}
